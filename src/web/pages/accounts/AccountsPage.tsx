import { App, Button, Card, Modal, Popconfirm, Select, Statistic, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { ACCOUNT_STATES, type AccountState } from '../../../shared/contracts/accounts';
import {
  type AccountBatch,
  type AccountMember,
  type Slip,
  useAccountBatches,
  useAccountMembers,
  useAccountSummary,
  useIssueAccounts,
  useReissueCode,
} from '../../api/accounts';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/hooks';
import { FilterBar } from '../../components/FilterBar';
import { OrgPicker } from '../../components/OrgPicker';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { SlipCard } from './SlipsPage';
import './accounts.css';

const STATE_LABELS: Record<AccountState, string> = {
  none: '未发放',
  pending: '待激活',
  active: '已激活',
  disabled: '已停用',
};
const STATE_COLORS: Record<AccountState, string> = {
  none: 'default',
  pending: 'gold',
  active: 'green',
  disabled: 'red',
};

const filterSchema = z.object({
  orgId: param.int(),
  tab: param.oneOf(['batches', 'members']),
  state: param.oneOf(ACCOUNT_STATES),
  ...paging,
});

const at = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/**
 * 账号发放 (`/accounts`): an org admin or secretary creates the accounts of every member below the
 * chosen org who has none (only the 党员 role, the member's own record), prints the activation
 * slips, and hands a member a new code when one was lost or locked (decision 0039).
 */
export default function AccountsPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const summary = useAccountSummary(orgId);
  const batches = useAccountBatches({ orgId, current: filters.current, pageSize: filters.pageSize });
  const members = useAccountMembers({
    orgId: orgId ?? 0,
    state: filters.state,
    current: filters.current,
    pageSize: filters.pageSize,
  });
  const issue = useIssueAccounts();
  const reissue = useReissueCode();
  const [slip, setSlip] = useState<Slip | null>(null);
  const s = summary.data;

  const onIssue = async () => {
    if (!orgId) return;
    try {
      const b = await issue.mutateAsync({ orgId });
      message.success(`已为 ${b.created} 名党员创建账号`);
      if (b.open > 0) navigate(`/accounts/batches/${b.id}/slips`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '创建失败，请稍后再试');
    }
  };

  const onReissue = async (m: AccountMember) => {
    try {
      setSlip(await reissue.mutateAsync(m.memberId));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '发放失败，请稍后再试');
    }
  };

  const batchColumns = [
    { title: '发放时间', dataIndex: 'createdAt', render: (v: string) => at(v) },
    { title: '党组织', dataIndex: 'orgName' },
    { title: '新建账号', dataIndex: 'created' },
    { title: '待激活', dataIndex: 'open' },
    { title: '操作人', dataIndex: 'createdBy' },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, b: AccountBatch) =>
        b.open > 0 ? (
          <Link to={`/accounts/batches/${b.id}/slips`} data-testid={`batch-slips-${b.id}`}>
            打印激活单
          </Link>
        ) : (
          '—'
        ),
    },
  ];

  const memberColumns = [
    { title: '姓名', dataIndex: 'name' },
    { title: '党组织', dataIndex: 'orgName' },
    {
      title: '账号状态',
      dataIndex: 'state',
      render: (v: AccountState, m: AccountMember) => (
        <>
          <Tag color={STATE_COLORS[v]}>{STATE_LABELS[v]}</Tag>
          {m.codeLocked ? <Tag color="red">激活码已锁定</Tag> : null}
        </>
      ),
    },
    { title: '用户名', dataIndex: 'username', render: (v: string | null) => v ?? '—' },
    {
      title: '激活码有效期',
      dataIndex: 'codeExpiresAt',
      render: (v: string | null, m: AccountMember) => (m.state === 'pending' ? at(v) : '—'),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, m: AccountMember) =>
        m.state === 'none' || m.state === 'pending' ? (
          <Button size="small" onClick={() => onReissue(m)} data-testid={`reissue-${m.memberId}`}>
            {m.state === 'none' ? '发放激活码' : '重新发放'}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="账号发放"
        subtitle="为本组织及下级党组织的党员批量开通账号：账号只含“党员”角色，只能查看本人信息；党员凭激活码和身份证号后6位自行激活。"
      />
      <FilterBar testId="accounts-filters">
        <OrgPicker
          value={orgId}
          allowClear={false}
          onChange={(id) => setFilters({ orgId: id })}
          style={{ width: 320, maxWidth: '100%' }}
          testId="accounts-org"
        />
      </FilterBar>
      <Card style={{ marginBottom: 16 }} data-testid="accounts-summary">
        <div className="account-stats">
          <Statistic title="名册党员" value={s?.members ?? '—'} />
          <Statistic title="未发放账号" value={s?.withoutAccount ?? '—'} />
          <Statistic title="待激活" value={s?.pending ?? '—'} />
          <Statistic title="已激活" value={s?.activated ?? '—'} />
          <Statistic title="已停用" value={s?.disabled ?? '—'} />
        </div>
        <Popconfirm
          title={`为 ${s?.orgName ?? ''} 及下级的 ${s?.withoutAccount ?? 0} 名党员创建账号？`}
          description="已有账号的党员不受影响；创建后可打印激活单。"
          okText="创建"
          cancelText="取消"
          onConfirm={onIssue}
          disabled={!s || s.withoutAccount === 0}
        >
          <Button
            type="primary"
            loading={issue.isPending}
            disabled={!s || s.withoutAccount === 0}
            data-testid="accounts-issue"
          >
            {s && s.withoutAccount > 0 ? `为 ${s.withoutAccount} 名党员创建账号` : '没有需要创建账号的党员'}
          </Button>
        </Popconfirm>
      </Card>
      <Tabs
        activeKey={filters.tab ?? 'batches'}
        onChange={(tab) => setFilters({ tab: tab === 'batches' ? undefined : (tab as 'members') })}
        items={[
          {
            key: 'batches',
            label: '发放批次',
            children: (
              <PagedTable<AccountBatch>
                query={batches}
                current={filters.current}
                pageSize={filters.pageSize}
                onPageChange={(p) => setFilters(p, { keepPage: true })}
                columns={batchColumns}
                emptyText="还没有发放过账号"
                scroll={{ x: 'max-content' }}
                data-testid="accounts-batches"
              />
            ),
          },
          {
            key: 'members',
            label: '党员账号',
            children: (
              <PagedTable<AccountMember>
                query={members}
                rowKey="memberId"
                current={filters.current}
                pageSize={filters.pageSize}
                onPageChange={(p) => setFilters(p, { keepPage: true })}
                columns={memberColumns}
                emptyText="没有符合条件的党员"
                scroll={{ x: 'max-content' }}
                header={
                  <Select
                    allowClear
                    placeholder="账号状态"
                    style={{ width: 160, margin: '12px 0' }}
                    value={filters.state}
                    onChange={(v) => setFilters({ state: v })}
                    options={ACCOUNT_STATES.map((v) => ({ value: v, label: STATE_LABELS[v] }))}
                    data-testid="accounts-state"
                  />
                }
                data-testid="accounts-members"
              />
            ),
          },
        ]}
      />
      <Modal
        open={slip !== null}
        title="激活单"
        onCancel={() => setSlip(null)}
        footer={[
          <Button key="print" onClick={() => window.print()}>
            打印
          </Button>,
          <Button key="ok" type="primary" onClick={() => setSlip(null)}>
            完成
          </Button>,
        ]}
      >
        {slip ? <SlipCard slip={slip} /> : null}
        <p style={{ marginTop: 12, color: '#8c8c8c' }}>旧的激活码已作废。请当面交给党员本人。</p>
      </Modal>
    </div>
  );
}
