import { CalendarOutlined, HomeOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Progress,
  Row,
  Skeleton,
  Spin,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useCompliance, useMe, useOrgAncestors } from '../../../api/hooks';
import type { Compliance, ComplianceItem, HeatRow, Me, OrgSummary } from '../../../api/types';
import { EChart, type EChartOption } from '../../../components/EChart';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { type FilterPatch, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import {
  COMPLIANCE_STATE_COLORS,
  can,
  complianceStateLabel,
  isBranch,
  MEETING_KIND_COLORS,
  meetingKindLabel,
  monthLabel,
  pct,
  STATE_HEX,
} from '../orglife';
import { HeatLegend, HeatMap } from './HeatMap';

function inScope(me: Me | undefined, org: OrgSummary): boolean {
  return !!me?.scopeRoots.some((r) => org.path === r.path || org.path.startsWith(`${r.path}.`));
}

/**
 * The colour of a 完成率: red shades only when something was missed (a rate lowered by items still
 * due is no failure yet), amber while items are due, green when all that started is met.
 */
function rateHex(c: Compliance['total']): string | undefined {
  if (c.rate === null) return undefined;
  if (c.missed > 0) return c.rate >= 0.9 ? '#389e0d' : c.rate >= 0.7 ? '#d48806' : '#cf1322';
  return c.due > 0 ? '#d48806' : '#389e0d';
}

function Summary({ c }: { c: Compliance }) {
  const t = c.total;
  const rateColor = rateHex(t);
  const cards: { key: string; title: string; value: number; color?: string; hint?: string }[] = [
    { key: 'met', title: '已完成', value: t.met, color: '#389e0d' },
    { key: 'missed', title: '未完成', value: t.missed, color: '#cf1322' },
    { key: 'due', title: '待完成', value: t.due, color: '#d48806', hint: '周期在所选月份内结束、尚未到期' },
    { key: 'exempt', title: '免于考核', value: t.exempt, color: 'rgba(0,0,0,0.55)' },
  ];
  return (
    <div className="summary-grid" data-testid="compliance-summary">
      <div className="summary-card summary-rate">
        <div className="summary-title">总体完成率</div>
        <div className="summary-value" style={{ color: rateColor }} data-testid="compliance-rate">
          {pct(t.rate)}
        </div>
        <div className="summary-hint">已完成 ÷ 应完成（已完成 + 未完成 + 待完成）</div>
      </div>
      {cards.map((x) => (
        <div className="summary-card" key={x.key} data-testid={`summary-${x.key}`}>
          <div className="summary-title">{x.title}</div>
          <div className="summary-value" style={{ color: x.color }}>
            {x.value}
            <span className="summary-unit">项</span>
          </div>
          {x.hint ? <div className="summary-hint">{x.hint}</div> : null}
        </div>
      ))}
    </div>
  );
}

function ByKind({ c }: { c: Compliance }) {
  if (!c.byKind.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有考核项目" />;
  return (
    <div className="by-kind" data-testid="compliance-by-kind">
      {c.byKind.map((k) => {
        const required = k.met + k.missed + k.due;
        return (
          <div className="by-kind-row" key={k.meetingKind + k.label}>
            <div className="by-kind-label">
              <Tag color={MEETING_KIND_COLORS[k.meetingKind]} style={{ marginInlineEnd: 0 }}>
                {k.label}
              </Tag>
            </div>
            <Progress
              percent={k.rate === null ? 0 : Math.round(k.rate * 100)}
              format={() => pct(k.rate)}
              strokeColor={rateHex(k) ?? '#d9d9d9'}
              size="small"
              style={{ margin: 0, flex: 1 }}
            />
            <div className="by-kind-counts muted small">
              {required ? `${k.met}/${required}` : '—'}
              {k.due ? `，待完成 ${k.due}` : ''}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function trendOption(c: Compliance, phone: boolean): EChartOption {
  const months = c.trend.map((t) => monthLabel(t.month, true));
  return {
    grid: { left: 40, right: 44, top: 36, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : '—'),
    },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: phone ? 10 : 12 } },
    xAxis: { type: 'category', data: months, axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', name: '项', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      {
        type: 'value',
        name: '完成率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: '已完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.met),
        itemStyle: { color: STATE_HEX.met },
        barMaxWidth: 22,
      },
      {
        name: '未完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.missed),
        itemStyle: { color: STATE_HEX.missed },
      },
      {
        name: '待完成',
        type: 'bar',
        stack: 'n',
        data: c.trend.map((t) => t.due),
        itemStyle: { color: STATE_HEX.due },
      },
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 6,
        data: c.trend.map((t) => (t.rate === null ? null : Math.round(t.rate * 1000) / 10)),
        itemStyle: { color: '#b7141b' },
        lineStyle: { width: 2 },
        connectNulls: true,
      },
    ],
  };
}

function ItemTable({
  items,
  kind,
  canWrite,
}: {
  items: ComplianceItem[];
  kind: 'missed' | 'due';
  canWrite: boolean;
}) {
  const columns: ColumnsType<ComplianceItem> = [
    {
      title: '党组织',
      dataIndex: 'orgName',
      ellipsis: true,
      render: (name: string, r) => (
        <Link to={`/orgs/${r.orgId}/orglife?year=${r.periodEnd.slice(0, 4)}`} data-testid="item-org">
          {name}
        </Link>
      ),
    },
    {
      title: '项目',
      key: 'kind',
      width: 170,
      render: (_: unknown, r) => (
        <span>
          <Tag color={MEETING_KIND_COLORS[r.meetingKind]}>{meetingKindLabel(r.meetingKind)}</Tag>
          {r.subjectName ? <span className="small muted">{r.subjectName}</span> : null}
        </span>
      ),
    },
    { title: '考核周期', dataIndex: 'periodLabel', width: 140 },
    kind === 'due'
      ? {
          title: '剩余',
          dataIndex: 'daysLeft',
          width: 90,
          render: (d: number | null) =>
            d === null ? '—' : <Tag color={d <= 7 ? 'red' : d <= 30 ? 'orange' : 'default'}>{d}天</Tag>,
        }
      : {
          title: '完成情况',
          key: 'held',
          width: 90,
          render: (_: unknown, r) => `${r.held}/${r.required}次`,
        },
    {
      title: '说明',
      dataIndex: 'reason',
      ellipsis: true,
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
  ];
  if (kind === 'due' && canWrite) {
    columns.push({
      title: '',
      key: 'act',
      width: 92,
      render: (_: unknown, r) => (
        <Link
          to={`/meetings/new?orgId=${r.orgId}&kind=${r.meetingKind}${r.subjectId ? `&groupId=${r.subjectId}` : ''}`}
        >
          记录会议
        </Link>
      ),
    });
  }
  return (
    <Table<ComplianceItem>
      size="small"
      rowKey={(r) => `${r.orgId}-${r.ruleId}-${r.periodKey}-${r.subjectId ?? 0}`}
      dataSource={items}
      columns={columns}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 640 }}
      data-testid={`${kind}-table`}
      locale={{ emptyText: kind === 'missed' ? '没有未完成的项目' : '没有待完成的项目' }}
    />
  );
}

/** The range of months, this year so far by default. */
const filterSchema = z.object({
  orgId: param.int(),
  from: param.month().default(() => `${dayjs().year()}-01`),
  to: param.month().default(() => dayjs().format('YYYY-MM')),
});

/**
 * 合规看板 (`/compliance?orgId=&from=&to=`): how an org's subtree kept the organizational-life
 * rules over a range of months: totals, by kind, the monthly trend, the heat map of the orgs
 * below (drill down in the address, breadcrumb back up) and the missed and due items.
 */
export default function CompliancePage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const { from, to } = filters;
  const compliance = useCompliance(orgId, from, to);
  const ancestors = useOrgAncestors(orgId);
  const c = compliance.data;
  const option = useMemo(() => (c ? trendOption(c, isPhone) : undefined), [c, isPhone]);

  // A pushed entry: the back button climbs back out of a drill-down.
  const update = (patch: FilterPatch<typeof filterSchema>) => setFilters(patch, { push: true });

  const open = (row: HeatRow) => {
    if (row.hasChildren && row.orgId !== orgId) update({ orgId: row.orgId });
    else navigate(`/orgs/${row.orgId}/orglife?year=${to.slice(0, 4)}`);
  };

  const crumbs = (ancestors.data ?? []).filter((a) => inScope(me, a));
  const current = crumbs.find((a) => a.id === orgId);

  return (
    <div className="page">
      <PageHeader
        title="合规看板"
        subtitle="三会一课等组织生活制度的落实情况：按考核周期结束月份统计，点击组织逐级下钻。"
      />
      <Card>
        <div className="filters" data-testid="compliance-filters">
          <OrgPicker
            value={orgId}
            onChange={(id) => update({ orgId: id })}
            allowClear={false}
            placeholder="选择党组织"
            style={{ width: 280 }}
            className="filter-wide"
            testId="compliance-org"
          />
          <DatePicker.RangePicker
            picker="month"
            value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
            onChange={(range) => {
              if (!range?.[0] || !range[1]) return update({ from: undefined, to: undefined });
              update({ from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
            }}
            allowClear={false}
            style={{ width: 240 }}
            className="filter-wide"
            data-testid="compliance-months"
          />
        </div>
        {crumbs.length ? (
          <Breadcrumb
            style={{ marginTop: 12 }}
            data-testid="compliance-breadcrumb"
            items={crumbs.map((a, i) => ({
              key: a.id,
              title:
                a.id === orgId ? (
                  <span>
                    {i === 0 ? <HomeOutlined style={{ marginInlineEnd: 4 }} /> : null}
                    {a.name}
                  </span>
                ) : (
                  <a
                    href={`/compliance?orgId=${a.id}&from=${from}&to=${to}`}
                    onClick={(e) => {
                      e.preventDefault();
                      update({ orgId: a.id });
                    }}
                  >
                    {i === 0 ? <HomeOutlined style={{ marginInlineEnd: 4 }} /> : null}
                    {a.name}
                  </a>
                ),
            }))}
          />
        ) : null}
      </Card>

      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : compliance.error && !c ? (
        <QueryError error={compliance.error} onRetry={() => compliance.refetch()} />
      ) : !c ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Spin spinning={compliance.isPlaceholderData} delay={150}>
          <div className="compliance-body">
            <div className="compliance-heading">
              <h2 data-testid="compliance-org-name">{c.orgName}</h2>
              <span className="muted">
                {monthLabel(c.from)} — {monthLabel(c.to)}（截至 {c.today}）
              </span>
              {current && isBranch(current.kind) ? (
                <Link to={`/orgs/${c.orgId}/orglife?year=${c.to.slice(0, 4)}`}>
                  <Button size="small" icon={<CalendarOutlined />} data-testid="compliance-calendar-link">
                    组织生活日历
                  </Button>
                </Link>
              ) : null}
            </div>
            <Summary c={c} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={10}>
                <Card title="分项完成率" style={{ height: '100%' }}>
                  <ByKind c={c} />
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card title="月度趋势" style={{ height: '100%' }}>
                  {c.trend.length && option ? (
                    <EChart
                      option={option}
                      style={{ height: isPhone ? 240 : 280 }}
                      testId="compliance-trend"
                    />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有数据" />
                  )}
                </Card>
              </Col>
            </Row>
            <Card
              title="合规热力图"
              extra={
                <span className="muted small">
                  {c.rows.length} 个党组织 × {c.months.length} 个月
                </span>
              }
            >
              <HeatMap
                rows={c.rows}
                months={c.months}
                loading={compliance.isFetching}
                onOpen={open}
                compact={isPhone}
              />
              <HeatLegend />
            </Card>
            <Card styles={{ body: { paddingTop: 4 } }}>
              <Tabs
                items={[
                  {
                    key: 'missed',
                    label: (
                      <span data-testid="tab-missed">
                        未完成 <Tag color="error">{c.missedTotal}</Tag>
                      </span>
                    ),
                    children: (
                      <>
                        {c.missedTotal > c.missed.length ? (
                          <Alert
                            type="info"
                            showIcon
                            title={`共 ${c.missedTotal} 项，显示最近的 ${c.missed.length} 项`}
                            style={{ marginBottom: 8 }}
                          />
                        ) : null}
                        <ItemTable items={c.missed} kind="missed" canWrite={can(me, 'orglife.write')} />
                      </>
                    ),
                  },
                  {
                    key: 'due',
                    label: (
                      <span data-testid="tab-due">
                        当前待完成 <Tag color="warning">{c.dueTotal}</Tag>
                      </span>
                    ),
                    children: (
                      <>
                        {c.dueTotal > c.due.length ? (
                          <Alert
                            type="info"
                            showIcon
                            title={`共 ${c.dueTotal} 项，显示剩余天数最少的 ${c.due.length} 项`}
                            style={{ marginBottom: 8 }}
                          />
                        ) : null}
                        <ItemTable items={c.due} kind="due" canWrite={can(me, 'orglife.write')} />
                      </>
                    ),
                  },
                ]}
              />
            </Card>
            {c.items.length && current && isBranch(current.kind) ? (
              <Card title="本支部考核项目" data-testid="compliance-items">
                <Table<ComplianceItem>
                  size="small"
                  rowKey={(r) => `${r.ruleId}-${r.periodKey}-${r.subjectId ?? 0}`}
                  dataSource={c.items}
                  pagination={{ pageSize: 12, hideOnSinglePage: true }}
                  scroll={{ x: 560 }}
                  columns={[
                    {
                      title: '项目',
                      dataIndex: 'meetingKind',
                      render: (k: string, r) =>
                        `${meetingKindLabel(k)}${r.subjectName ? `（${r.subjectName}）` : ''}`,
                    },
                    { title: '考核周期', dataIndex: 'periodLabel' },
                    {
                      title: '状态',
                      dataIndex: 'state',
                      render: (s: ComplianceItem['state']) => (
                        <Tag color={COMPLIANCE_STATE_COLORS[s]}>{complianceStateLabel(s)}</Tag>
                      ),
                    },
                    {
                      title: '说明',
                      dataIndex: 'reason',
                      responsive: ['md'],
                      render: (v: string | null) => v ?? '—',
                    },
                  ]}
                />
              </Card>
            ) : null}
          </div>
        </Spin>
      )}
    </div>
  );
}
