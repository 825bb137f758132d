import { App, Form, InputNumber, Radio, Select } from 'antd';
import { useProposeGrant, useRequestMemberLink, useRevokeRole } from '../../../api/hooks';
import type { User, UserRole } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { roleLabel } from '../../../labels';
import { grantableRoleOptions, type KnownOrgs, RoleOrgSelect, reasonItem } from './UserModals';

// ---------- propose a grant or a revocation (sysadmin) ----------

interface GrantValues {
  action: 'grant' | 'revoke';
  role?: UserRole;
  orgId?: number;
  /** For a revocation: one of the roles held, as `role@orgId`. */
  held?: string;
  reason: string;
}

/**
 * Asks for a role to be granted or revoked. Nothing changes until a security administrator (not
 * the proposer) approves; the users list shows the request as 待审批 meanwhile.
 */
export function UserGrantModal({
  user,
  onClose,
  knownOrgs,
}: {
  user: User;
  onClose: () => void;
  knownOrgs: KnownOrgs;
}) {
  const [form] = Form.useForm<GrantValues>();
  const propose = useProposeGrant();
  const { message } = App.useApp();
  const held = user.roles.filter((r) => r.role !== 'member');
  return (
    <FormModal<GrantValues>
      title={`申请授权：${user.displayName}（${user.username}）`}
      open
      onClose={onClose}
      form={form}
      okText="提交审批"
      width={560}
      testId="user-grant-modal"
      initialValues={{ action: 'grant' }}
      onSubmit={async (v) => {
        const [role, orgId] =
          v.action === 'revoke' ? (v.held ?? '').split('@') : [v.role as string, String(v.orgId)];
        await propose.mutateAsync({
          id: user.id,
          body: { action: v.action, role: role as UserRole, orgId: Number(orgId), reason: v.reason.trim() },
        });
        message.success('已提交，待安全管理员审批');
      }}
    >
      <Form.Item name="action" label="申请事项">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'grant', label: '授予角色' },
            { value: 'revoke', label: '撤销角色', disabled: held.length === 0 },
          ]}
          data-testid="grant-action"
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['action']}>
        {({ getFieldValue }) =>
          getFieldValue('action') === 'revoke' ? (
            <Form.Item name="held" label="撤销的角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select
                options={held.map((r) => ({
                  value: `${r.role}@${r.orgId}`,
                  label: `${roleLabel(r.role)} @ ${r.orgName}`,
                }))}
                data-testid="grant-held"
              />
            </Form.Item>
          ) : (
            <div className="role-row">
              <Form.Item
                name="role"
                label="角色"
                rules={[{ required: true, message: '请选择角色' }]}
                style={{ width: 160 }}
              >
                <Select options={grantableRoleOptions} placeholder="角色" data-testid="role-select" />
              </Form.Item>
              <Form.Item
                name="orgId"
                label="党组织"
                rules={[{ required: true, message: '请选择党组织' }]}
                className="role-org"
              >
                <RoleOrgSelect knownOrgs={knownOrgs} />
              </Form.Item>
            </div>
          )
        }
      </Form.Item>
      {reasonItem()}
      <p className="muted small" style={{ marginBottom: 0 }}>
        系统管理员、安全管理员、安全审计员三者不能兼任，也不能持有业务角色。批准后该用户已登录的会话立即失效。
      </p>
    </FormModal>
  );
}

// ---------- request a member link (sysadmin) ----------

interface LinkValues {
  memberId: number;
  reason: string;
}

/** By the record's number, which the member's org gives; that org confirms the link. */
export function UserLinkModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<LinkValues>();
  const link = useRequestMemberLink();
  const { message } = App.useApp();
  return (
    <FormModal<LinkValues>
      title={`关联党员档案：${user.displayName}（${user.username}）`}
      open
      onClose={onClose}
      form={form}
      okText="提交确认"
      width={480}
      testId="user-link-modal"
      onSubmit={async (v) => {
        await link.mutateAsync({ id: user.id, body: { memberId: v.memberId, reason: v.reason.trim() } });
        message.success('已提交，待党员所在党组织确认');
      }}
    >
      <Form.Item
        name="memberId"
        label="党员档案编号"
        rules={[{ required: true, message: '请填写档案编号' }]}
        extra="由党员所在党组织提供。确认前该账号看不到任何档案；您也看不到该党员的信息。"
      >
        <InputNumber
          min={1}
          precision={0}
          controls={false}
          style={{ width: 200 }}
          data-testid="link-member-id"
        />
      </Form.Item>
      {reasonItem()}
    </FormModal>
  );
}

// ---------- revoke at once (security administrator) ----------

interface RevokeValues {
  reason: string;
}

/** Less access needs no second person: the role goes now and the user's sessions end. */
export function RevokeModal({
  user,
  role,
  onClose,
}: {
  user: User;
  role: User['roles'][number];
  onClose: () => void;
}) {
  const [form] = Form.useForm<RevokeValues>();
  const revoke = useRevokeRole();
  const { message } = App.useApp();
  return (
    <FormModal<RevokeValues>
      title={`撤销角色：${user.displayName} · ${roleLabel(role.role)} @ ${role.orgName}`}
      open
      onClose={onClose}
      form={form}
      okText="撤销"
      danger
      width={480}
      testId="user-revoke-modal"
      onSubmit={async (v) => {
        await revoke.mutateAsync({
          id: user.id,
          body: { role: role.role, orgId: role.orgId, reason: v.reason.trim() },
        });
        message.success('已撤销');
      }}
    >
      <p className="muted small">撤销立即生效，该用户已登录的会话随即失效。</p>
      {reasonItem('撤销理由')}
    </FormModal>
  );
}
