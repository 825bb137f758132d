import { Button, Card, Empty, Progress, Tag } from 'antd';
import { Link } from 'react-router';
import { EXTERNAL_STATUS_LABELS } from '../../../shared/contracts/hours';
import { ITEM_KIND_LABELS } from '../../../shared/contracts/learning';
import { useMyExternal, useMyItemProgress, useMyLedger, useMyStudyItems } from '../../api/hours';
import { MemberApp } from '../../components/MemberApp';
import { QueryState } from '../../components/QueryState';
import { hoursText, minutesText } from './format';
import './study.css';

const STATUS_COLORS = { pending: 'orange', approved: 'green', rejected: 'default' } as const;

/**
 * 学习 (`/my/study`, phone-first): this year's credited 学时 by source, what to study (required
 * first, "已学 x / y"), and the member's external study records with the way to submit one.
 */
export default function MyStudyPage() {
  const items = useMyStudyItems();
  const progress = useMyItemProgress();
  const ledger = useMyLedger();
  const external = useMyExternal();
  const done = new Map((progress.data ?? []).map((p) => [p.itemId, p.seconds]));

  return (
    <MemberApp className="page my-study">
      <Card className="my-card" title="今年已计学时" data-testid="study-totals">
        <QueryState query={ledger} skeletonRows={2}>
          {(l) => (
            <>
              <div className="study-totals">
                <div>
                  <div className="value" data-testid="study-total-online">
                    {hoursText(l.totals.onlineSeconds, l.minutesPerHour)}
                  </div>
                  <div className="label">在线学习</div>
                </div>
                <div>
                  <div className="value">{hoursText(l.totals.classSeconds, l.minutesPerHour)}</div>
                  <div className="label">集中培训</div>
                </div>
                <div>
                  <div className="value">{hoursText(l.totals.externalSeconds, l.minutesPerHour)}</div>
                  <div className="label">其他学习</div>
                </div>
              </div>
              <div className="muted small" style={{ marginTop: 8 }}>
                每学时{l.minutesPerHour}分钟 · 合计 {hoursText(l.totals.totalSeconds, l.minutesPerHour)}{' '}
                学时（在线学习 {minutesText(l.totals.onlineSeconds)}）
              </div>
              {/* Two large links: the target and the points are a tap away, not a small word. */}
              <div className="study-links">
                <Link to="/my/hours" data-testid="study-link-hours">
                  我的学时 · 对照年度目标
                </Link>
                <Link to="/my/points" data-testid="study-link-points">
                  我的积分
                </Link>
              </div>
            </>
          )}
        </QueryState>
      </Card>

      <Card className="my-card" title="学习资料" data-testid="study-list">
        <QueryState query={items} skeletonRows={5}>
          {(r) =>
            r.data.length ? (
              r.data.map((it) => {
                const secs = done.get(it.id) ?? 0;
                const pct = Math.min(100, Math.round((secs / it.lengthSeconds) * 100));
                return (
                  <Link
                    key={it.id}
                    to={`/my/study/items/${it.id}`}
                    className="study-item"
                    data-testid="study-list-item"
                  >
                    <span className="study-item-title">{it.title}</span>
                    <span className="study-item-meta">
                      {it.required ? <Tag color="red">必学</Tag> : null}
                      <span>{ITEM_KIND_LABELS[it.kind]}</span>
                      <span>
                        已学 {Math.floor(secs / 60)} / {Math.ceil(it.lengthSeconds / 60)} 分钟
                      </span>
                      {pct >= 100 ? <Tag color="green">已学完</Tag> : null}
                    </span>
                    <Progress percent={pct} size="small" showInfo={false} strokeColor="#c8161d" />
                  </Link>
                );
              })
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无学习资料" />
            )
          }
        </QueryState>
      </Card>

      <Card
        className="my-card"
        title="其他学习"
        extra={
          <Link to="/my/study/external">
            <Button type="primary" size="small" data-testid="study-external-new">
              提交记录
            </Button>
          </Link>
        }
      >
        <div className="muted small" style={{ marginBottom: 6 }}>
          学习强国、党校培训等，上传截图或证书，经支部审核后计入学时。
        </div>
        <QueryState query={external} skeletonRows={2}>
          {(list) =>
            list.length ? (
              list.slice(0, 5).map((e) => (
                <div key={e.id} className="study-record">
                  <span>
                    {e.title} <Tag color={STATUS_COLORS[e.status]}>{EXTERNAL_STATUS_LABELS[e.status]}</Tag>
                  </span>
                  <span className="muted small">
                    {e.studiedOn} · {minutesText(e.seconds)}
                    {e.decisionNote ? ` · ${e.decisionNote}` : ''}
                  </span>
                </div>
              ))
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有提交过" />
            )
          }
        </QueryState>
      </Card>
    </MemberApp>
  );
}
