import { Alert, Card, Empty, Tag } from 'antd';
import {
  ARREARS_LEVEL_LABELS,
  LAPSE_DECISION_LABELS,
  LEDGER_STATUS_LABELS,
  yuan,
} from '../../../../domain/dues';
import type { MemberDues } from '../../../api/dues';
import { fmtDate } from '../../../format';
import { LevelTag, monthRangeText, monthText, StatusTag } from '../common';

export type Payment = MemberDues['payments'][number];

export type Run = MemberDues['runs'][number];

export function MonthGrid({ d }: { d: MemberDues }) {
  const thisMonth = d.currentMonth?.month;
  if (!d.months.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有党费记录" />;
  return (
    <div className="dues-month-grid" data-testid="my-dues-months">
      {d.months.map((m) => {
        // This month is payable within the month: due, not owed.
        const dueNow = m.month === thisMonth && m.balanceFen > 0;
        return (
          <div
            className={`dues-month dues-month-${dueNow ? 'due' : m.status}`}
            key={m.month}
            data-testid={`my-month-${m.month}`}
            title={`${monthText(m.month)}：${dueNow ? '本月待交' : LEDGER_STATUS_LABELS[m.status]}`}
          >
            <div className="dues-month-name">
              <span>{Number(m.month.slice(5))}月</span>
              {dueNow ? (
                <Tag color="processing" style={{ marginInlineEnd: 0 }}>
                  待交
                </Tag>
              ) : (
                <StatusTag status={m.status} />
              )}
            </div>
            <div className="small">
              {m.month === thisMonth ? (
                <>
                  <span className="muted dues-month-note" data-testid="my-month-note">
                    本月，月内交纳
                  </span>
                  <br />
                </>
              ) : null}
              应交 {m.expectedFen === null ? '—' : yuan(m.expectedFen)}
              <br />
              已交 {yuan(m.paidFen)}
              {m.balanceFen > 0 ? (
                <>
                  <br />
                  <span style={{ color: dueNow ? undefined : '#cf1322' }}>
                    {dueNow ? '待交' : '欠交'} {yuan(m.balanceFen)}
                  </span>
                </>
              ) : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/**
 * The headline: overdue months (before this one) first, then what this month still asks, so that
 * it always agrees with the months below.
 */
export function Headline({ d }: { d: MemberDues }) {
  const now = d.currentMonth;
  const dueNow = now && now.balanceFen > 0 ? now : null;
  const nowText = now ? `${Number(now.month.slice(5))}月` : '';
  if (d.arrears.level) {
    return (
      <Alert
        type={d.arrears.level === 'arrears' ? 'warning' : 'error'}
        showIcon
        data-testid="my-dues-arrears"
        title={
          <span className="my-dues-headline">
            <LevelTag level={d.arrears.level} /> 逾期未交 {d.arrears.owedMonths.length} 个月，共{' '}
            <b>{yuan(d.arrears.arrearsFen)} 元</b>
            {d.arrears.unpaidStreak > 1 ? `，已连续 ${d.arrears.unpaidStreak} 个月未交` : ''}
            {dueNow ? `；另有本月（${nowText}）应交 ${yuan(dueNow.balanceFen)} 元` : ''}。
          </span>
        }
        description={
          <div>
            逾期月份：{d.arrears.owedMonths.map(monthText).join('、')}。
            {d.arrears.level !== 'arrears' ? `${ARREARS_LEVEL_LABELS[d.arrears.level]}。` : ''}
            请尽快向党支部交纳。
            {d.arrears.beyondBackpay.length
              ? `其中 ${d.arrears.beyondBackpay.map(monthText).join('、')} 已超过补交期限，请与党支部联系。`
              : ''}
          </div>
        }
      />
    );
  }
  if (dueNow) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="my-dues-due"
        title={
          <span className="my-dues-headline">
            本月（{nowText}）党费 <b>{yuan(dueNow.balanceFen)} 元</b> 尚未交纳，请在本月内交纳。
          </span>
        }
        description="以前各月均已交纳，没有逾期。"
      />
    );
  }
  if (now?.status === 'unset' || !d.profile) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="my-dues-unset"
        title={<span className="my-dues-headline">党支部尚未核定您的党费，暂无应交金额。</span>}
        description="请与党支部联系，核定党费基数后按月交纳。"
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      data-testid="my-dues-ok"
      title={
        <span className="my-dues-headline">党费已交清{now ? `（含本月${nowText}）` : ''}，没有欠交。</span>
      }
    />
  );
}

/** The member's warnings and flags, kept after the months are paid, with the branch's decisions. */
export function RunHistory({ runs }: { runs: Run[] }) {
  if (!runs.length) return null;
  return (
    <Card title="党费提醒记录" data-testid="my-dues-runs">
      <div className="my-dues-runs">
        {runs.map((r) => (
          <div key={r.id} className="my-dues-run" data-testid={`my-run-${r.level}`}>
            <div>
              <Tag color={r.level === 'lapse' ? 'red' : 'orange'}>
                {r.level === 'lapse' ? '连续6个月未交' : '连续未交提醒'}
              </Tag>
              <b>{monthRangeText(r.firstMonth, r.lastMonth)}</b>，连续 {r.months} 个月未交，应交{' '}
              {yuan(r.expectedFen)} 元{r.ongoing ? '（至今未交）' : ''}
            </div>
            <div className="muted">
              {r.level === 'warning'
                ? r.memberNotifiedAt
                  ? `${fmtDate(r.memberNotifiedAt.slice(0, 10))} 已向您发送提醒`
                  : `${fmtDate(r.detectedOn)} 记录`
                : `${fmtDate(r.detectedOn)} 记录，报党支部研究`}
            </div>
            {r.decision ? (
              <div>
                党支部决定（{fmtDate(r.decision.decidedOn)}）：{LAPSE_DECISION_LABELS[r.decision.decision]}
                {r.decision.deadlineOn ? `，请于 ${fmtDate(r.decision.deadlineOn)} 前改正` : ''}
              </div>
            ) : r.level === 'lapse' ? (
              <div className="muted">待党支部研究决定</div>
            ) : null}
          </div>
        ))}
      </div>
    </Card>
  );
}
