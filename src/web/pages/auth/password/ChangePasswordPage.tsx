import { CheckCircleFilled, CloseCircleFilled, LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type PasswordPolicy, passwordFindings } from '../../../../domain/auth/passwordPolicy';
import { defaultRules } from '../../../../domain/rules/index';
import { ApiError } from '../../../api/client';
import { keys, useChangePassword, useLogout, useMe } from '../../../api/hooks';
import { MemberApp } from '../../../components/MemberApp';
import { safeNext } from '../login/LoginPage';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

// The hints use the catalog defaults; a deployment's own values are checked by the server, whose
// answer is shown under the field all the same.
const POLICY: PasswordPolicy = {
  minLength: defaultRules['password.minLength'],
  minClasses: defaultRules['password.minClasses'],
};

/** The requirements as a checklist that ticks itself while the new password is typed. */
function Checklist({ password, username }: { password: string; username?: string }) {
  const problems = new Set(passwordFindings(password, POLICY, username).map((f) => f.problem));
  const items = [
    { ok: !problems.has('too_short') && !problems.has('too_long'), text: `至少${POLICY.minLength}位` },
    {
      ok: !problems.has('too_few_classes'),
      text: `大写字母、小写字母、数字、其他符号中至少${POLICY.minClasses}类`,
    },
    {
      ok: !problems.has('repeated') && !problems.has('sequence') && !problems.has('keyboard'),
      text: '不含重复、连续或键盘相邻的字符（如1111、1234、qwer）',
    },
    { ok: !problems.has('contains_username'), text: '不包含用户名' },
  ];
  return (
    <ul
      style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', lineHeight: 1.8 }}
      data-testid="password-checklist"
    >
      {items.map((i) => {
        const ok = !!password && i.ok;
        return (
          <li key={i.text} data-ok={ok} style={{ color: ok ? '#389e0d' : 'rgba(0,0,0,0.5)' }}>
            {ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {i.text}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * 修改密码: the owner's own change, phone-first (large type, one column). Reached from the user
 * menu, or straight after sign-in when an administrator reset the password or it expired, in
 * which case nothing else opens until it is done (the server refuses every other request).
 */
export default function ChangePasswordPage() {
  const [form] = Form.useForm<Values>();
  const { data: me } = useMe();
  const change = useChangePassword();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const forced = params.get('forced') === '1' || !!me?.mustChangePassword;
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  useEffect(() => {
    document.title = '修改密码 · 基层';
  }, []);

  const next = useMemo(() => safeNext(params.get('next')), [params]);

  const onFinish = async (values: Values) => {
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      await queryClient.invalidateQueries({ queryKey: keys.me });
      message.success('密码已修改，其他设备上的登录已退出');
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        const byField = new Map<string, string[]>();
        for (const d of e.details) byField.set(d.field, [...(byField.get(d.field) ?? []), d.message]);
        form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof Values, errors })));
      } else {
        message.error(e instanceof ApiError ? e.message : '修改失败，请稍后再试');
      }
    }
  };

  const onLogout = async () => {
    await logout.mutateAsync().catch(() => undefined);
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    // Members change their password here from 我的: a member page's type and tap targets (decision 0043).
    <MemberApp className="login-page password-page">
      <Card className="login-card" variant="borderless" data-testid="password-card">
        <div className="login-brand">
          <span className="app-logo-mark">基</span>
          <h1>修改密码</h1>
          {me ? <Typography.Text type="secondary">账号：{me.username}</Typography.Text> : null}
        </div>
        {forced ? (
          <Alert
            type="warning"
            showIcon
            title="请先设置新密码"
            description="您的密码已由管理员重置或已到期。设置新密码后才能继续使用。"
            style={{ marginBottom: 16 }}
            data-testid="password-forced"
          />
        ) : null}
        <Form<Values> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={forced ? '当前密码（管理员告知的临时密码）' : '当前密码'}
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              autoFocus
              data-testid="password-current"
            />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            rules={[{ required: true, message: '请输入新密码' }]}
            extra={<Checklist password={newPassword} username={me?.username} />}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="password-new"
            />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="再次输入新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="password-confirm"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={change.isPending}
            data-testid="password-submit"
          >
            修改密码
          </Button>
          <Button
            block
            type="link"
            style={{ marginTop: 8 }}
            onClick={() => (forced ? void onLogout() : navigate(-1))}
            data-testid="password-cancel"
          >
            {forced ? '退出登录' : '返回'}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="small" style={{ marginTop: 12, marginBottom: 0 }}>
          修改后，其他手机和电脑上的登录会自动退出。
        </Typography.Paragraph>
      </Card>
    </MemberApp>
  );
}
