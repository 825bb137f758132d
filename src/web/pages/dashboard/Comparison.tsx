import { Card, Segmented, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { Dashboard } from '../../api/dashboard';
import { EChart, type EChartOption } from '../../components/EChart';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { orgKindLabel } from '../../labels';
import { GOLD, PALETTE, pct, RED, rateColor } from './charts';

export type Child = Dashboard['children'][number];

export const pct100 = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export const METRIC_GROUPS = {
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

export type MetricGroup = keyof typeof METRIC_GROUPS | 'members';

/** 中共兰州市城关区酒泉路街道工作委员会 under 中共兰州市城关区委员会 → 酒泉路街道. */
export function shortChildName(name: string, parentName: string): string {
  const strip = (n: string) => n.replace(/^中共/, '').replace(/(工作|总支部|支部)?委员会$/, '');
  const parent = strip(parentName);
  const child = strip(name);
  return (
    (child.startsWith(parent) && child.length > parent.length ? child.slice(parent.length) : child) || name
  );
}

export function compareOption(d: Dashboard, group: MetricGroup, phone: boolean): EChartOption {
  const children = d.children;
  const names = children.map((c) => shortChildName(c.name, d.orgName));
  const axis = {
    type: 'category',
    data: names,
    axisLabel: {
      // Many bars (a page of 50 children): names that would overlap are left out (the tooltip and
      // the table name each one); on a phone they are not drawn at all past a dozen.
      show: !(phone && children.length > 12),
      interval: children.length > 20 ? 'auto' : 0,
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

/**
 * The direct children side by side: a chart and a table of one page of them (the server sends 50
 * at a time, in tree order; sorting a column sorts that page). A committee with hundreds of
 * children pages through them here.
 */
export function Comparison({
  d,
  onOpen,
  onPage,
}: {
  d: Dashboard;
  onOpen: (orgId: number) => void;
  onPage: (page: number) => void;
}) {
  const isPhone = useIsPhone();
  const [group, setGroup] = useState<MetricGroup>('structure');
  const option = useMemo(() => compareOption(d, group, isPhone), [d, group, isPhone]);
  const paged = d.childrenTotal > d.childrenPageSize;
  const first = (d.childrenPage - 1) * d.childrenPageSize + 1;
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
      extra={isPhone ? null : <span className="dash-card-note">点击组织或柱形查看其看板</span>}
      data-testid="children-compare"
    >
      {paged ? (
        <div className="dash-card-note" style={{ marginBottom: 8 }} data-testid="children-count">
          共 {d.childrenTotal} 个下级组织，本页第 {first}–{first + d.children.length - 1} 个（每页{' '}
          {d.childrenPageSize} 个，按组织顺序）
        </div>
      ) : null}
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
        pagination={{
          current: d.childrenPage,
          pageSize: d.childrenPageSize,
          total: d.childrenTotal,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: onPage,
        }}
        scroll={{ x: 'max-content' }}
        showSorterTooltip={false}
        style={{ marginTop: 12 }}
        data-testid="children-table"
      />
    </Card>
  );
}
