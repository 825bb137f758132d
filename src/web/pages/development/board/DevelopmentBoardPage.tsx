import { PlusOutlined, ScheduleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Spin, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import {
  type BoardDto,
  COHORT_KINDS,
  COHORT_LABELS,
  type CohortKind,
} from '../../../../shared/contracts/development';
import { type CaseSummary, useBoard, useCohort } from '../../../api/development';
import { useMe, useOrgAncestors } from '../../../api/hooks';
import { FilterBar } from '../../../components/FilterBar';
import { OrgBreadcrumb, scopedAncestors } from '../../../components/OrgBreadcrumb';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDate } from '../../../format';
import { param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { can } from '../../orglife/orglife';
import { DEVELOPMENT_STAGES, STAGE_COLORS, STAGE_SHORT, stageLabel } from '../development';

const filterSchema = z.object({ orgId: param.int() });

const PIPELINE = ['applicant', 'activist', 'candidate', 'probationary'] as const;

function Pipeline({ board, orgId }: { board: BoardDto; orgId: number }) {
  const navigate = useNavigate();
  const byStage = new Map(board.stages.map((s) => [s.stage, s]));
  return (
    <div className="summary-grid dev-pipeline" data-testid="dev-pipeline">
      {PIPELINE.map((stage, i) => {
        const s = byStage.get(stage);
        const overdue = s?.overdue ?? 0;
        return (
          <button
            type="button"
            key={stage}
            className="summary-card dev-stage-card"
            onClick={() => navigate(`/development/cases?orgId=${orgId}&stage=${stage}&status=active`)}
            data-testid={`stage-${stage}`}
          >
            <div className="summary-title">
              <span className="dev-stage-no">{i + 1}</span>
              {STAGE_SHORT[stage]}
            </div>
            <div className="summary-value">
              {s?.count ?? 0}
              <span className="summary-unit">人</span>
            </div>
            <div className="summary-hint" style={overdue ? { color: '#cf1322' } : undefined}>
              {overdue ? `逾期未办 ${overdue} 人` : '无逾期'}
            </div>
          </button>
        );
      })}
      <div className="summary-card summary-rate" data-testid="stage-confirmed">
        <div className="summary-title">
          <span className="dev-stage-no">5</span>本年转正
        </div>
        <div className="summary-value">
          {board.confirmedThisYear}
          <span className="summary-unit">人</span>
        </div>
        <div className="summary-hint">本年接收预备党员 {board.admittedThisYear} 人</div>
      </div>
    </div>
  );
}

/** The date that matters for each cohort, with what it means. */
function cohortDate(kind: CohortKind, c: CaseSummary): { label: string; date: string | null } {
  if (kind === 'eligible_candidates') return { label: '可列为发展对象', date: c.nextEarliestOn };
  if (kind === 'probation_ending') return { label: '预备期满', date: c.probationEndsOn };
  return { label: '应办期限', date: c.nextDueOn };
}

const COHORT_HINTS: Record<CohortKind, string> = {
  eligible_candidates:
    '入党积极分子培养教育满一年、本月起可以确定为发展对象（《中国共产党发展党员工作细则》第十三条）。',
  probation_ending:
    '预备期（一年，自支部党员大会通过之日算起）即将届满（提示天数见规则库，默认60天），应及时提出转正申请、召开支部党员大会讨论。',
  overdue: '已超过细则规定期限、尚未办理下一步的发展对象。',
};

function CohortTable({ orgId, kind }: { orgId: number; kind: CohortKind }) {
  const q = useCohort(orgId, kind);
  const columns: ColumnsType<CaseSummary> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, c) => (
        <Link to={`/development/cases/${c.id}`} data-testid="cohort-case-link">
          {name}
        </Link>
      ),
    },
    { title: '党支部', dataIndex: 'orgName', ellipsis: true },
    {
      title: '阶段',
      dataIndex: 'stage',
      width: 120,
      render: (s: string) => <Tag color={STAGE_COLORS[s as keyof typeof STAGE_COLORS]}>{stageLabel(s)}</Tag>,
    },
    {
      title: '下一步',
      dataIndex: 'nextTitle',
      ellipsis: true,
      render: (t: string | null) => t ?? '—',
    },
    {
      title: cohortDate(kind, {} as CaseSummary).label,
      key: 'date',
      width: 130,
      render: (_: unknown, c) => {
        const d = cohortDate(kind, c).date;
        return <span className={kind === 'overdue' ? 'text-danger' : undefined}>{fmtDate(d)}</span>;
      },
    },
  ];
  if (q.error && !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      <div className="muted small" style={{ marginBottom: 8 }}>
        {COHORT_HINTS[kind]}
      </div>
      <Table<CaseSummary>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        columns={columns}
        pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 620 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" /> }}
        data-testid={`cohort-${kind}`}
      />
    </>
  );
}

function CohortCount({ orgId, kind }: { orgId: number; kind: CohortKind }) {
  const q = useCohort(orgId, kind);
  if (!q.data) return null;
  return (
    <Tag
      color={kind === 'overdue' ? (q.data.length ? 'error' : 'default') : 'processing'}
      style={{ marginInlineStart: 6 }}
    >
      {q.data.length}
    </Tag>
  );
}

function ChildrenTable({ board, onOpen }: { board: BoardDto; onOpen: (orgId: number) => void }) {
  const columns: ColumnsType<BoardDto['children'][number]> = [
    {
      title: '下级党组织',
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, r) => (
        <a
          href={`/development?orgId=${r.orgId}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen(r.orgId);
          }}
          data-testid="board-child"
        >
          {name}
        </a>
      ),
    },
    ...DEVELOPMENT_STAGES.filter((s) => s !== 'full').map((s) => ({
      title: STAGE_SHORT[s],
      key: s,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: BoardDto['children'][number]) => r.counts[s] ?? 0,
    })),
    {
      title: '合计',
      key: 'total',
      width: 80,
      align: 'right',
      render: (_: unknown, r) => (
        <b>{DEVELOPMENT_STAGES.filter((s) => s !== 'full').reduce((n, s) => n + (r.counts[s] ?? 0), 0)}</b>
      ),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="orgId"
      dataSource={board.children}
      columns={columns}
      pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 680 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有下级党组织" /> }}
      data-testid="board-children"
    />
  );
}

/**
 * 发展党员看板 (`/development?orgId=`): the pipeline of an org's subtree by stage with overdue
 * counts, the three cohorts that need action, and the children with their counts (drill down).
 */
export default function DevelopmentBoardPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const board = useBoard(orgId);
  const ancestors = useOrgAncestors(orgId);
  const b = board.data;
  const crumbs = scopedAncestors(me, ancestors.data);
  const canWrite = can(me, 'development.write');

  // A pushed entry: the back button climbs back out of a drill-down.
  const open = (id: number | undefined) => setFilters({ orgId: id }, { push: true });

  return (
    <div className="page">
      <PageHeader
        title="发展党员看板"
        subtitle="按《中国共产党发展党员工作细则》五个阶段统计在途人数，逾期未办的标红；点击阶段查看名单，点击下级组织逐级下钻。"
        extra={
          <>
            <Link to={orgId ? `/development/cases?orgId=${orgId}` : '/development/cases'}>
              <Button icon={<UnorderedListOutlined />}>发展对象名册</Button>
            </Link>
            <Link to={orgId ? `/development/plans?orgId=${orgId}` : '/development/plans'}>
              <Button icon={<ScheduleOutlined />}>发展计划</Button>
            </Link>
            {canWrite ? (
              <Link to="/development/cases/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="board-case-add">
                  新建申请
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <FilterBar
        footer={
          crumbs.length > 1 ? (
            <OrgBreadcrumb
              crumbs={crumbs}
              currentId={orgId}
              hrefOf={(id) => `/development?orgId=${id}`}
              onOpen={open}
              testId="board-breadcrumb"
            />
          ) : null
        }
      >
        <OrgPicker
          value={orgId}
          onChange={(id) => open(id)}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="board-org"
        />
      </FilterBar>
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : board.error && !b ? (
        <QueryError error={board.error} onRetry={() => board.refetch()} />
      ) : !b ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Spin spinning={board.isPlaceholderData} delay={150}>
          <div className="page">
            <Pipeline board={b} orgId={orgId} />
            <Card styles={{ body: { paddingTop: 4 } }}>
              <Tabs
                items={COHORT_KINDS.map((k) => ({
                  key: k,
                  label: (
                    <span data-testid={`tab-${k}`}>
                      {COHORT_LABELS[k]}
                      <CohortCount orgId={orgId} kind={k} />
                    </span>
                  ),
                  children: <CohortTable orgId={orgId} kind={k} />,
                }))}
              />
            </Card>
            {b.children.length ? (
              <Card title="下级党组织" extra={<span className="muted small">点击名称查看该组织的看板</span>}>
                <ChildrenTable board={b} onOpen={open} />
              </Card>
            ) : null}
          </div>
        </Spin>
      )}
    </div>
  );
}
