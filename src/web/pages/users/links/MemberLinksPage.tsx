import { App, Button, Form, Input, Segmented, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { LINK_STATUS_LABELS, type MemberLinkDto } from '../../../../shared/contracts/users';
import { useDecideMemberLink, useMemberLinks } from '../../../api/users';
import { FormModal } from '../../../components/FormModal';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDateTime } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';

const filterSchema = z.object({ status: param.text(), ...paging });
const STATUS_COLORS = {
  pending: 'orange',
  confirmed: 'green',
  rejected: 'red',
  withdrawn: 'default',
} as const;

function DecideModal({
  link,
  confirm,
  onClose,
}: {
  link: MemberLinkDto;
  confirm: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ note?: string }>();
  const decide = useDecideMemberLink();
  const { message } = App.useApp();
  return (
    <FormModal<{ note?: string }>
      title={`${confirm ? '确认' : '拒绝'}关联：${link.username} → ${link.memberName}`}
      open
      onClose={onClose}
      form={form}
      okText={confirm ? '确认是本人' : '拒绝'}
      danger={!confirm}
      width={500}
      testId="link-decide-modal"
      onSubmit={async (v) => {
        await decide.mutateAsync({ id: link.id, body: { confirm, note: v.note?.trim() || undefined } });
        message.success(confirm ? '已确认，该账号可查看本人档案' : '已拒绝');
      }}
    >
      <p className="small">
        账号 <b className="mono">{link.username}</b>（{link.displayName}）申请关联党员{' '}
        <b>{link.memberName}</b>（{link.orgName}）的档案。
        {confirm ? '确认后该账号持党员角色，只能查看本人档案。' : ''}
      </p>
      <Form.Item
        name="note"
        label="意见"
        rules={confirm ? [] : [{ required: true, whitespace: true, message: '拒绝须填写意见' }]}
      >
        <Input.TextArea rows={2} maxLength={200} showCount data-testid="link-note" />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 账号关联确认: the member's org (a secretary or org admin who keeps the record) confirms that an
 * account is the member's own before it can read the record. The administrator who asked sees no
 * member data; the confirming org sees the member's name, in its own scope.
 */
export default function MemberLinksPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const status = filters.status === 'decided' ? 'decided' : 'pending';
  const { current, pageSize } = filters;
  const list = useMemberLinks({ status, current, pageSize });
  const isPhone = useIsPhone();
  const [deciding, setDeciding] = useState<{ link: MemberLinkDto; confirm: boolean } | null>(null);

  const columns: ColumnsType<MemberLinkDto> = [
    {
      title: '党员',
      key: 'member',
      render: (_, l) => (
        <div data-testid="link-member">
          <Link to={`/members/${l.memberId}`} className="link-member-name">
            {l.memberName}
          </Link>
          <div className="muted small">{l.orgName}</div>
        </div>
      ),
    },
    {
      title: '申请关联的账号',
      key: 'account',
      render: (_, l) => (
        <div>
          <span className="mono">{l.username}</span>（{l.displayName}）
          <div className="muted small">
            {l.requestedBy} · {fmtDateTime(l.requestedAt)}
          </div>
        </div>
      ),
    },
  ];
  if (status === 'decided') {
    columns.push({
      title: '结果',
      key: 'result',
      width: isPhone ? 110 : 220,
      render: (_, l) => (
        <div className="small" data-testid="link-result">
          <Tag color={STATUS_COLORS[l.status]}>{LINK_STATUS_LABELS[l.status]}</Tag>
          <div className="muted">
            {l.decidedBy ?? ''} {l.decidedAt ? fmtDateTime(l.decidedAt) : ''}
          </div>
          {l.decisionNote ? <div>意见：{l.decisionNote}</div> : null}
        </div>
      ),
    });
  } else {
    columns.push({
      title: '操作',
      key: 'actions',
      width: isPhone ? 80 : 170,
      render: (_, l) => (
        <span className={isPhone ? 'user-actions user-actions-stacked' : 'user-actions'}>
          <Button
            type="link"
            onClick={() => setDeciding({ link: l, confirm: true })}
            data-testid="link-confirm"
          >
            确认
          </Button>
          <Button
            type="link"
            danger
            onClick={() => setDeciding({ link: l, confirm: false })}
            data-testid="link-reject"
          >
            拒绝
          </Button>
        </span>
      ),
    });
  }

  return (
    <div className="page">
      <PageHeader
        title="账号关联确认"
        subtitle="系统管理员申请将登录账号关联到本组织党员的档案。请核实账号确为党员本人使用后再确认；确认后该账号只能查看本人档案。"
      />
      <PagedTable<MemberLinkDto>
        header={
          <Segmented
            value={status}
            onChange={(v) =>
              setFilters({ status: v === 'decided' ? 'decided' : undefined, current: undefined })
            }
            options={[
              { value: 'pending', label: '待确认' },
              { value: 'decided', label: '已处理' },
            ]}
            data-testid="link-status"
          />
        }
        query={list}
        columns={columns}
        rowKey="id"
        current={current}
        pageSize={pageSize}
        onPageChange={setFilters}
        totalText={(total) => <span data-testid="link-total">共 {total} 条</span>}
        emptyText={status === 'pending' ? '没有待确认的关联申请' : '没有已处理的关联申请'}
        size={isPhone ? 'small' : 'middle'}
        data-testid="link-table"
      />
      {deciding ? (
        <DecideModal link={deciding.link} confirm={deciding.confirm} onClose={() => setDeciding(null)} />
      ) : null}
    </div>
  );
}
