import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Rule as FormRule } from 'antd/es/form';
import { useState } from 'react';
import { useCreateUser, useUpdateUser, useUserOrgs } from '../../../api/hooks';
import type { User, UserRole } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { useDebounced } from '../../../hooks/useDebounced';
import { roleOptions } from '../../../labels';

/**
 * The roles a grant may ask for: every role but 党员, which comes with the member's org's
 * confirmation of a member link.
 */
export const grantableRoleOptions = roleOptions.filter((o) => o.value !== 'member');

interface RoleRow {
  role?: UserRole;
  orgId?: number;
}

/** Org names the page already knows (the sysadmin may not search orgs: no org.read). */
export type KnownOrgs = ReadonlyMap<number, string>;

/**
 * Picks the org of a role by name or pinyin among the orgs inside the sysadmin's scope
 * (`GET /api/users/orgs`); names of orgs already in the user's roles are known to the page.
 */
export function RoleOrgSelect({
  value,
  onChange,
  knownOrgs,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  knownOrgs: KnownOrgs;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const found = useUserOrgs(q);
  const [picked, setPicked] = useState<Record<number, string>>({});
  const options = (found.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: picked[value] ?? knownOrgs.get(value) ?? `党组织 #${value}` });
  }
  return (
    <Select
      value={value}
      onChange={(v, option) => {
        if (v && option && !Array.isArray(option)) setPicked((p) => ({ ...p, [v]: String(option.label) }));
        onChange?.(v ?? undefined);
      }}
      showSearch={{ filterOption: false, onSearch: setInput }}
      options={options}
      optionRender={(o) => <span style={{ whiteSpace: 'normal' }}>{o.data.label}</span>}
      placeholder="输入党组织名称或拼音搜索"
      loading={found.isFetching}
      notFoundContent={q ? (found.isFetching ? '搜索中…' : '管理范围内没有匹配的党组织') : '请输入名称搜索'}
      data-testid="role-org"
    />
  );
}

/** The roles asked for: role + org rows, the org searched among those inside the sysadmin's scope. */
function RoleRows({ knownOrgs }: { knownOrgs: KnownOrgs }) {
  return (
    <Form.List
      name="roles"
      rules={[
        {
          validator: async (_, value: RoleRow[] | undefined) => {
            const seen = new Set<string>();
            for (const r of value ?? []) {
              const key = `${r?.role}-${r?.orgId}`;
              if (r?.role && r.orgId && seen.has(key)) throw new Error('同一角色与党组织重复');
              seen.add(key);
            }
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="role-rows">
          <div className="form-section-label">申请的角色与管理范围</div>
          {fields.map((field) => (
            <div key={field.key} className="role-row" data-testid="role-row">
              <Form.Item
                name={[field.name, 'role']}
                rules={[{ required: true, message: '请选择角色' }]}
                style={{ width: 150 }}
              >
                <Select options={grantableRoleOptions} placeholder="角色" data-testid="role-select" />
              </Form.Item>
              <Form.Item
                name={[field.name, 'orgId']}
                rules={[{ required: true, message: '请选择党组织' }]}
                className="role-org"
              >
                <RoleOrgSelect knownOrgs={knownOrgs} />
              </Form.Item>
              <Button
                type="text"
                aria-label="移除此角色"
                icon={<MinusCircleOutlined />}
                onClick={() => remove(field.name)}
                style={{ marginTop: 1 }}
              />
            </div>
          ))}
          <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} block data-testid="role-add">
            添加角色
          </Button>
          <Form.ErrorList errors={errors} />
          <div className="muted small" style={{ marginTop: 8, marginBottom: 16 }}>
            角色只能申请在您管理范围内的党组织；经安全管理员审批后生效，创建时账号不带任何角色。
          </div>
        </div>
      )}
    </Form.List>
  );
}

const toRoles = (rows: RoleRow[]) => rows.map((r) => ({ role: r.role!, orgId: r.orgId! }));
const passwordRules: FormRule[] = [
  { required: true, message: '请填写密码' },
  { min: 10, message: '密码至少10位' },
  { max: 200, message: '密码不超过200位' },
];

const confirmRules = (field: string): FormRule[] => [
  { required: true, message: '请再次输入密码' },
  ({ getFieldValue }) => ({
    validator: async (_, v: string | undefined) => {
      if (v && v !== getFieldValue(field)) throw new Error('两次输入的密码不一致');
    },
  }),
];

// ---------- create ----------

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  memberId?: number | null;
  roles: RoleRow[];
  reason: string;
}

/** The reason every request carries (the security administrator and the audit log read it). */
export const reasonItem = (label = '申请理由') => (
  <Form.Item
    name="reason"
    label={label}
    rules={[
      { required: true, whitespace: true, message: '请填写理由' },
      { min: 2, message: '理由至少2个字' },
    ]}
  >
    <Input.TextArea rows={2} maxLength={200} showCount data-testid="request-reason" />
  </Form.Item>
);

/**
 * A new account holds no role: the roles asked for wait for a security administrator, the member
 * record for the member's org. The initial password is temporary (changed at first sign-in).
 */
export function UserCreateModal({
  onClose,
  onCreated,
  knownOrgs,
}: {
  onClose: () => void;
  /** The new account's username: the list shows it (with member accounts issued in bulk, a new
   * account made by hand would be on the list's last page). */
  onCreated?: (username: string) => void;
  knownOrgs: KnownOrgs;
}) {
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateUser();
  const { message } = App.useApp();
  return (
    <FormModal<CreateValues>
      title="新建用户"
      open
      onClose={onClose}
      form={form}
      okText="创建并提交审批"
      width={600}
      testId="user-create-modal"
      initialValues={{ roles: [{ role: 'secretary' }] }}
      fieldMap={{ 'roles.0': 'roles' }}
      onSubmit={async (v) => {
        await create.mutateAsync({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          memberId: v.memberId ?? undefined,
          roles: toRoles(v.roles ?? []),
          reason: v.reason.trim(),
        });
        message.success(`已创建用户 ${v.username.trim()}，所申请的角色待审批`);
        onCreated?.(v.username.trim());
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="username"
            label="用户名"
            extra="登录用，创建后不能修改"
            rules={[
              { required: true, whitespace: true, message: '请填写用户名' },
              {
                pattern: /^\s*[a-zA-Z][a-zA-Z0-9_.-]{2,39}\s*$/,
                message: '以字母开头，3至40位字母、数字、点、下划线或连字符',
              },
            ]}
          >
            <Input autoComplete="off" maxLength={40} data-testid="user-username" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="displayName"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input maxLength={40} data-testid="user-display-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="password"
            label="初始密码"
            rules={passwordRules}
            extra="临时密码，用户首次登录须修改"
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="confirm"
            label="确认密码"
            dependencies={['password']}
            rules={confirmRules('password')}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password-confirm" />
          </Form.Item>
        </Col>
      </Row>
      <RoleRows knownOrgs={knownOrgs} />
      <Form.Item
        name="memberId"
        label="关联党员档案编号"
        dependencies={['roles']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, v: number | null | undefined) => {
              if (!v && !((getFieldValue('roles') ?? []) as RoleRow[]).length)
                throw new Error('至少应申请1个角色或关联党员档案');
            },
          }),
        ]}
        extra="党员本人使用的账号填写档案编号（由党员所在党组织提供），经该党组织确认后生效。"
      >
        <InputNumber
          min={1}
          precision={0}
          controls={false}
          style={{ width: 200 }}
          data-testid="user-member-id"
        />
      </Form.Item>
      {reasonItem()}
    </FormModal>
  );
}

// ---------- reset password ----------

interface PasswordValues {
  password: string;
  confirm: string;
}

/**
 * A temporary password: the administrator knows it until the owner changes it, which the next
 * sign-in forces; the owner is told in their messages and the audit log records the reset.
 */
export function UserPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<PasswordValues>();
  const update = useUpdateUser();
  const { message } = App.useApp();
  return (
    <FormModal<PasswordValues>
      title={`重置密码：${user.displayName}（${user.username}）`}
      open
      onClose={onClose}
      form={form}
      okText="重置密码"
      width={440}
      testId="user-password-modal"
      onSubmit={async (v) => {
        await update.mutateAsync({ id: user.id, body: { password: v.password } });
        message.success('密码已重置，已通知该用户');
      }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="新密码为临时密码：该用户已登录的会话立即失效，下次登录须先修改密码；系统会通知本人，并记入审计日志。"
      />
      <Form.Item name="password" label="临时密码" rules={passwordRules}>
        <Input.Password autoComplete="new-password" data-testid="user-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认临时密码"
        dependencies={['password']}
        rules={confirmRules('password')}
      >
        <Input.Password autoComplete="new-password" data-testid="user-password-confirm" />
      </Form.Item>
    </FormModal>
  );
}
