import { CalendarOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Pagination,
  Row,
  Skeleton,
  Spin,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useCompliance, useMe, useOrgAncestors } from '../../../api/hooks';
import type { ComplianceItem, HeatRow } from '../../../api/types';
import { EChart } from '../../../components/EChart';
import { FilterBar } from '../../../components/FilterBar';
import { OrgBreadcrumb, scopedAncestors } from '../../../components/OrgBreadcrumb';
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
  meetingKindLabel,
  monthLabel,
} from '../orglife';
import { ByKind, Summary, trendOption } from './ComplianceSummary';
import { HeatLegend, HeatMap } from './HeatMap';
import { ItemTable } from './ItemTable';

/** The range of months, this year so far by default. */
const filterSchema = z.object({
  orgId: param.int(),
  from: param.month().default(() => `${dayjs().year()}-01`),
  to: param.month().default(() => dayjs().format('YYYY-MM')),
  rowsPage: param.int(),
  /** The heat map's name filter and order, applied by the server across all the children. */
  rowsQ: param.text(),
  rowsSort: param.oneOf(['tree', 'worst', 'best'] as const),
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
  const compliance = useCompliance(orgId, from, to, filters.rowsPage, {
    rowsQ: filters.rowsQ,
    rowsSort: filters.rowsSort,
  });
  const ancestors = useOrgAncestors(orgId);
  const c = compliance.data;
  const option = useMemo(() => (c ? trendOption(c, isPhone) : undefined), [c, isPhone]);

  // A pushed entry: the back button climbs back out of a drill-down. Another org or range starts
  // the heat map at its first page.
  const update = (patch: FilterPatch<typeof filterSchema>) =>
    setFilters({ rowsPage: undefined, rowsQ: undefined, rowsSort: undefined, ...patch }, { push: true });

  const open = (row: HeatRow) => {
    if (row.hasChildren && row.orgId !== orgId) update({ orgId: row.orgId });
    else navigate(`/orgs/${row.orgId}/orglife?year=${to.slice(0, 4)}`);
  };

  // More children than a page, or a filter or order already asked of the server: the server
  // filters and ranks them all, then pages; a smaller heat map is filtered here.
  const serverHeat = !!(filters.rowsQ || filters.rowsSort) || (!!c && c.rowsTotal > c.rowsPageSize);

  const crumbs = scopedAncestors(me, ancestors.data);
  const current = crumbs.find((a) => a.id === orgId);

  return (
    <div className="page">
      <PageHeader
        title="合规看板"
        subtitle="三会一课等组织生活制度的落实情况：按考核周期结束月份统计，点击组织逐级下钻。"
      />
      <FilterBar
        testId="compliance-filters"
        footer={
          crumbs.length ? (
            <OrgBreadcrumb
              crumbs={crumbs}
              currentId={orgId}
              hrefOf={(id) => `/compliance?orgId=${id}&from=${from}&to=${to}`}
              onOpen={(id) => update({ orgId: id })}
              testId="compliance-breadcrumb"
            />
          ) : null
        }
      >
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
      </FilterBar>

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
                <span className="muted small" data-testid="heat-count">
                  {c.rowsTotal > c.rowsPageSize
                    ? `共 ${c.rowsTotal} 个下级组织，第 ${c.rowsPage} 页`
                    : `${c.rows.length} 个党组织`}{' '}
                  × {c.months.length} 个月
                </span>
              }
            >
              <HeatMap
                rows={c.rows}
                months={c.months}
                loading={compliance.isFetching}
                onOpen={open}
                compact={isPhone}
                serverPage={serverHeat}
                server={{
                  q: filters.rowsQ ?? '',
                  sort: filters.rowsSort ?? 'tree',
                  // A new filter or order starts at its first page (replacing the entry: typing
                  // is not a step the back button should replay).
                  onChange: (q, sort) =>
                    setFilters({
                      rowsQ: q || undefined,
                      rowsSort: sort === 'tree' ? undefined : sort,
                      rowsPage: undefined,
                    }),
                }}
              />
              <HeatLegend />
              {c.rowsTotal > c.rowsPageSize ? (
                // A committee with hundreds of children: 50 a page, in the tree's order.
                <Pagination
                  size="small"
                  align="end"
                  style={{ marginTop: 12 }}
                  current={c.rowsPage}
                  pageSize={c.rowsPageSize}
                  total={c.rowsTotal}
                  showSizeChanger={false}
                  onChange={(p) => setFilters({ rowsPage: p > 1 ? p : undefined })}
                  data-testid="heat-pages"
                />
              ) : null}
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
