import { Card, Col, Descriptions, Empty, Progress, Row, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  DUES_CATEGORY_LABELS,
  PAYMENT_KIND_LABELS,
  PAYMENT_METHOD_LABELS,
  type PaymentKind,
  type PaymentMethod,
  ratePercent,
  yuan,
} from '../../../../domain/dues';
import { useMemberDues } from '../../../api/dues';
import { useMe } from '../../../api/hooks';
import { MemberApp } from '../../../components/MemberApp';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { monthText, yearOptions, yuanText } from '../common';
import '../dues.css';
import './my-dues.css';
import { Headline, MonthGrid, type Payment, RunHistory } from './MyDuesSections';
import { OnlinePayCard } from './OnlinePayCard';

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
  const isPhone = useIsPhone();

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
    <MemberApp className="page my-dues">
      <PageHeader
        title="我的党费"
        subtitle={d ? `${d.memberName} · ${d.orgName}` : undefined}
        extra={
          <Select
            value={year}
            onChange={setYear}
            options={yearOptions()}
            // In ems: the year stays whole in 大字模式 too.
            style={{ width: '6.5em' }}
            data-testid="my-dues-year"
          />
        }
      />
      <QueryState query={q}>
        {(d) => (
          <div className="page">
            <Headline d={d} />
            <OnlinePayCard />
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
              {isPhone ? (
                <PaymentList payments={d.payments.filter((p) => !p.voided)} />
              ) : (
                <Table<Payment>
                  rowKey="id"
                  size="small"
                  dataSource={d.payments.filter((p) => !p.voided)}
                  columns={paymentColumns}
                  pagination={{ pageSize: 12, hideOnSinglePage: true }}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有交纳记录" />
                    ),
                  }}
                  data-testid="my-dues-payments"
                />
              )}
              {d.voidedPayments ? (
                <div className="muted small my-dues-voided" data-testid="my-dues-voided">
                  另有 {d.voidedPayments}{' '}
                  笔登记有误、已由党支部作废更正，不计入已交。如有疑问，请与党支部联系。
                </div>
              ) : null}
            </Card>
          </div>
        )}
      </QueryState>
    </MemberApp>
  );
}

/** The payments on a phone: one item per payment, nothing wider than the screen. */
function PaymentList({ payments }: { payments: Payment[] }) {
  if (!payments.length)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有交纳记录" style={{ padding: 16 }} />
    );
  return (
    <ul className="member-list my-dues-payment-list" data-testid="my-dues-payments">
      {payments.map((p) => (
        <li className="member-list-item" key={p.id}>
          <div className="member-list-title">
            {monthText(p.month)} · {yuan(p.amountFen)} 元
          </div>
          <div className="member-list-meta">
            <span>{fmtDate(p.paidOn)}</span>
            <span>{PAYMENT_METHOD_LABELS[p.method as PaymentMethod]}</span>
            {p.kind === 'voluntary' ? (
              <Tag color="gold">{PAYMENT_KIND_LABELS[p.kind as PaymentKind]}</Tag>
            ) : null}
            {p.late ? <Tag color="orange">补交</Tag> : null}
            {p.payerName ? <span>{p.payerName}代交</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
