import { HeatMapOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { useCompliance } from '../../api/hooks';
import { MEETING_KIND_COLORS, meetingKindLabel, pct } from './orglife';

/**
 * 组织生活 on the 工作台: this year's completion rate of a scope root's subtree, what was missed,
 * and the items due soonest (with a link to record the meeting).
 */
export function OrgLifeCard({ orgId, canWrite }: { orgId: number; canWrite: boolean }) {
  const compliance = useCompliance(orgId);
  const c = compliance.data;
  return (
    <Card
      title="组织生活"
      data-testid="home-orglife"
      extra={
        <Link to={`/compliance?orgId=${orgId}`}>
          <Button size="small" icon={<HeatMapOutlined />}>
            合规看板
          </Button>
        </Link>
      }
    >
      {!c ? (
        compliance.error ? (
          <span className="muted">组织生活数据暂时无法加载</span>
        ) : (
          <Skeleton active paragraph={{ rows: 3 }} />
        )
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div className="cal-totals">
            <span>
              今年完成率 <b style={{ fontSize: 18 }}>{pct(c.total.rate)}</b>
            </span>
            <span className="text-success">已完成 {c.total.met}</span>
            <span className="text-danger">未完成 {c.total.missed}</span>
            <span className="text-warning">当前待完成 {c.dueTotal}</span>
          </div>
          {c.due.length ? (
            <div className="home-due">
              {c.due.slice(0, 5).map((d) => (
                <div
                  key={`${d.orgId}-${d.ruleId}-${d.periodKey}-${d.subjectId ?? 0}`}
                  className="home-due-row"
                >
                  <Tag color={MEETING_KIND_COLORS[d.meetingKind]} style={{ marginInlineEnd: 0 }}>
                    {meetingKindLabel(d.meetingKind)}
                  </Tag>
                  <Link to={`/orgs/${d.orgId}/orglife`} className="home-due-org">
                    {d.orgName}
                  </Link>
                  <span className="muted small">{d.periodLabel}</span>
                  {d.daysLeft !== null ? (
                    <Tag color={d.daysLeft <= 7 ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                      剩{d.daysLeft}天
                    </Tag>
                  ) : null}
                  {canWrite && d.meetingKind !== 'heart_talk' ? (
                    <Link
                      to={`/meetings/new?orgId=${d.orgId}&kind=${d.meetingKind}${d.subjectId ? `&groupId=${d.subjectId}` : ''}`}
                      className="home-due-act"
                    >
                      <PlusOutlined /> 记录
                    </Link>
                  ) : null}
                </div>
              ))}
            </div>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前没有待完成的组织生活" />
          )}
        </Space>
      )}
    </Card>
  );
}
