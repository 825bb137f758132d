import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  type ProgressChildDto,
  type ProgressMemberDto,
  progressApi,
  STANDING_LABELS,
  STANDINGS,
  type Standing,
  TARGET_ROLE_LABELS,
} from '../../../shared/contracts/progress';
import { useMe, useOrgAncestors } from '../../api/hooks';
import { useProgressMembers, useProgressSummary, useProgressTraining } from '../../api/progress';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { OrgBreadcrumb, scopedAncestors } from '../../components/OrgBreadcrumb';
import { OrgPicker } from '../../components/OrgPicker';
import { countText, PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { type FilterPatch, paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { basisText, hoursText, percentText, STANDING_COLORS, yearOptions } from './common';

const filterSchema = z.object({
  orgId: param.int(),
  year: param.int(),
  on: param.date(),
  tab: param.oneOf(['children', 'members', 'training']),
  standing: param.oneOf(STANDINGS as unknown as ['met', 'on_pace', 'behind', 'none']),
  role: param.oneOf(['leader', 'member']),
  order: param.oneOf(['asc', 'desc']),
  ...paging,
});

/**
 * 学时进度 (`/progress?orgId=&year=&on=&tab=&standing=&role=`): the yearly study hours of an org's
 * subtree against the targets by role: the figures, the orgs below (click to drill down), the
 * member list sorted by hours (a name opens the member's credit ledger), and the new secretaries
 * and probationary members still without their training.
 */
export default function ProgressPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const thisYear = dayjs().year();
  const year = filters.year ?? (filters.on ? Number(filters.on.slice(0, 4)) : thisYear);
  const summary = useProgressSummary(orgId, year, filters.on);
  const ancestors = useOrgAncestors(orgId);
  const crumbs = scopedAncestors(me, ancestors.data);
  const tab = filters.tab ?? (filters.standing || filters.role ? 'members' : 'children');
  const update = (patch: FilterPatch<typeof filterSchema>) => setFilters(patch, { push: true });
  const s = summary.data;

  return (
    <div className="page">
      <PageHeader
        title="学时进度"
        subtitle="党员教育培训学时：按身份的年度目标、进度和下级组织情况；点击组织逐级下钻。"
      />
      <FilterBar
        testId="progress-filters"
        footer={
          crumbs.length ? (
            <OrgBreadcrumb
              crumbs={crumbs}
              currentId={orgId}
              hrefOf={(id) => `/progress?orgId=${id}&year=${year}`}
              onOpen={(id) => update({ orgId: id, current: undefined })}
              testId="progress-breadcrumb"
            />
          ) : null
        }
      >
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id, current: undefined })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 280 }}
          className="filter-wide"
          testId="progress-org"
        />
        <Select
          value={year}
          options={yearOptions(thisYear)}
          onChange={(y) =>
            update({ year: y === thisYear ? undefined : y, on: undefined, current: undefined })
          }
          style={{ width: 110 }}
          data-testid="progress-year"
        />
        <DatePicker
          value={filters.on ? dayjs(filters.on) : null}
          placeholder="截至日期（默认今天）"
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={(d) =>
            update({ on: d ? d.format('YYYY-MM-DD') : undefined, year: undefined, current: undefined })
          }
          style={{ width: 190 }}
          data-testid="progress-on"
        />
      </FilterBar>

      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : summary.error && !s ? (
        <QueryError error={summary.error} onRetry={() => summary.refetch()} />
      ) : !s ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Card style={{ marginBottom: 16 }} data-testid="progress-summary">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={4}>
                <Statistic title="党员" value={s.total.members} suffix="名" />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="达标率" value={percentText(s.total.rate)} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="已达标" value={s.total.met} suffix="名" />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title="进度落后"
                  value={s.total.behind}
                  suffix="名"
                  valueStyle={s.total.behind ? { color: '#d46b08' } : undefined}
                />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title="尚无学时"
                  value={s.total.none}
                  suffix="名"
                  valueStyle={s.total.none ? { color: '#cf1322' } : undefined}
                />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title="人均学时"
                  value={s.total.averageSeconds === null ? '—' : hoursText(s.total.averageSeconds, s.basis)}
                  suffix={s.total.averageSeconds === null ? undefined : '学时'}
                />
              </Col>
            </Row>
            <div className="muted small" style={{ marginTop: 12 }}>
              {basisText(s.basis)}
            </div>
            {s.newSecretariesUntrained || s.probationaryUntrained ? (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                showIcon
                message={[
                  s.newSecretariesUntrained ? `${s.newSecretariesUntrained}名新任书记尚未参加上级培训` : null,
                  s.probationaryUntrained ? `${s.probationaryUntrained}名预备党员尚未参加上级集中培训` : null,
                ]
                  .filter(Boolean)
                  .join('；')}
                action={
                  <Button size="small" type="link" onClick={() => update({ tab: 'training' })}>
                    查看
                  </Button>
                }
              />
            ) : null}
          </Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => update({ tab: k === 'children' ? undefined : k })}
            items={[
              {
                key: 'children',
                label: `下级组织（${s.children.length}）`,
                children: (
                  <ChildTable
                    rows={s.children}
                    basis={s.basis}
                    year={year}
                    onOpen={(id) => update({ orgId: id, tab: undefined })}
                  />
                ),
              },
              {
                key: 'members',
                label: '党员名单',
                children: <MemberTable orgId={orgId} year={year} filters={filters} update={update} />,
              },
              {
                key: 'training',
                label: '培训情况',
                children: <TrainingTables orgId={orgId} on={filters.on} />,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

function ChildTable({
  rows,
  basis,
  year,
  onOpen,
}: {
  rows: ProgressChildDto[];
  year: number;
  basis: Parameters<typeof hoursText>[1];
  onOpen: (id: number) => void;
}) {
  const columns: ColumnsType<ProgressChildDto> = [
    {
      title: '组织',
      dataIndex: 'name',
      render: (name: string, r) =>
        r.self ? (
          name
        ) : (
          <Link
            to={`/progress?orgId=${r.orgId}&year=${year}`}
            onClick={(e) => {
              e.preventDefault();
              onOpen(r.orgId);
            }}
          >
            {name}
          </Link>
        ),
    },
    { title: '党员', dataIndex: 'members', width: 80, align: 'right' },
    { title: '达标率', dataIndex: 'rate', width: 90, align: 'right', render: percentText },
    { title: '已达标', dataIndex: 'met', width: 80, align: 'right', responsive: ['md'] },
    { title: '进度落后', dataIndex: 'behind', width: 90, align: 'right' },
    { title: '尚无学时', dataIndex: 'none', width: 90, align: 'right' },
    {
      title: '人均学时',
      dataIndex: 'averageSeconds',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : hoursText(v, basis)),
    },
  ];
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table
        rowKey={(r) => `${r.orgId}${r.self ? 's' : ''}`}
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 600 }}
        locale={{ emptyText: '没有下级组织：党员名单见“党员名单”' }}
        data-testid="progress-children"
      />
    </Card>
  );
}

type Filters = ReturnType<typeof useUrlFilters<typeof filterSchema>>['filters'];

function MemberTable({
  orgId,
  year,
  filters,
  update,
}: {
  orgId: number;
  year: number;
  filters: Filters;
  update: (patch: FilterPatch<typeof filterSchema>) => void;
}) {
  const q = useProgressMembers(orgId, {
    year,
    on: filters.on,
    standing: filters.standing,
    role: filters.role,
    order: filters.order,
    current: filters.current,
    pageSize: filters.pageSize,
  });
  const basis = q.data?.basis;
  const h = (v: number) => (basis ? hoursText(v, basis) : '—');
  const columns: ColumnsType<ProgressMemberDto> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      fixed: 'left',
      render: (name: string, r) => <Link to={`/hours/members/${r.memberId}?year=${year}`}>{name}</Link>,
    },
    { title: '所在组织', dataIndex: 'orgName', ellipsis: true, responsive: ['md'] },
    {
      title: '身份',
      dataIndex: 'role',
      width: 130,
      render: (r: 'leader' | 'member') => TARGET_ROLE_LABELS[r],
    },
    { title: '在线学习', dataIndex: 'onlineSeconds', width: 90, align: 'right', render: h },
    { title: '集中培训', dataIndex: 'classSeconds', width: 90, align: 'right', render: h },
    { title: '其他学习', dataIndex: 'externalSeconds', width: 90, align: 'right', render: h },
    {
      title: '合计 / 目标',
      key: 'total',
      width: 110,
      align: 'right',
      render: (_: unknown, r) => `${h(r.totalSeconds)} / ${h(r.targetSeconds)}`,
    },
    {
      title: '进度',
      dataIndex: 'standing',
      width: 100,
      render: (s: Standing) => <Tag color={STANDING_COLORS[s]}>{STANDING_LABELS[s]}</Tag>,
    },
  ];
  return (
    <PagedTable
      query={q}
      current={filters.current}
      pageSize={filters.pageSize}
      onPageChange={(c) => update(c)}
      totalText={(n) => countText(n, false, '名党员')}
      emptyText="没有符合条件的党员"
      rowKey="memberId"
      columns={columns}
      size="middle"
      scroll={{ x: 820 }}
      data-testid="progress-members"
      header={
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', padding: '12px 0' }}>
          <Select
            allowClear
            placeholder="进度"
            value={filters.standing}
            onChange={(v) => update({ standing: v, tab: 'members', current: undefined })}
            options={STANDINGS.map((s) => ({ value: s, label: STANDING_LABELS[s] }))}
            style={{ width: 130 }}
            data-testid="progress-standing"
          />
          <Select
            allowClear
            placeholder="身份"
            value={filters.role}
            onChange={(v) => update({ role: v, tab: 'members', current: undefined })}
            options={[
              { value: 'leader', label: TARGET_ROLE_LABELS.leader },
              { value: 'member', label: TARGET_ROLE_LABELS.member },
            ]}
            style={{ width: 160 }}
          />
          <Select
            value={filters.order ?? 'asc'}
            onChange={(v) =>
              update({ order: v === 'asc' ? undefined : v, tab: 'members', current: undefined })
            }
            options={[
              { value: 'asc', label: '学时从少到多' },
              { value: 'desc', label: '学时从多到少' },
            ]}
            style={{ width: 150 }}
          />
          <ExportButton
            contract={progressApi.membersExport}
            query={{
              orgId,
              year,
              on: filters.on,
              standing: filters.standing,
              role: filters.role,
              order: filters.order ?? 'asc',
            }}
          />
        </div>
      }
    />
  );
}

const moreText = (total: number, shown: number) =>
  `共${total}名，按期限列出最紧的${shown}名；请选择下级组织查看其余。`;

function TrainingTables({ orgId, on }: { orgId: number; on?: string }) {
  const q = useProgressTraining(orgId, on);
  if (q.error && !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const t = q.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card
          title={t ? `新任书记培训（${t.newSecretariesTotal}名未完成）` : '新任书记培训'}
          extra={
            t ? <span className="muted small">任职{t.months}个月内须参加上级党组织的集中培训</span> : null
          }
          styles={{ body: { padding: 0 } }}
        >
          <Table
            rowKey={(r) => `${r.orgId}-${r.memberId}`}
            loading={q.isLoading}
            dataSource={t?.newSecretaries ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
            footer={
              t && t.newSecretariesTotal > t.newSecretaries.length
                ? () => moreText(t.newSecretariesTotal, t.newSecretaries.length)
                : undefined
            }
            size="middle"
            scroll={{ x: 480 }}
            locale={{ emptyText: '没有尚未培训的新任书记' }}
            data-testid="progress-new-secretaries"
            columns={[
              { title: '姓名', dataIndex: 'name', width: 90 },
              { title: '组织', dataIndex: 'orgName', ellipsis: true },
              { title: '任职日期', dataIndex: 'startedOn', width: 110 },
              {
                title: '培训期限',
                key: 'deadline',
                width: 150,
                render: (_: unknown, r) =>
                  r.state === 'overdue' ? (
                    <Tag color="red">{r.deadline} 已逾期</Tag>
                  ) : (
                    <Tag color={r.daysLeft <= 30 ? 'orange' : 'blue'}>
                      {r.deadline}（剩{r.daysLeft}天）
                    </Tag>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          title={t ? `预备党员培训（${t.probationaryTotal}名未完成）` : '预备党员培训'}
          extra={<span className="muted small">预备期内须参加上级党组织举办的集中培训</span>}
          styles={{ body: { padding: 0 } }}
        >
          {t && !t.probationaryRequired ? (
            <Empty style={{ padding: 24 }} description="本系统未要求预备党员参加集中培训（规则已关闭）" />
          ) : (
            <Table
              rowKey="memberId"
              loading={q.isLoading}
              dataSource={t?.probationary ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              footer={
                t && t.probationaryTotal > t.probationary.length
                  ? () => moreText(t.probationaryTotal, t.probationary.length)
                  : undefined
              }
              size="middle"
              scroll={{ x: 480 }}
              locale={{ emptyText: '预备党员均已参加培训' }}
              data-testid="progress-probationary"
              columns={[
                { title: '姓名', dataIndex: 'name', width: 90 },
                { title: '组织', dataIndex: 'orgName', ellipsis: true },
                { title: '入党日期', dataIndex: 'joinedOn', width: 110 },
                { title: '预备期满', dataIndex: 'probationEndsOn', width: 110 },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
