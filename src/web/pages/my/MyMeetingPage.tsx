import { Card } from 'antd';
import { Link, useParams } from 'react-router';
import { useMyMeeting } from '../../api/my';
import { QueryState } from '../../components/QueryState';
import { MeetingCard } from './MeetingCard';

/** One meeting of the member's: the whole agenda, and 参加 / 请假 while it has not started. */
export default function MyMeetingPage() {
  const id = Number(useParams().id);
  const query = useMyMeeting(id);
  return (
    <div data-testid="my-meeting-page">
      <Link to="/my/meetings">‹ 我的会议</Link>
      <QueryState query={query} skeletonRows={6}>
        {(m) => (
          <Card className="my-card">
            <MeetingCard m={m} full />
            {!m.canRespond && new Date(m.startsAt).getTime() > Date.now() ? (
              <p className="muted">会议记录已提交，如需请假请联系支部书记。</p>
            ) : null}
          </Card>
        )}
      </QueryState>
    </div>
  );
}
