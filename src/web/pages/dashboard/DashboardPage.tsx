import { ApartmentOutlined, ShopOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Segmented, Skeleton, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import type { BucketDto } from '../../../shared/contracts/dashboard';
import { type Dashboard, useDashboard } from '../../api/dashboard';
import { useMe } from '../../api/hooks';
import { EChart, type EChartOption } from '../../components/EChart';
import { OrgPicker } from '../../components/OrgPicker';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { param, useUrlFilters } from '../../hooks/useUrlFilters';
import { orgKindLabel } from '../../labels';
import './dashboard.css';

type Child = Dashboard['children'][number];

/** The app's red first, then colours that stay apart from it. */
export const PALETTE = [
  '#c8161d',
  '#f08c2e',
  '#f6bd16',
  '#5b8ff9',
  '#5ad8a6',
  '#9270ca',
  '#6dc8ec',
  '#ff99c3',
];
const RED = '#c8161d';
const GOLD = '#f6bd16';

const filterSchema = z.object({ orgId: param.int() });
const pct = (r: number | null | undefined, digits = 1) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`;
const pct100 = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const rateColor = (r: number | null) =>
  r === null ? undefined : r >= 0.9 ? '#389e0d' : r >= 0.7 ? '#d48806' : '#cf1322';

/** The member list of the org's subtree with one more filter. */
const memberLink = (orgId: number, extra: string) => `/members?orgId=${orgId}&${extra}`;

/** Counts with digit grouping: a province's 5,000,021 members read at a glance. */
const fmt = (n: number) => n.toLocaleString('zh-CN');

/** A bar label that leaves zero segments blank. */
const nonZero = (p: { value: number }) => (p.value ? fmt(p.value) : '');

/** A chart item that knows where a click leads. */
type Item = { name: string; value: number; link?: string; itemStyle?: { color: string } };

function pieOption(items: Item[], phone: boolean, colors = PALETTE, unit = '名'): EChartOption {
  const total = items.reduce((s, i) => s + i.value, 0);
  return {
    color: colors,
    tooltip: { trigger: 'item', formatter: `{b}：{c} ${unit}（{d}%）` },
    legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: phone ? 11 : 12 } },
    series: [
      {
        type: 'pie',
        radius: ['35%', '56%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: {
          formatter: (p: { name: string; value: number }) =>
            `${p.name}\n${fmt(p.value)}${unit} ${total ? Math.round((p.value / total) * 1000) / 10 : 0}%`,
          fontSize: phone ? 11 : 12,
          lineHeight: 16,
        },
        labelLine: { length: 8, length2: 6 },
        // Empty slices would only stack zero labels on each other.
        data: items.filter((i) => i.value > 0),
        cursor: 'pointer',
      },
    ],
  };
}

function barOption(
  items: Item[],
  phone: boolean,
  opts: { horizontal?: boolean; color?: string; unit?: string } = {},
): EChartOption {
  const cat = { type: 'category', data: items.map((i) => i.name), axisTick: { alignWithLabel: true } };
  const val = { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } };
  return {
    grid: opts.horizontal
      ? { left: phone ? 84 : 100, right: 40, top: 8, bottom: 24 }
      : { left: 40, right: 12, top: 24, bottom: items.length > 5 ? 64 : 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: opts.horizontal
      ? val
      : {
          ...cat,
          axisLabel: { interval: 0, rotate: items.length > 5 ? 35 : 0, fontSize: phone ? 10 : 11 },
        },
    yAxis: opts.horizontal
      ? { ...cat, inverse: true, axisLabel: { width: phone ? 76 : 92, overflow: 'truncate' } }
      : val,
    series: [
      {
        type: 'bar',
        name: opts.unit === '个' ? '数量' : '人数',
        barMaxWidth: 28,
        itemStyle: { color: opts.color ?? RED, borderRadius: opts.horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
        label: {
          show: true,
          position: opts.horizontal ? 'right' : 'top',
          fontSize: 11,
          formatter: (p: { value: number }) => fmt(p.value),
        },
        data: items,
        cursor: 'pointer',
      },
    ],
  };
}

function ChartCard({
  title,
  note,
  option,
  height = 260,
  testId,
  onNavigate,
  extra,
  footer,
}: {
  title: string;
  note?: string;
  option: EChartOption | null;
  height?: number;
  testId: string;
  onNavigate: (link: string) => void;
  extra?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Card
      className="dash-card"
      title={title}
      extra={extra ?? (note ? <span className="dash-card-note">{note}</span> : null)}
      style={{ height: '100%' }}
      styles={{ body: { padding: '12px 12px 8px' } }}
      data-testid={`card-${testId}`}
    >
      {option ? (
        <EChart
          option={option}
          style={{ height }}
          testId={`chart-${testId}`}
          onClick={(p) => {
            const link = (p.data as { link?: string } | undefined)?.link;
            if (link) onNavigate(link);
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" style={{ height }} />
      )}
      {footer}
    </Card>
  );
}

function Kpi({
  title,
  value,
  unit,
  hint,
  to,
  color,
  testId,
}: {
  title: string;
  value: string | number;
  unit?: string;
  hint?: string;
  to?: string;
  color?: string;
  testId: string;
}) {
  const body = (
    <>
      <div className="dash-kpi-title">{title}</div>
      <div className="dash-kpi-value" style={color ? { color } : undefined}>
        {typeof value === 'number' ? fmt(value) : value}
        {unit ? <span className="dash-kpi-unit">{unit}</span> : null}
      </div>
      {hint ? <div className="dash-kpi-hint">{hint}</div> : null}
    </>
  );
  return to ? (
    <Link to={to} className="dash-kpi" data-testid={`kpi-${testId}`}>
      {body}
    </Link>
  ) : (
    <div className="dash-kpi" data-testid={`kpi-${testId}`}>
      {body}
    </div>
  );
}

const METRIC_GROUPS = {
  structure: {
    label: '党员结构',
    series: [
      { key: 'femaleShare', name: '女性' },
      { key: 'minorityShare', name: '少数民族' },
      { key: 'collegeShare', name: '大专及以上' },
      { key: 'upTo35Share', name: '35岁及以下' },
    ],
  },
  work: {
    label: '工作指标',
    series: [
      { key: 'complianceRate', name: '组织生活完成率' },
      { key: 'duesRate', name: '党费收缴率' },
      { key: 'coverageRate', name: '两新组织覆盖率' },
    ],
  },
} as const;
type MetricGroup = keyof typeof METRIC_GROUPS | 'members';

/** 中共兰州市城关区酒泉路街道工作委员会 under 中共兰州市城关区委员会 → 酒泉路街道. */
export function shortChildName(name: string, parentName: string): string {
  const strip = (n: string) => n.replace(/^中共/, '').replace(/(工作|总支部|支部)?委员会$/, '');
  const parent = strip(parentName);
  const child = strip(name);
  return (
    (child.startsWith(parent) && child.length > parent.length ? child.slice(parent.length) : child) || name
  );
}

function compareOption(d: Dashboard, group: MetricGroup, phone: boolean): EChartOption {
  const children = d.children;
  const names = children.map((c) => shortChildName(c.name, d.orgName));
  const axis = {
    type: 'category',
    data: names,
    axisLabel: {
      interval: 0,
      rotate: phone || children.length > 4 ? 30 : 0,
      fontSize: phone ? 10 : 12,
      width: 110,
      overflow: 'truncate',
    },
  };
  if (group === 'members') {
    return {
      color: [RED, GOLD],
      legend: { top: 0 },
      grid: { left: 44, right: 12, top: 36, bottom: phone ? 80 : 64 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: axis,
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: '党员',
          type: 'bar',
          barMaxWidth: 24,
          data: children.map((c) => ({ value: c.members, orgId: c.orgId })),
          cursor: 'pointer',
        },
        {
          name: '预备党员',
          type: 'bar',
          barMaxWidth: 24,
          data: children.map((c) => ({ value: c.probationary, orgId: c.orgId })),
          cursor: 'pointer',
        },
      ],
    };
  }
  const g = METRIC_GROUPS[group];
  return {
    color: PALETTE,
    legend: { top: 0, textStyle: { fontSize: phone ? 11 : 12 } },
    grid: { left: 44, right: 12, top: phone ? 56 : 36, bottom: phone ? 80 : 64 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—'),
    },
    xAxis: axis,
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: g.series.map((s) => ({
      name: s.name,
      type: 'bar',
      barMaxWidth: 18,
      data: children.map((c) => ({ value: pct100(c[s.key]), orgId: c.orgId })),
      cursor: 'pointer',
    })),
  };
}

function Comparison({ d, onOpen }: { d: Dashboard; onOpen: (orgId: number) => void }) {
  const isPhone = useIsPhone();
  const [group, setGroup] = useState<MetricGroup>('structure');
  const option = useMemo(() => compareOption(d, group, isPhone), [d, group, isPhone]);
  const share = (key: keyof Child, title: string, width = 80): ColumnsType<Child>[number] => ({
    title,
    dataIndex: key,
    width,
    align: 'right',
    sorter: (a, b) => ((a[key] as number | null) ?? -1) - ((b[key] as number | null) ?? -1),
    render: (r: number | null) => pct(r),
  });
  const rate = (key: keyof Child, title: string): ColumnsType<Child>[number] => ({
    ...share(key, title, 88),
    render: (r: number | null) => <b style={{ color: rateColor(r) }}>{pct(r)}</b>,
  });
  const columns: ColumnsType<Child> = [
    {
      title: '党组织',
      dataIndex: 'name',
      fixed: 'left',
      width: isPhone ? 130 : 180,
      ellipsis: true,
      render: (n: string, c) => (
        <a
          href={`/dashboard?orgId=${c.orgId}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen(c.orgId);
          }}
          data-testid="child-link"
          title={n}
        >
          {isPhone ? shortChildName(n, d.orgName) : n}
        </a>
      ),
    },
    {
      title: '类别',
      dataIndex: 'kind',
      width: 88,
      responsive: ['xxl'],
      render: (k: string) => <Tag>{orgKindLabel(k)}</Tag>,
    },
    {
      title: '党员',
      dataIndex: 'members',
      width: 70,
      align: 'right',
      defaultSortOrder: undefined,
      sorter: (a, b) => a.members - b.members,
    },
    {
      title: '预备党员',
      dataIndex: 'probationary',
      width: 76,
      align: 'right',
      sorter: (a, b) => a.probationary - b.probationary,
    },
    share('femaleShare', '女性'),
    share('minorityShare', '少数民族'),
    share('collegeShare', '大专及以上', 88),
    share('upTo35Share', '35岁及以下', 88),
    { title: '党组织', dataIndex: 'orgs', width: 76, align: 'right', sorter: (a, b) => a.orgs - b.orgs },
    rate('complianceRate', '组织生活合规'),
    rate('duesRate', '党费收缴'),
    rate('coverageRate', '两新覆盖'),
  ];
  return (
    <Card
      className="dash-card"
      title="下级组织对比"
      extra={<span className="dash-card-note">点击组织或柱形查看其看板</span>}
      data-testid="children-compare"
    >
      <Segmented
        value={group}
        onChange={(v) => setGroup(v as MetricGroup)}
        options={[
          { value: 'structure', label: '党员结构' },
          { value: 'members', label: '党员人数' },
          { value: 'work', label: '工作指标' },
        ]}
        style={{ marginBottom: 8 }}
        data-testid="compare-metric"
      />
      <EChart
        option={option}
        style={{ height: isPhone ? 300 : 320 }}
        testId="chart-children"
        onClick={(p) => {
          const id = (p.data as { orgId?: number } | undefined)?.orgId;
          if (id) onOpen(id);
        }}
      />
      <Table<Child>
        rowKey="orgId"
        size="small"
        dataSource={d.children}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        showSorterTooltip={false}
        style={{ marginTop: 12 }}
        data-testid="children-table"
      />
    </Card>
  );
}

function Figures({ d, go }: { d: Dashboard; go: (link: string) => void }) {
  const isPhone = useIsPhone();
  const members = (extra: string) => memberLink(d.orgId, extra);
  const m = d.members;
  const share = (n: number) => (m.total ? pct(n / m.total) : '—');

  const opts = useMemo(() => {
    const members = (extra: string) => memberLink(d.orgId, extra);
    const toItems = (buckets: BucketDto[], param: string): Item[] =>
      buckets.map((b) => ({ name: b.label, value: b.count, link: members(`${param}=${b.key}`) }));
    const eth: Item[] = [
      { name: '汉族', value: d.ethnicity.han, link: members('ethnicity=01') },
      {
        name: '少数民族',
        value: d.ethnicity.minorities,
        link: members('ethnicity=minority'),
        itemStyle: { color: GOLD },
      },
      ...d.ethnicity.groups.map((g) => ({
        name: g.label,
        value: g.count,
        link: members(`ethnicity=${g.key}`),
        itemStyle: { color: '#f08c2e' },
      })),
    ];
    const cov = d.coverage.kinds;
    const coverage: EChartOption = {
      color: [RED, '#d9d9d9'],
      legend: { top: 0 },
      grid: { left: isPhone ? 84 : 100, right: 40, top: 32, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: cov.map((k) => k.label) },
      series: [
        {
          name: '已覆盖',
          type: 'bar',
          stack: 'c',
          barMaxWidth: 26,
          label: { show: true, fontSize: 11, color: '#fff', formatter: nonZero },
          data: cov.map((k) => ({
            value: k.covered,
            link: `/coverage?orgId=${d.orgId}&kind=${k.kind}&covered=true`,
          })),
          cursor: 'pointer',
        },
        {
          name: '未覆盖',
          type: 'bar',
          stack: 'c',
          barMaxWidth: 26,
          label: { show: true, fontSize: 11, formatter: nonZero },
          data: cov.map((k) => ({
            value: k.uncovered,
            link: `/coverage?orgId=${d.orgId}&kind=${k.kind}&covered=false`,
          })),
          cursor: 'pointer',
        },
      ],
    };
    const orgsLink = `/orgs/${d.orgId}`;
    return {
      category: pieOption(toItems(d.category, 'category'), isPhone, [RED, GOLD]),
      gender: pieOption(toItems(d.gender, 'gender'), isPhone, ['#5b8ff9', '#ff6b81']),
      ageBand: barOption(toItems(d.ageBand, 'ageBand'), isPhone),
      ethnicity: barOption(eth, isPhone, { horizontal: true }),
      education: barOption(toItems(d.education, 'education'), isPhone, {
        horizontal: true,
        color: '#e8684a',
      }),
      joinDecade: barOption(toItems(d.joinDecade, 'joinDecade'), isPhone, { color: '#d4380d' }),
      status: pieOption(toItems(d.status, 'status'), isPhone, [RED, '#5b8ff9', '#faad14']),
      orgKind: barOption(
        d.orgs.byKind.map((b) => ({ name: b.label, value: b.count, link: orgsLink })),
        isPhone,
        { unit: '个', color: '#9270ca' },
      ),
      orgSector: barOption(
        d.orgs.bySector.map((b) => ({ name: b.label, value: b.count, link: orgsLink })),
        isPhone,
        { horizontal: true, unit: '个', color: '#5b8ff9' },
      ),
      coverage,
      development: d.development
        ? barOption(
            d.development.stages.map((s) => ({
              name: s.label,
              value: s.count,
              link: `/development/cases?orgId=${d.orgId}&stage=${s.key}&status=active`,
            })),
            isPhone,
            { color: '#f08c2e' },
          )
        : null,
      compliance: d.compliance
        ? pieOption(
            [
              { name: '已完成', value: d.compliance.met, link: `/compliance?orgId=${d.orgId}` },
              { name: '未完成', value: d.compliance.missed, link: `/compliance?orgId=${d.orgId}` },
              { name: '进行中', value: d.compliance.due, link: `/compliance?orgId=${d.orgId}` },
              { name: '已豁免', value: d.compliance.exempt, link: `/compliance?orgId=${d.orgId}` },
            ].filter((i) => i.value > 0),
            isPhone,
            ['#389e0d', RED, '#faad14', '#bfbfbf'],
            '项',
          )
        : null,
    };
  }, [d, isPhone]);

  const dues = d.dues;
  const duesLink = `/dues/summary?orgId=${d.orgId}&year=${dues?.year ?? ''}`;
  // What the dues card counts, named: the rate over the year's months to date (this month included,
  // as the dues summary counts it), the unpaid members of the last complete month as of today.
  const thisMonth = Number(d.today.slice(5, 7));
  const inYear = !!dues && Number(d.today.slice(0, 4)) === dues.year;
  const duesTo = inYear ? thisMonth : 12;
  const duesSpan = duesTo === 1 ? '1月' : `1—${duesTo}月`;
  const duesMonth = dues ? Number(dues.month.slice(5)) : 0;
  const duesHint = dues
    ? `${duesMonth}月${inYear && duesMonth === thisMonth ? '（本月）' : ''}党费至今未交清 ${fmt(dues.unpaidMembers)} 人`
    : '无权查看';
  const c = d.coverage.total;
  const kpis = (
    <div className="dash-kpis" data-testid="dashboard-kpis">
      <Kpi
        testId="members"
        title="党员总数"
        value={m.total}
        unit="名"
        hint={`正式 ${fmt(m.full)} · 预备 ${fmt(m.probationary)}`}
        to={`/members?orgId=${d.orgId}`}
      />
      <Kpi
        testId="female"
        title="女性党员"
        value={share(m.female)}
        hint={`${fmt(m.female)} 名`}
        to={members('gender=female')}
      />
      <Kpi
        testId="minorities"
        title="少数民族党员"
        value={share(m.minorities)}
        hint={`${fmt(m.minorities)} 名`}
        to={members('ethnicity=minority')}
      />
      <Kpi
        testId="college"
        title="大专及以上学历"
        value={share(m.collegeOrAbove)}
        hint={`${fmt(m.collegeOrAbove)} 名`}
      />
      <Kpi testId="young" title="35岁及以下" value={share(m.upTo35)} hint={`${fmt(m.upTo35)} 名`} />
      <Kpi
        testId="orgs"
        title="党组织"
        value={d.orgs.total}
        unit="个"
        hint={`下级组织 ${fmt(d.children.length)} 个`}
        to={`/orgs/${d.orgId}`}
      />
      <Kpi
        testId="compliance"
        title="组织生活完成率"
        value={pct(d.compliance?.rate)}
        // Red only for what was missed: a rate lowered by items still due is amber (the compliance page's).
        color={
          !d.compliance || d.compliance.missed > 0
            ? rateColor(d.compliance?.rate ?? null)
            : d.compliance.due > 0
              ? '#d48806'
              : rateColor(d.compliance.rate)
        }
        hint={
          d.compliance
            ? `未完成 ${fmt(d.compliance.missed)} 项${d.compliance.due ? `，待完成 ${fmt(d.compliance.due)} 项` : ''}`
            : '无权查看'
        }
        to={d.compliance ? `/compliance?orgId=${d.orgId}` : undefined}
      />
      <Kpi
        testId="dues"
        title={dues ? `党费收缴率（${inYear ? '' : `${dues.year}年`}${duesSpan}）` : '党费收缴率'}
        value={pct(dues?.rate)}
        color={rateColor(dues?.rate ?? null)}
        hint={duesHint}
        to={dues ? duesLink : undefined}
      />
      <Kpi
        testId="coverage"
        title="两新组织覆盖率"
        value={pct(c.rate)}
        color={rateColor(c.rate)}
        hint={c.total ? `${fmt(c.covered)} / ${fmt(c.total)} 家` : '没有登记的两新组织'}
        to={`/coverage?orgId=${d.orgId}`}
      />
      <Kpi
        testId="development"
        title="发展对象"
        value={d.development?.stages.find((s) => s.key === 'candidate')?.count ?? '—'}
        unit="名"
        hint={d.development ? `今年已发展 ${fmt(d.development.admittedThisYear)} 名` : '无权查看'}
        to={d.development ? `/development?orgId=${d.orgId}` : undefined}
      />
    </div>
  );

  const col = { xs: 24, md: 12, xl: 8 } as const;
  return (
    <>
      {kpis}
      <Row gutter={[16, 16]}>
        <Col {...col}>
          <ChartCard
            title="党员类别"
            option={opts.category}
            testId="category"
            onNavigate={go}
            note="点击查看名单"
          />
        </Col>
        <Col {...col}>
          <ChartCard title="性别" option={opts.gender} testId="gender" onNavigate={go} note="点击查看名单" />
        </Col>
        <Col {...col}>
          <ChartCard
            title="党员状态"
            option={opts.status}
            testId="status"
            onNavigate={go}
            note="在册、流动、失联"
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="年龄结构"
            option={opts.ageBand}
            testId="age"
            onNavigate={go}
            note={`按${d.today}计算`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="民族"
            option={opts.ethnicity}
            testId="ethnicity"
            onNavigate={go}
            height={Math.max(200, (d.ethnicity.groups.length + 2) * 30 + 40)}
            note={`少数民族 ${fmt(m.minorities)} 名`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="学历"
            option={opts.education}
            testId="education"
            onNavigate={go}
            note={`大专及以上 ${share(m.collegeOrAbove)}`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="入党时间"
            option={opts.joinDecade}
            testId="decade"
            onNavigate={go}
            note="按年代"
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="党组织类别"
            option={opts.orgKind}
            testId="org-kind"
            onNavigate={go}
            note={`共 ${d.orgs.total} 个`}
          />
        </Col>
        <Col {...col}>
          <ChartCard title="党组织所属领域" option={opts.orgSector} testId="org-sector" onNavigate={go} />
        </Col>
        <Col {...col}>
          <ChartCard
            title="两新组织党组织覆盖"
            option={c.total ? opts.coverage : null}
            testId="coverage"
            onNavigate={go}
            extra={
              <Link to={`/coverage?orgId=${d.orgId}`} className="dash-card-note">
                覆盖名录
              </Link>
            }
            footer={
              <div className="dash-figures">
                {d.coverage.kinds.map((k) => (
                  <span key={k.kind}>
                    {k.label} <b>{pct(k.rate)}</b>
                  </span>
                ))}
              </div>
            }
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="发展党员"
            option={opts.development}
            testId="development"
            onNavigate={go}
            extra={
              d.development ? (
                <Link to={`/development?orgId=${d.orgId}`} className="dash-card-note">
                  发展看板
                </Link>
              ) : null
            }
            footer={
              d.development ? (
                <div className="dash-figures">
                  <span>
                    今年已发展 <b>{d.development.admittedThisYear}</b> 名
                  </span>
                  <span>
                    超期待办{' '}
                    <b style={{ color: d.development.overdue ? RED : undefined }}>{d.development.overdue}</b>{' '}
                    项
                  </span>
                </div>
              ) : null
            }
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="组织生活完成情况"
            option={
              d.compliance && d.compliance.met + d.compliance.missed + d.compliance.due + d.compliance.exempt
                ? opts.compliance
                : null
            }
            testId="compliance"
            onNavigate={go}
            note={d.compliance ? `${d.compliance.from} 至 ${d.compliance.to}` : undefined}
            footer={
              dues ? (
                <div className="dash-figures">
                  <Link to={duesLink}>
                    {dues.year}年{duesSpan}党费：应交 <b>{(dues.expectedFen / 100).toFixed(2)}</b> 元，已交{' '}
                    <b>{(dues.paidFen / 100).toFixed(2)}</b> 元
                  </Link>
                </div>
              ) : null
            }
          />
        </Col>
      </Row>
    </>
  );
}

/**
 * 数据看板 (`/dashboard?orgId=`): figures of an org's whole subtree with charts that open the
 * matching lists, and the direct children side by side.
 */
export default function DashboardPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const q = useDashboard(orgId);
  const d = q.data;
  const open = (id: number) => {
    // A pushed entry: the back button climbs back out of a drill-down.
    setFilters({ orgId: id }, { push: true });
    window.scrollTo({ top: 0 });
  };

  return (
    <div className="page">
      <PageHeader
        title="数据看板"
        subtitle="所选党组织及全部下级的党员队伍、组织设置、两新组织覆盖与重点工作，点击图表查看对应名单。"
        extra={
          <Link to={orgId ? `/coverage?orgId=${orgId}` : '/coverage'}>
            <Button icon={<ShopOutlined />}>两新组织覆盖</Button>
          </Link>
        }
      />
      <Card>
        <div className="filters">
          <OrgPicker
            value={orgId}
            onChange={(id) => id && open(id)}
            allowClear={false}
            placeholder="选择党组织"
            style={{ width: 340 }}
            className="filter-wide"
            testId="dashboard-org"
          />
        </div>
      </Card>
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : q.error && !d ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : !d ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Spin spinning={q.isPlaceholderData} delay={150}>
          <div className="page">
            <div className="dash-title">
              <h2 data-testid="dashboard-org-name">
                <ApartmentOutlined style={{ color: RED, marginInlineEnd: 8 }} />
                {d.orgName}
              </h2>
              <span className="muted small">
                {orgKindLabel(d.orgKind)}
                {d.children.length ? ' · 含全部下级' : ''} · 截至 {d.today}
              </span>
            </div>
            <Figures d={d} go={(link) => navigate(link)} />
            {d.children.length ? <Comparison d={d} onOpen={open} /> : null}
          </div>
        </Spin>
      )}
    </div>
  );
}
