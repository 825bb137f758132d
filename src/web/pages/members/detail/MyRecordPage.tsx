import { Result } from 'antd';
import { useMe } from '../../../api/hooks';
import { MemberApp } from '../../../components/MemberApp';
import MemberPage from './MemberPage';

/** 我的档案: the signed-in user's own member record, as a member page (type, tap targets, 大字模式). */
export default function MyRecordPage() {
  const { data: me } = useMe();
  if (!me?.memberId) {
    return (
      <MemberApp>
        <Result
          status="info"
          title="未关联党员档案"
          subTitle="您的账号尚未关联党员档案，请联系所在党组织。"
        />
      </MemberApp>
    );
  }
  return (
    <MemberApp>
      <MemberPage memberId={me.memberId} title="我的档案" />
    </MemberApp>
  );
}
