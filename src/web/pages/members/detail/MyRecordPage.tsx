import { Result } from 'antd';
import { useMe } from '../../../api/hooks';
import MemberPage from './MemberPage';

/** 我的档案: the signed-in user's own member record. */
export default function MyRecordPage() {
  const { data: me } = useMe();
  if (!me?.memberId) {
    return (
      <Result status="info" title="未关联党员档案" subTitle="您的账号尚未关联党员档案，请联系所在党组织。" />
    );
  }
  return <MemberPage memberId={me.memberId} title="我的档案" />;
}
