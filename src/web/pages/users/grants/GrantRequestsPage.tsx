import { App, Button, Form, Input, Segmented, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { z } from 'zod';
import {
  GRANT_ACTION_LABELS,
  GRANT_STATUS_LABELS,
  type GrantRequestDto,
} from '../../../../shared/contracts/users';
import { errorMessage } from '../../../api/client';
import { useMe } from '../../../api/hooks';
import { useDecideGrant, useGrantRequests, useWithdrawGrant } from '../../../api/users';
import { FormModal } from '../../../components/FormModal';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDateTime } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { roleLabel } from '../../../labels';

const filterSchema = z.object({ status: param.text(), ...paging });
const STATUS_COLORS = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
} as const;

function DecideModal({
  request,
  approve,
  onClose,
}: {
  request: GrantRequestDto;
  approve: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ note?: string }>();
  const decide = useDecideGrant();
  const { message } = App.useApp();
  return (
    <FormModal<{ note?: string }>
      title={`${approve ? '批准' : '驳回'}：${GRANT_ACTION_LABELS[request.action]}${request.displayName}（${request.username}）${roleLabel(request.role)}`}
      open
      onClose={onClose}
      form={form}
      okText={approve ? '批准' : '驳回'}
      danger={!approve}
      width={520}
      testId="grant-decide-modal"
      onSubmit={async (v) => {
        await decide.mutateAsync({ id: request.id, body: { approve, note: v.note?.trim() || undefined } });
        message.success(approve ? '已批准，立即生效' : '已驳回');
      }}
    >
      <div className="small" style={{ marginBottom: 12 }}>
        <div>
          {GRANT_ACTION_LABELS[request.action]} <b>{roleLabel(request.role)}</b> @ {request.orgName}
        </div>
        <div className="muted">
          申请人 {request.proposedBy} · {fmtDateTime(request.proposedAt)} · 理由：{request.reason}
        </div>
      </div>
      <Form.Item
        name="note"
        label="审批意见"
        rules={approve ? [] : [{ required: true, whitespace: true, message: '驳回须填写意见' }]}
      >
        <Input.TextArea rows={2} maxLength={200} showCount data-testid="grant-note" />
      </Form.Item>
      {approve ? (
        <p className="muted small" style={{ marginBottom: 0 }}>
          批准后角色立即生效，该用户已登录的会话失效、须重新登录。
        </p>
      ) : null}
    </FormModal>
  );
}

/**
 * 授权审批: the security administrator's queue of role grants and revocations proposed for orgs in
 * its subtree (oldest first) and the decided ones; a system administrator sees its own proposals
 * here and may withdraw them. Nobody approves what they proposed, nor a grant to themselves.
 */
export default function GrantRequestsPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const status = filters.status === 'decided' ? 'decided' : 'pending';
  const { current, pageSize } = filters;
  const list = useGrantRequests({ status, current, pageSize });
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const withdraw = useWithdrawGrant();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<{ request: GrantRequestDto; approve: boolean } | null>(null);
  const canApprove = me?.permissions.includes('grant.approve') ?? false;

  const what = (r: GrantRequestDto) => (
    <div>
      <Tag color={r.action === 'grant' ? 'red' : 'default'}>{GRANT_ACTION_LABELS[r.action]}</Tag>
      <b>{roleLabel(r.role)}</b> @ {r.orgName}
    </div>
  );
  const columns: ColumnsType<GrantRequestDto> = [
    {
      title: '用户',
      key: 'user',
      width: isPhone ? 110 : 170,
      render: (_, r) => (
        <div>
          <span className="mono">{r.username}</span>
          <div>{r.displayName}</div>
        </div>
      ),
    },
    {
      title: '申请事项',
      key: 'what',
      render: (_, r) => (
        <div data-testid="grant-what">
          {what(r)}
          <div className="muted small">理由：{r.reason}</div>
          {isPhone ? (
            <div className="muted small">
              {r.proposedBy} · {fmtDateTime(r.proposedAt)}
            </div>
          ) : null}
        </div>
      ),
    },
    ...(isPhone
      ? []
      : [
          {
            title: '申请人',
            key: 'by',
            width: 170,
            render: (_: unknown, r: GrantRequestDto) => (
              <div className="small">
                {r.proposedBy}
                <div className="muted">{fmtDateTime(r.proposedAt)}</div>
              </div>
            ),
          },
        ]),
  ];
  if (status === 'decided') {
    columns.push({
      title: '结果',
      key: 'result',
      width: isPhone ? 110 : 220,
      render: (_, r) => (
        <div className="small" data-testid="grant-result">
          <Tag color={STATUS_COLORS[r.status]}>{GRANT_STATUS_LABELS[r.status]}</Tag>
          <div className="muted">
            {r.decidedBy} · {r.decidedAt ? fmtDateTime(r.decidedAt) : ''}
          </div>
          {r.decisionNote ? <div>意见：{r.decisionNote}</div> : null}
        </div>
      ),
    });
  } else {
    columns.push({
      title: '操作',
      key: 'actions',
      width: isPhone ? 76 : 150,
      render: (_, r) => {
        const own = r.proposedBy === me?.username;
        return (
          <span className={isPhone ? 'user-actions user-actions-stacked' : 'user-actions'}>
            {canApprove && !own && r.userId !== me?.id ? (
              <>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setDeciding({ request: r, approve: true })}
                  data-testid="grant-approve"
                >
                  批准
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() => setDeciding({ request: r, approve: false })}
                  data-testid="grant-reject"
                >
                  驳回
                </Button>
              </>
            ) : null}
            {own ? (
              <Button
                type="link"
                size="small"
                data-testid="grant-withdraw"
                onClick={() =>
                  withdraw.mutateAsync(r.id).then(
                    () => message.success('已撤回'),
                    (e) => message.error(errorMessage(e)),
                  )
                }
              >
                撤回
              </Button>
            ) : null}
            {!own && !(canApprove && r.userId !== me?.id) ? (
              <span className="muted small">待他人审批</span>
            ) : null}
          </span>
        );
      },
    });
  }

  return (
    <div className="page">
      <PageHeader
        title="授权审批"
        subtitle="授予或撤销角色由系统管理员提出，经另一名安全管理员批准后生效；不能审批本人提出的申请或授予本人的角色。"
      />
      <PagedTable<GrantRequestDto>
        header={
          <Segmented
            value={status}
            onChange={(v) =>
              setFilters({ status: v === 'decided' ? 'decided' : undefined, current: undefined })
            }
            options={[
              { value: 'pending', label: '待审批' },
              { value: 'decided', label: '已处理' },
            ]}
            data-testid="grant-status"
          />
        }
        query={list}
        columns={columns}
        rowKey="id"
        current={current}
        pageSize={pageSize}
        onPageChange={setFilters}
        totalText={(total) => <span data-testid="grant-total">共 {total} 条</span>}
        emptyText={status === 'pending' ? '没有待审批的申请' : '没有已处理的申请'}
        size={isPhone ? 'small' : 'middle'}
        data-testid="grant-table"
      />
      {deciding ? (
        <DecideModal
          request={deciding.request}
          approve={deciding.approve}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </div>
  );
}
