import { Result } from '../../components/LazyResult';
import { LightButton } from '../../components/light/Light';

/** Shown when rendering a route throws: a plain Chinese message and a way back. */
export function RouteErrorPage() {
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle="页面加载时发生错误，请刷新后重试。如问题持续存在，请联系系统管理员。"
      extra={
        <LightButton primary onClick={() => window.location.assign('/')}>
          返回首页
        </LightButton>
      }
    />
  );
}
