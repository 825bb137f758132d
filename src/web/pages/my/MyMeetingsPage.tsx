import { Button, Card, Empty, Segmented } from 'antd';
import { useSearchParams } from 'react-router';
import { useMyMeetings } from '../../api/my';
import { QueryState } from '../../components/QueryState';
import { MeetingCard } from './MeetingCard';

const PAGE_SIZE = 10;

/** 我的会议: the meetings ahead (参加 / 请假) and those held (what the grid recorded). */
export default function MyMeetingsPage() {
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'past' ? 'past' : 'upcoming';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useMyMeetings(scope, page, PAGE_SIZE);
  const go = (next: { scope?: string; page?: number }) => {
    const s = next.scope ?? scope;
    const p = next.page ?? 1;
    setParams(p > 1 ? { scope: s, page: String(p) } : { scope: s }, { replace: true });
  };

  return (
    <div data-testid="my-meetings-page">
      <Segmented
        block
        value={scope}
        onChange={(v) => go({ scope: String(v) })}
        options={[
          { label: '即将召开', value: 'upcoming' },
          { label: '已召开', value: 'past' },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="my-meetings-scope"
      />
      <QueryState query={query} skeletonRows={6}>
        {(r) => (
          <Card className="my-card">
            {r.data.length ? (
              r.data.map((m) => <MeetingCard key={m.id} m={m} />)
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={scope === 'upcoming' ? '近期没有需要参加的会议' : '今年还没有会议记录'}
              />
            )}
            {r.total > PAGE_SIZE ? (
              <div className="my-actions" style={{ marginTop: 12 }}>
                <Button disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
                  上一页
                </Button>
                <Button disabled={page * PAGE_SIZE >= r.total} onClick={() => go({ page: page + 1 })}>
                  下一页
                </Button>
              </div>
            ) : null}
          </Card>
        )}
      </QueryState>
    </div>
  );
}
