import { RightOutlined, SearchOutlined } from '@ant-design/icons';
import { Input, Segmented, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import type { HeatRow } from '../../../api/types';
import { orgKindLabel } from '../../../labels';
import { cellColor, countsTooltip, monthLabel, pct } from '../orglife';

type Sort = 'tree' | 'worst' | 'best';

function Cell({ c, month }: { c: HeatRow['cells'][number]; month: string }) {
  const color = cellColor(c);
  // A month with open items reads as such (待N), not as the rate of what is already done: 100% in
  // amber next to five items still due was read as "all done" (issue #16).
  const text = c.missed
    ? pct(c.rate)
    : c.due
      ? `待${c.due}`
      : c.met
        ? pct(c.rate)
        : c.exempt + c.notStarted
          ? '—'
          : '';
  return (
    <Tooltip title={`${monthLabel(month)}：${countsTooltip(c)}`} mouseEnterDelay={0.15}>
      <div
        className="heat-cell"
        style={{ background: color.bg, color: color.fg }}
        data-testid="heat-cell"
        data-state={color.key}
      >
        {text}
      </div>
    </Tooltip>
  );
}

/** Legend of the heat map colours. */
export function HeatLegend() {
  const items: [string, string][] = [
    ['#95de64', '全部完成'],
    ['#ffccc7', '有未完成（完成率≥80%）'],
    ['#ff7875', '有未完成（50%–80%）'],
    ['#cf1322', '有未完成（<50%）'],
    ['#ffe58f', '待完成'],
    ['#e8e8e8', '未开始 / 免于考核'],
  ];
  return (
    <div className="heat-legend">
      {items.map(([bg, label]) => (
        <span key={label}>
          <i style={{ background: bg }} />
          {label}
        </span>
      ))}
    </div>
  );
}

/**
 * 热力图: orgs (rows) × months (columns), each cell coloured by the states of the requirements whose
 * period ends in that month. A row with orgs below it drills down; a branch opens its calendar.
 * Filtered and paged in the browser, so hundreds of rows stay light.
 */
export function HeatMap({
  rows,
  months,
  loading,
  onOpen,
  compact,
  serverPage,
  server,
}: {
  rows: HeatRow[];
  months: string[];
  loading?: boolean;
  onOpen: (row: HeatRow) => void;
  /** Phone width: narrower name and month columns. */
  compact?: boolean;
  /**
   * The rows are one of the server's pages (a committee with hundreds of children): all of them
   * are shown as they come, filtered and ranked by the server across all the children (`server`),
   * and the pager is the page's own.
   */
  serverPage?: boolean;
  /** The filter and order the server applies (with `serverPage`); a change asks it again. */
  server?: { q: string; sort: Sort; onChange: (q: string, sort: Sort) => void };
}) {
  const nameWidth = compact ? 150 : 240;
  const rateWidth = compact ? 72 : 86;
  const monthWidth = (month: string, i: number) =>
    compact ? (i === 0 || month.endsWith('-01') ? 64 : 48) : i === 0 || month.endsWith('-01') ? 76 : 56;
  const remote = serverPage && server ? server : null;
  const [localQ, setQ] = useState('');
  const [localSort, setSort] = useState<Sort>('tree');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  // Server-side: the text typed is sent once typing pauses (one request, not one per key).
  const [typed, setTyped] = useState(remote?.q ?? '');
  const remoteQ = remote?.q;
  const changeRemote = remote?.onChange;
  const remoteSort = remote?.sort ?? 'tree';
  // The address changed from outside (back, another org): the box shows its filter.
  useEffect(() => setTyped(remoteQ ?? ''), [remoteQ]);
  useEffect(() => {
    if (remoteQ === undefined || !changeRemote || typed.trim() === remoteQ) return;
    const t = setTimeout(() => changeRemote(typed.trim(), remoteSort), 300);
    return () => clearTimeout(t);
  }, [typed, remoteQ, remoteSort, changeRemote]);
  const q = remote ? typed : localQ;
  const sort = remote ? remote.sort : localSort;

  const shown = useMemo(() => {
    if (remote) return rows;
    const needle = q.trim();
    const list = needle ? rows.filter((r) => r.name.includes(needle)) : rows.slice();
    const rate = (r: HeatRow) => r.total.rate ?? (sort === 'worst' ? 2 : -1);
    if (sort === 'worst') list.sort((a, b) => rate(a) - rate(b) || b.total.missed - a.total.missed);
    if (sort === 'best') list.sort((a, b) => rate(b) - rate(a));
    return list;
  }, [rows, q, sort, remote]);

  const columns: ColumnsType<HeatRow> = [
    {
      title: '党组织',
      dataIndex: 'name',
      fixed: 'left',
      width: nameWidth,
      render: (name: string, r) => (
        <div className="heat-org">
          <span className="heat-org-name" title={name} data-testid="heat-org-name">
            {name}
          </span>
          <span className="heat-org-meta">
            <Tag style={{ marginInlineEnd: 4 }}>{orgKindLabel(r.kind)}</Tag>
            <span className="muted small">{r.hasChildren ? '下钻' : '日历'}</span>
            <RightOutlined className="muted small" />
          </span>
        </div>
      ),
    },
    {
      title: '完成率',
      key: 'rate',
      width: rateWidth,
      align: 'center',
      render: (_: unknown, r) => (
        <Tooltip title={countsTooltip(r.total)}>
          <b style={{ color: cellColor(r.total).key.startsWith('missed') ? '#cf1322' : undefined }}>
            {pct(r.total.rate)}
          </b>
          {r.total.missed ? <div className="small heat-missed-count">未完成 {r.total.missed}</div> : null}
          {r.total.due ? <div className="small heat-due-count">待完成 {r.total.due}</div> : null}
        </Tooltip>
      ),
    },
    ...months.map((month, i) => ({
      title: (
        <span className="heat-month" title={monthLabel(month)}>
          {i === 0 || month.endsWith('-01') ? monthLabel(month) : monthLabel(month, true)}
        </span>
      ),
      key: month,
      width: monthWidth(month, i),
      align: 'center' as const,
      onCell: () => ({ className: 'heat-td' }),
      render: (_: unknown, r: HeatRow) => {
        const c = r.cells.find((x) => x.month === month);
        return c ? <Cell c={c} month={month} /> : null;
      },
    })),
  ];

  return (
    <div data-testid="heat-map">
      <div className="heat-toolbar">
        <Input
          value={q}
          onChange={(e) => {
            if (remote) setTyped(e.target.value);
            else setQ(e.target.value);
            setPage((p) => ({ ...p, current: 1 }));
          }}
          allowClear
          prefix={<SearchOutlined />}
          placeholder="按名称筛选"
          style={{ width: 200 }}
          data-testid="heat-filter"
        />
        <Segmented<Sort>
          value={sort}
          onChange={(v) => {
            if (remote) remote.onChange(typed.trim(), v);
            else setSort(v);
            setPage((p) => ({ ...p, current: 1 }));
          }}
          options={[
            { value: 'tree', label: '按组织' },
            { value: 'worst', label: '完成率低的在前' },
            { value: 'best', label: '完成率高的在前' },
          ]}
        />
      </div>
      <Table<HeatRow>
        size="small"
        rowKey="orgId"
        loading={loading}
        dataSource={shown}
        columns={columns}
        bordered
        className="heat-table"
        scroll={{ x: nameWidth + rateWidth + months.reduce((sum, m, i) => sum + monthWidth(m, i), 0) }}
        pagination={
          serverPage
            ? false
            : {
                ...page,
                total: shown.length,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                hideOnSinglePage: shown.length <= 20,
                showTotal: (t) => `共 ${t} 个党组织`,
                onChange: (current, pageSize) => setPage({ current, pageSize }),
              }
        }
        onRow={(r) => ({
          onClick: () => onOpen(r),
          style: { cursor: 'pointer' },
          'data-testid': 'heat-row',
          'data-has-children': r.hasChildren ? 'true' : 'false',
        })}
        locale={{ emptyText: q ? '没有名称匹配的党组织' : '该组织下没有需要考核的党支部' }}
      />
    </div>
  );
}
