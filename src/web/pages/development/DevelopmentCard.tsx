import { RiseOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton } from 'antd';
import { Link } from 'react-router';
import { useBoard } from '../../api/development';
import { STAGE_SHORT } from './development';

const STAGES = ['applicant', 'activist', 'candidate', 'probationary'] as const;

/** 发展党员 on the 工作台: the subtree's people by stage, overdue in red, linking to the board. */
export function DevelopmentCard({ orgId }: { orgId: number }) {
  const board = useBoard(orgId);
  const b = board.data;
  const byStage = new Map((b?.stages ?? []).map((s) => [s.stage, s]));
  const overdue = (b?.stages ?? []).reduce((n, s) => n + s.overdue, 0);
  return (
    <Card
      title="发展党员"
      data-testid="home-development"
      extra={
        <Link to={`/development?orgId=${orgId}`}>
          <Button size="small" icon={<RiseOutlined />}>
            发展党员看板
          </Button>
        </Link>
      }
    >
      {!b ? (
        board.error ? (
          <span className="muted">发展党员数据暂时无法加载</span>
        ) : (
          <Skeleton active paragraph={{ rows: 2 }} />
        )
      ) : (
        <div className="cal-totals">
          {STAGES.map((s) => (
            <Link key={s} to={`/development/cases?orgId=${orgId}&stage=${s}&status=active`}>
              <span style={{ color: 'rgba(0,0,0,0.65)' }}>{STAGE_SHORT[s]}</span>{' '}
              <b style={{ fontSize: 16, color: 'rgba(0,0,0,0.88)' }}>{byStage.get(s)?.count ?? 0}</b>
            </Link>
          ))}
          <span>
            本年转正 <b style={{ fontSize: 16 }}>{b.confirmedThisYear}</b>
          </span>
          <span className={overdue ? 'text-danger' : 'text-success'} data-testid="home-development-overdue">
            {overdue ? `逾期未办 ${overdue} 人` : '无逾期'}
          </span>
        </div>
      )}
    </Card>
  );
}
