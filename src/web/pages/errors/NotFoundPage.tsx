import { useEffect } from 'react';
import { Link } from 'react-router';
import { Result } from '../../components/LazyResult';
import { LightButton } from '../../components/light/Light';

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
          <LightButton primary>返回首页</LightButton>
        </Link>
      }
    />
  );
}
