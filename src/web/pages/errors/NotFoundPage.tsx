import { Button } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { Result } from '../../components/LazyResult';

export function NotFoundPage() {
  useEffect(() => {
    document.title = '页面不存在 · 基层';
  }, []);
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请检查地址是否正确。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
