import { DashboardOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { DEVELOPMENT_STAGES } from '../../../../domain/development/steps';
import { CASE_STATUSES } from '../../../../shared/contracts/development';
import { exportsApi } from '../../../../shared/contracts/exports';
import { type CaseSummary, useCases } from '../../../api/development';
import { useMe } from '../../../api/hooks';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDate } from '../../../format';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { can } from '../../orglife/orglife';
import {
  CASE_STATUS_COLORS,
  caseStatusLabel,
  caseStatusOptions,
  STAGE_COLORS,
  stageLabel,
  stageOptions,
  stepTitle,
  VERSION_COLORS,
  versionLabel,
} from '../development';

const filterSchema = z.object({
  orgId: param.int(),
  stage: param.oneOf(DEVELOPMENT_STAGES),
  status: param.oneOf(CASE_STATUSES),
  q: param.text(),
  ...paging,
});

/** 发展对象名册 (`/development/cases`): every development case in scope, filtered in the address. */
export default function CaseListPage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const { orgId, stage, status, q, current, pageSize } = filters;
  const [search, setSearch] = useState(q ?? '');
  useEffect(() => setSearch(q ?? ''), [q]);

  const list = useCases({ orgId, stage, status, q, current, pageSize });

  const columns: ColumnsType<CaseSummary> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 130,
      render: (name: string, c) => (
        <Space size={4} orientation="vertical">
          <Link to={`/development/cases/${c.id}`} data-testid="case-link">
            {name}
          </Link>
          <span className="muted small">
            {c.gender === 'female' ? '女' : c.gender === 'male' ? '男' : ''} {c.age}岁
          </span>
        </Space>
      ),
    },
    { title: '党支部', dataIndex: 'orgName', ellipsis: true },
    {
      title: '阶段',
      dataIndex: 'stage',
      width: 150,
      render: (s: string, c) => (
        <Space size={4} wrap>
          <Tag
            color={STAGE_COLORS[s as keyof typeof STAGE_COLORS]}
            style={{ marginInlineEnd: 0 }}
            data-testid="case-stage"
          >
            {stageLabel(s)}
          </Tag>
          {c.status !== 'active' ? (
            <Tag color={CASE_STATUS_COLORS[c.status]} style={{ marginInlineEnd: 0 }}>
              {caseStatusLabel(c.status)}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: '适用细则',
      dataIndex: 'version',
      width: 110,
      responsive: ['lg'],
      render: (v: string) => <Tag color={VERSION_COLORS[v]}>{versionLabel(v)}</Tag>,
    },
    {
      title: '已办步骤',
      key: 'last',
      width: 180,
      responsive: ['md'],
      render: (_: unknown, c) =>
        c.lastStepKey ? (
          <Space size={0} orientation="vertical">
            <span>{stepTitle(c.lastStepKey)}</span>
            <span className="muted small">{fmtDate(c.lastStepOn)}</span>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '下一步',
      key: 'next',
      width: 220,
      render: (_: unknown, c) =>
        c.status !== 'active' || !c.nextTitle ? (
          <span className="muted">—</span>
        ) : (
          <Space size={0} orientation="vertical">
            <span>{c.nextTitle}</span>
            {c.nextDueOn ? (
              <span className={c.overdue ? 'text-danger small' : 'muted small'} data-testid="case-next-due">
                {c.overdue ? '已逾期，' : ''}应于 {fmtDate(c.nextDueOn)} 前办理
              </span>
            ) : c.nextEarliestOn ? (
              <span className="muted small">{fmtDate(c.nextEarliestOn)} 起可办理</span>
            ) : null}
          </Space>
        ),
    },
  ];

  const filtered = orgId || stage || status || q;

  return (
    <div className="page">
      <PageHeader
        title="发展对象名册"
        subtitle="入党申请人、入党积极分子、发展对象和预备党员的发展全过程记录，按《中国共产党发展党员工作细则》逐步登记。"
        extra={
          <>
            <Link to={orgId ? `/development?orgId=${orgId}` : '/development'}>
              <Button icon={<DashboardOutlined />}>发展党员看板</Button>
            </Link>
            <ExportButton contract={exportsApi.developmentCases} query={{ orgId, stage, status, q }} />
            {can(me, 'development.write') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() =>
                  navigate(orgId ? `/development/cases/new?orgId=${orgId}` : '/development/cases/new')
                }
                data-testid="case-add"
              >
                新建申请
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar testId="case-filters" filtered={!!filtered} onClear={clearFilters}>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          placeholder="全部党组织（含下级）"
          style={{ width: 260 }}
          className="filter-wide"
          testId="filter-org"
        />
        <Select
          value={stage}
          onChange={(v) => update({ stage: v })}
          options={stageOptions}
          placeholder="阶段"
          allowClear
          style={{ width: 140 }}
          data-testid="filter-stage"
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v })}
          options={caseStatusOptions}
          placeholder="状态"
          allowClear
          style={{ width: 160 }}
          data-testid="filter-status"
        />
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          placeholder="姓名或拼音"
          allowClear
          style={{ width: 200 }}
          data-testid="filter-q"
        />
      </FilterBar>
      <PagedTable<CaseSummary>
        query={list}
        columns={columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(total) => <span data-testid="case-total">共 {total} 人</span>}
        pageSizeOptions={[10, 20, 50, 100]}
        emptyText={filtered ? '没有符合条件的记录' : '还没有入党申请记录'}
        scroll={{ x: 960 }}
        size="middle"
        data-testid="case-table"
        onRow={(c) => ({
          onClick: (e) => {
            if ((e.target as HTMLElement).closest('a')) return;
            navigate(`/development/cases/${c.id}`);
          },
          style: { cursor: 'pointer' },
        })}
      />
    </div>
  );
}
