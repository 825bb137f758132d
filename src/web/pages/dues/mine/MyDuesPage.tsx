import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Select,
  Skeleton,
  Spin,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  ARREARS_LEVEL_LABELS,
  DUES_CATEGORY_LABELS,
  LAPSE_DECISION_LABELS,
  LEDGER_STATUS_LABELS,
  PAYMENT_KIND_LABELS,
  PAYMENT_METHOD_LABELS,
  type PaymentKind,
  type PaymentMethod,
  ratePercent,
  yuan,
} from '../../../../domain/dues';
import { type MemberDues, useMemberDues } from '../../../api/dues';
import { useMe } from '../../../api/hooks';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDate } from '../../../format';
import { LevelTag, monthRangeText, monthText, StatusTag, yearOptions, yuanText } from '../common';
import '../dues.css';

type Payment = MemberDues['payments'][number];

type Run = MemberDues['runs'][number];

function MonthGrid({ d }: { d: MemberDues }) {
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
function Headline({ d }: { d: MemberDues }) {
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
function RunHistory({ runs }: { runs: Run[] }) {
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

/**
 * 我的党费 (`/me/dues?year=`): the signed-in member's own dues: a headline that agrees with the
 * months (overdue months apart from this month's dues, which are payable within the month), the
 * profile in force and how the monthly amount is reached, the year month by month, the warnings and
 * flags with the branch's decisions, and the payments. Voided entries are not payments: they are not
 * listed, only counted under the list so that the member can ask the branch.
 */
export default function MyDuesPage() {
  const { data: me } = useMe();
  const [year, setYear] = useState(dayjs().year());
  const q = useMemberDues(me?.memberId ?? undefined, year);
  const d = q.data;

  const paymentColumns: ColumnsType<Payment> = [
    { title: '交纳日期', dataIndex: 'paidOn', width: 108, render: fmtDate },
    { title: '所属月份', dataIndex: 'month', width: 96, render: monthText },
    {
      title: '金额',
      dataIndex: 'amountFen',
      width: 90,
      align: 'right',
      render: (v: number) => yuan(v),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 90,
      render: (k: PaymentKind, p) => (
        <>
          <Tag color={k === 'voluntary' ? 'gold' : 'default'}>{PAYMENT_KIND_LABELS[k]}</Tag>
          {p.late ? <Tag color="orange">补交</Tag> : null}
        </>
      ),
    },
    {
      title: '方式',
      dataIndex: 'method',
      width: 80,
      responsive: ['sm'],
      render: (m: PaymentMethod) => PAYMENT_METHOD_LABELS[m],
    },
    {
      title: '经办',
      key: 'by',
      responsive: ['md'],
      render: (_: unknown, p) =>
        [p.collectorName, p.payerName ? `${p.payerName}代交` : null].filter(Boolean).join('，') || '—',
    },
  ];

  if (!me?.memberId) return <Empty description="您的账号未关联党员档案" />;

  return (
    <div className="page">
      <PageHeader
        title="我的党费"
        subtitle={d ? `${d.memberName} · ${d.orgName}` : undefined}
        extra={
          <Select
            value={year}
            onChange={setYear}
            options={yearOptions()}
            style={{ width: 110 }}
            data-testid="my-dues-year"
          />
        }
      />
      {q.error && !d ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : !d ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Spin spinning={q.isPlaceholderData} delay={150}>
          <div className="page">
            <Headline d={d} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={10}>
                <Card title="党费档案" style={{ height: '100%' }}>
                  {d.profile ? (
                    <>
                      <div className="dues-preview">
                        <div className="muted small">每月应交</div>
                        <div className="dues-preview-amount" data-testid="my-dues-monthly">
                          {yuan(d.profile.monthlyFen)} 元
                        </div>
                        <div className="small">{d.profile.explanation}</div>
                      </div>
                      <Descriptions
                        size="small"
                        column={1}
                        items={[
                          { key: 'c', label: '党费类别', children: DUES_CATEGORY_LABELS[d.profile.category] },
                          {
                            key: 'b',
                            label: '月基数',
                            children: d.profile.baseFen === null ? '—' : yuanText(d.profile.baseFen),
                          },
                          {
                            key: 'r',
                            label: '交纳比例',
                            children: d.profile.rateBp === null ? '—' : ratePercent(d.profile.rateBp),
                          },
                          { key: 'e', label: '生效月份', children: monthText(d.profile.effectiveMonth) },
                        ]}
                      />
                      <div className="muted small" style={{ marginTop: 8 }}>
                        {d.rounding.text}
                      </div>
                    </>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="党支部尚未核定您的党费档案" />
                  )}
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card
                  title={`${d.year}年合计${d.currentMonth?.month.startsWith(String(d.year)) ? '（截至本月）' : ''}`}
                  style={{ height: '100%' }}
                >
                  <div className="dues-totals dues-totals-4" style={{ gridTemplateColumns: undefined }}>
                    <div className="summary-card">
                      <div className="summary-title">应交</div>
                      <div className="dues-total-value" data-testid="my-year-expected">
                        {yuan(d.yearTotals.expectedFen)}
                        <span className="summary-unit">元</span>
                      </div>
                    </div>
                    <div className="summary-card">
                      <div className="summary-title">已交</div>
                      <div
                        className="dues-total-value"
                        style={{ color: '#389e0d' }}
                        data-testid="my-year-paid"
                      >
                        {yuan(d.yearTotals.paidFen)}
                        <span className="summary-unit">元</span>
                      </div>
                    </div>
                    <div className="summary-card">
                      <div className="summary-title">未交</div>
                      <div
                        className="dues-total-value"
                        style={{ color: d.yearTotals.balanceFen > 0 ? '#cf1322' : undefined }}
                        data-testid="my-year-balance"
                      >
                        {yuan(d.yearTotals.balanceFen)}
                        <span className="summary-unit">元</span>
                      </div>
                    </div>
                    <div className="summary-card">
                      <div className="summary-title">自愿多交</div>
                      <div className="dues-total-value">
                        {yuan(d.yearTotals.voluntaryFen)}
                        <span className="summary-unit">元</span>
                      </div>
                    </div>
                  </div>
                  <div style={{ marginTop: 20 }}>
                    <div className="muted small">本年收缴进度（已交 ÷ 应交）</div>
                    <Progress
                      percent={
                        d.yearTotals.expectedFen
                          ? Math.min(
                              100,
                              Math.floor((d.yearTotals.paidFen * 1000) / d.yearTotals.expectedFen) / 10,
                            )
                          : 0
                      }
                      strokeColor="#d4380d"
                    />
                    <div className="muted small" style={{ marginTop: 8 }}>
                      未交＝应交−已交，含本月待交。党员应按月交纳党费；因故不能按月交纳的，可以按规定补交；自愿多交的党费单独记账。
                    </div>
                  </div>
                </Card>
              </Col>
            </Row>
            <Card title="逐月情况">
              <MonthGrid d={d} />
            </Card>
            <RunHistory runs={d.runs} />
            <Card title="交纳记录" styles={{ body: { padding: 0 } }}>
              <Table<Payment>
                rowKey="id"
                size="small"
                dataSource={d.payments.filter((p) => !p.voided)}
                columns={paymentColumns}
                pagination={{ pageSize: 12, hideOnSinglePage: true }}
                locale={{
                  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有交纳记录" />,
                }}
                data-testid="my-dues-payments"
              />
              {d.voidedPayments ? (
                <div className="muted small my-dues-voided" data-testid="my-dues-voided">
                  另有 {d.voidedPayments}{' '}
                  笔登记有误、已由党支部作废更正，不计入已交。如有疑问，请与党支部联系。
                </div>
              ) : null}
            </Card>
          </div>
        </Spin>
      )}
    </div>
  );
}
