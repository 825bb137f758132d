import { Card, Col, Empty, Row, Select, Skeleton, Spin, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { yuan } from '../../../../domain/dues';
import { type DuesSummary, useDuesSummary } from '../../../api/dues';
import { EChart, type EChartOption } from '../../../components/EChart';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param } from '../../../hooks/useUrlFilters';
import { orgKindLabel } from '../../../labels';
import { duesFilterSchema, pctText, useDuesParams, yearOptions } from '../common';
import '../dues.css';

import { RemittancePanel } from './RemittancePanel';

const filterSchema = duesFilterSchema.extend({
  tab: param.oneOf(['collect', 'remit']).default('collect'),
});

type Child = DuesSummary['children'][number];

const fenToYuanNumber = (fen: number) => Math.round(fen) / 100;
const rate100 = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const rateColor = (r: number | null) =>
  r === null ? undefined : r >= 0.95 ? '#389e0d' : r >= 0.8 ? '#d48806' : '#cf1322';

function monthlyOption(s: DuesSummary, phone: boolean): EChartOption {
  return {
    grid: { left: 56, right: 44, top: 40, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: phone ? 10 : 12 } },
    xAxis: {
      type: 'category',
      data: s.months.map((m) => `${Number(m.month.slice(5))}月`),
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      { type: 'value', name: '元', splitLine: { lineStyle: { type: 'dashed' } } },
      {
        type: 'value',
        name: '收缴率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: '应交',
        type: 'bar',
        data: s.months.map((m) => fenToYuanNumber(m.expectedFen)),
        itemStyle: { color: '#d9d9d9' },
        barMaxWidth: 18,
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} 元` : '—') },
      },
      {
        name: '已交',
        type: 'bar',
        data: s.months.map((m) => fenToYuanNumber(m.paidFen)),
        itemStyle: { color: '#d4380d' },
        barMaxWidth: 18,
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} 元` : '—') },
      },
      {
        name: '收缴率',
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 6,
        connectNulls: true,
        data: s.months.map((m) => rate100(m.rate)),
        itemStyle: { color: '#1677ff' },
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      },
    ],
  };
}

function childrenOption(children: Child[], phone: boolean): EChartOption {
  const sorted = [...children].sort((a, b) => (a.rate ?? -1) - (b.rate ?? -1));
  return {
    grid: { left: phone ? 96 : 180, right: 48, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—'),
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: sorted.map((c) => c.orgName),
      axisLabel: { width: phone ? 88 : 170, overflow: 'truncate', fontSize: phone ? 10 : 12 },
    },
    series: [
      {
        name: '收缴率',
        type: 'bar',
        barMaxWidth: 16,
        data: sorted.map((c) => ({
          value: rate100(c.rate),
          orgId: c.orgId,
          itemStyle: { color: rateColor(c.rate) ?? '#bfbfbf' },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number | null }) => (p.value === null ? '—' : `${p.value}%`),
          fontSize: 11,
        },
        cursor: 'pointer',
      },
    ],
  };
}

function Kpis({ s }: { s: DuesSummary }) {
  const t = s.totals;
  const cards = [
    { key: 'expected', title: '应交', value: yuan(t.expectedFen), unit: '元', hint: `${t.members} 名党员` },
    { key: 'paid', title: '已交', value: yuan(t.paidFen), unit: '元', color: '#389e0d' },
    {
      key: 'rate',
      title: '收缴率',
      value: pctText(t.rate),
      color: rateColor(t.rate),
      hint: `${t.unpaidMembers} 人有未交月份`,
    },
    { key: 'voluntary', title: '自愿多交', value: yuan(t.voluntaryFen), unit: '元' },
    {
      key: 'centre',
      title: '全额上缴中央',
      value: yuan(t.toCentreFen),
      unit: '元',
      hint: '大额自愿多交（第十一条）',
    },
    { key: 'warning', title: '提醒人数', value: String(t.warningMembers), unit: '人', color: '#d46b08' },
    { key: 'lapse', title: '待决定人数', value: String(t.lapseMembers), unit: '人', color: '#cf1322' },
  ];
  return (
    <div className="dues-kpis" data-testid="summary-kpis">
      {cards.map((c) => (
        <div className="summary-card" key={c.key} data-testid={`kpi-${c.key}`}>
          <div className="summary-title">{c.title}</div>
          <div className="dues-total-value" style={{ color: c.color }}>
            {c.value}
            {c.unit ? <span className="summary-unit">{c.unit}</span> : null}
          </div>
          {c.hint ? <div className="summary-hint">{c.hint}</div> : null}
        </div>
      ))}
    </div>
  );
}

/**
 * 收缴统计 (`/dues/summary?orgId=&year=&tab=`): the year's collection of a subtree by month and by
 * child org (click a child to drill down), and the remittance ledger with reconciliation.
 */
export default function DuesSummaryPage() {
  const { filters, orgId, year, update } = useDuesParams(filterSchema);
  const isPhone = useIsPhone();
  const { tab } = filters;
  const summary = useDuesSummary(orgId, year);
  const s = summary.data;
  const monthly = useMemo(() => (s ? monthlyOption(s, isPhone) : undefined), [s, isPhone]);
  const byChild = useMemo(
    () => (s?.children.length ? childrenOption(s.children, isPhone) : undefined),
    [s, isPhone],
  );

  // The two charts side by side share one height.
  const chartHeight = isPhone ? 240 : Math.max(300, Math.min((s?.children.length ?? 0) * 28 + 40, 460));
  const childColumns: ColumnsType<Child> = [
    {
      title: '党组织',
      dataIndex: 'orgName',
      ellipsis: true,
      render: (n: string, c) => (
        <a
          href={`/dues/summary?orgId=${c.orgId}&year=${year}`}
          onClick={(e) => {
            e.preventDefault();
            update({ orgId: c.orgId });
          }}
        >
          {n}
        </a>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 110,
      responsive: ['md'],
      render: (k: string) => <Tag>{orgKindLabel(k)}</Tag>,
    },
    { title: '党员', dataIndex: 'members', width: 64, align: 'right' },
    { title: '应交', dataIndex: 'expectedFen', width: 110, align: 'right', render: yuan },
    { title: '已交', dataIndex: 'paidFen', width: 110, align: 'right', render: yuan },
    {
      title: '收缴率',
      dataIndex: 'rate',
      width: 84,
      align: 'right',
      render: (r: number | null) => <b style={{ color: rateColor(r) }}>{pctText(r)}</b>,
    },
    {
      title: '有未交',
      dataIndex: 'unpaidMembers',
      width: 72,
      align: 'right',
      render: (n: number) => `${n}人`,
    },
  ];

  return (
    <div className="page">
      <PageHeader title="收缴统计" subtitle="按年度统计所选党组织及下级组织的党费收缴、上缴与对账情况。" />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="summary-org"
        />
        <Select
          value={year}
          onChange={(y) => update({ year: y })}
          options={yearOptions()}
          style={{ width: 110 }}
          data-testid="summary-year"
        />
      </FilterBar>
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'remit' ? 'remit' : undefined })}
          items={[
            {
              key: 'collect',
              label: '收缴情况',
              children:
                summary.error && !s ? (
                  <QueryError error={summary.error} onRetry={() => summary.refetch()} />
                ) : !s ? (
                  <Card>
                    <Skeleton active paragraph={{ rows: 8 }} />
                  </Card>
                ) : (
                  <Spin spinning={summary.isPlaceholderData} delay={150}>
                    <div className="page">
                      <h2 style={{ margin: 0, fontSize: 16 }} data-testid="summary-org-name">
                        {s.orgName} · {s.year}年
                      </h2>
                      <Kpis s={s} />
                      <Row gutter={[16, 16]}>
                        <Col xs={24} xl={s.children.length ? 14 : 24}>
                          <Card title="月度收缴" style={{ height: '100%' }}>
                            {monthly ? (
                              <EChart
                                option={monthly}
                                style={{ height: s.children.length ? chartHeight : isPhone ? 240 : 300 }}
                                testId="summary-monthly"
                              />
                            ) : null}
                          </Card>
                        </Col>
                        {s.children.length && byChild ? (
                          <Col xs={24} xl={10}>
                            <Card
                              title="下级组织收缴率"
                              extra={<span className="muted small">点击下钻</span>}
                              style={{ height: '100%' }}
                            >
                              <EChart
                                option={byChild}
                                style={{
                                  height: isPhone ? Math.max(200, s.children.length * 26 + 40) : chartHeight,
                                }}
                                testId="summary-children-chart"
                                onClick={(p) => {
                                  const id = (p.data as { orgId?: number } | undefined)?.orgId;
                                  if (id) update({ orgId: id });
                                }}
                              />
                            </Card>
                          </Col>
                        ) : null}
                      </Row>
                      {s.children.length ? (
                        <Card title="下级组织" styles={{ body: { padding: 0 } }}>
                          <Table<Child>
                            rowKey="orgId"
                            size="small"
                            dataSource={s.children}
                            columns={childColumns}
                            pagination={{ pageSize: 20, hideOnSinglePage: true }}
                            scroll={{ x: 'max-content' }}
                            data-testid="summary-children"
                          />
                        </Card>
                      ) : null}
                    </div>
                  </Spin>
                ),
            },
            {
              key: 'remit',
              label: '上缴与对账',
              children: <RemittancePanel orgId={orgId} year={year} />,
            },
          ]}
        />
      )}
    </div>
  );
}
