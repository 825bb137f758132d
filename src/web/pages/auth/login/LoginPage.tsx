import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSmsLogin } from '../../../api/accounts';
import { useLogin } from '../../../api/auth';
import { ApiError } from '../../../api/client';
import { keys } from '../../../api/query';
import { LargeTypeSwitch } from '../../../components/LargeTypeSwitch';
import { MemberApp } from '../../../components/MemberApp';
import { PHONE_RULES, SMS_CODE_RULES, SmsCodeButton } from '../../accounts/SmsCodeButton';

interface LoginValues {
  username: string;
  password: string;
}

interface SmsValues {
  phone: string;
  code: string;
}

function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'INVALID_CREDENTIALS') return '用户名或密码错误';
    // The server says how long to wait ("请2分钟后再试"); nothing is locked, waiting is enough.
    if (error.code === 'AUTH_THROTTLED') return error.message;
    return error.message;
  }
  return '登录失败，请稍后再试';
}

/** Only paths inside this app are followed after login. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export default function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [smsForm] = Form.useForm<SmsValues>();
  const login = useLogin();
  const smsLogin = useSmsLogin();
  // 密码登录 (username or phone + password) or 验证码登录 (phone + SMS code, issue #19).
  const [mode, setMode] = useState<'password' | 'sms'>('password');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = '登录 · 基层';
  }, []);

  const onFinish = async (values: LoginValues) => {
    setError(null);
    try {
      const { mustChangePassword } = await login.mutateAsync({
        username: values.username.trim(),
        password: values.password,
      });
      await signedIn(mustChangePassword);
    } catch (e) {
      setError(loginErrorMessage(e));
      form.setFieldValue('password', '');
    }
  };

  const onSms = async (values: SmsValues) => {
    setError(null);
    try {
      const { mustChangePassword } = await smsLogin.mutateAsync({
        phone: values.phone.trim(),
        code: values.code.trim(),
      });
      await signedIn(mustChangePassword);
    } catch (e) {
      setError(loginErrorMessage(e));
      smsForm.setFieldValue('code', '');
    }
  };

  async function signedIn(mustChangePassword: boolean) {
    queryClient.clear();
    await queryClient.invalidateQueries({ queryKey: keys.me });
    const next = safeNext(params.get('next'));
    // A reset by an administrator or an expired password: the session may only change it.
    if (mustChangePassword) {
      navigate(`/password?forced=1${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`, {
        replace: true,
      });
    } else navigate(next, { replace: true });
  }

  return (
    // Members sign in here too: a member page's type and tap targets, and the 大字模式 switch (decision 0043).
    <MemberApp className="login-page">
      <div className="login-large-type">
        <LargeTypeSwitch variant="toggle" />
      </div>
      <Card className="login-card" variant="borderless" data-testid="login-card">
        <div className="login-brand">
          <span className="app-logo-mark">基</span>
          <h1>基层党组织工作平台</h1>
          <Typography.Text type="secondary">组织架构 · 党员管理 · 组织关系转接 · 组织生活</Typography.Text>
        </div>
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        <Segmented<'password' | 'sms'>
          block
          size="large"
          value={mode}
          onChange={(m) => {
            setMode(m);
            setError(null);
          }}
          options={[
            { value: 'password', label: '密码登录' },
            { value: 'sms', label: '验证码登录' },
          ]}
          style={{ marginBottom: 16 }}
          data-testid="login-mode"
        />
        {mode === 'sms' ? (
          <Form<SmsValues>
            form={smsForm}
            layout="vertical"
            size="large"
            onFinish={onSms}
            requiredMark={false}
          >
            <Form.Item name="phone" label="手机号" rules={PHONE_RULES}>
              <Input
                inputMode="tel"
                autoComplete="tel"
                maxLength={20}
                placeholder="党员档案中登记的手机号"
                data-testid="login-phone"
              />
            </Form.Item>
            <Form.Item label="验证码" required>
              <div className="account-code-row">
                <Form.Item name="code" noStyle rules={SMS_CODE_RULES}>
                  <Input
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    data-testid="login-sms-code"
                  />
                </Form.Item>
                <SmsCodeButton form={smsForm} purpose="login" onError={setError} testId="login-sms-send" />
              </div>
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={smsLogin.isPending}
              data-testid="login-sms-submit"
            >
              登 录
            </Button>
          </Form>
        ) : (
          <Form<LoginValues>
            form={form}
            layout="vertical"
            size="large"
            onFinish={onFinish}
            requiredMark={false}
          >
            <Form.Item
              name="username"
              label="用户名或手机号"
              rules={[{ required: true, whitespace: true, message: '请输入用户名或手机号' }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder="请输入用户名或手机号"
                autoComplete="username"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password
                prefix={<LockOutlined />}
                placeholder="请输入密码"
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={login.isPending}
              data-testid="login-submit"
            >
              登 录
            </Button>
          </Form>
        )}
        <div className="account-links login-links">
          <Link to="/activate" data-testid="login-activate-link">
            激活账号
          </Link>
          <Link to="/forgot-password" data-testid="login-forgot-link">
            忘记密码
          </Link>
        </div>
      </Card>
    </MemberApp>
  );
}
