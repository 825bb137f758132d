import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSmsLogin } from '../../../api/accounts';
import { useLogin } from '../../../api/auth';
import { ApiError } from '../../../api/client';
import { keys } from '../../../api/query';
import { type FieldErrors, useLightForm } from '../../../components/light/fieldErrors';
import { LightAlert, LightButton, LightField, LightToggle } from '../../../components/light/Light';
import { PublicFrame } from '../../../components/light/PublicFrame';
import { LightSmsCodeButton, phoneError, smsCodeError } from '../../../components/light/SmsCodeButton';

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

type Field = 'username' | 'password' | 'phone' | 'code';
type Errors = FieldErrors<Field>;

/*
 * The login page is the first thing every phone loads, so it is built from plain elements and the
 * light components' CSS, not antd's Form, Input, Card and Segmented (about 75 KB of compressed JS;
 * issue #19: the member's first JS under 200 KB). Same fields, checks and messages as before.
 */
export default function LoginPage() {
  const login = useLogin();
  const smsLogin = useSmsLogin();
  // 密码登录 (username or phone + password) or 验证码登录 (phone + SMS code, issue #19).
  const [mode, setMode] = useState<'password' | 'sms'>('password');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const { values, setValues, setErrors, bind } = useLightForm<Field>({
    username: '',
    password: '',
    phone: '',
    code: '',
  });

  const onPassword = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {
      username: values.username.trim() ? null : '请输入用户名或手机号',
      password: values.password ? null : '请输入密码',
    };
    setErrors(found);
    if (found.username || found.password) return;
    setError(null);
    try {
      const { mustChangePassword } = await login.mutateAsync({
        username: values.username.trim(),
        password: values.password,
      });
      await signedIn(mustChangePassword);
    } catch (err) {
      setError(loginErrorMessage(err));
      setValues((v) => ({ ...v, password: '' }));
    }
  };

  const onSms = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = { phone: phoneError(values.phone), code: smsCodeError(values.code) };
    setErrors(found);
    if (found.phone || found.code) return;
    setError(null);
    try {
      const { mustChangePassword } = await smsLogin.mutateAsync({
        phone: values.phone.trim(),
        code: values.code.trim(),
      });
      await signedIn(mustChangePassword);
    } catch (err) {
      setError(loginErrorMessage(err));
      setValues((v) => ({ ...v, code: '' }));
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
    <PublicFrame title="登录" testId="login-card">
      <div className="login-brand">
        <span className="app-logo-mark">基</span>
        <h1>基层党组织工作平台</h1>
        <div className="login-tagline">组织架构 · 党员管理 · 组织关系转接 · 组织生活</div>
      </div>
      {error ? <LightAlert data-testid="login-error">{error}</LightAlert> : null}
      <LightToggle<'password' | 'sms'>
        value={mode}
        onChange={(m) => {
          setMode(m);
          setError(null);
          setErrors({});
        }}
        options={[
          { value: 'password', label: '密码登录' },
          { value: 'sms', label: '验证码登录' },
        ]}
        data-testid="login-mode"
      />
      {mode === 'sms' ? (
        <form onSubmit={onSms} noValidate>
          <LightField
            label="手机号"
            {...bind('phone')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            placeholder="党员档案中登记的手机号"
            data-testid="login-phone"
          />
          <LightField
            label="验证码"
            {...bind('code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="login-sms-code"
            extra={
              <LightSmsCodeButton
                purpose="login"
                testId="login-sms-send"
                onError={setError}
                phone={() => {
                  const problem = phoneError(values.phone);
                  setErrors((x) => ({ ...x, phone: problem }));
                  return problem ? null : values.phone;
                }}
              />
            }
          />
          <LightButton
            type="submit"
            primary
            block
            loading={smsLogin.isPending}
            data-testid="login-sms-submit"
          >
            登 录
          </LightButton>
        </form>
      ) : (
        <form onSubmit={onPassword} noValidate>
          <LightField
            label="用户名或手机号"
            {...bind('username')}
            placeholder="请输入用户名或手机号"
            autoComplete="username"
            autoCapitalize="none"
            autoFocus
            data-testid="login-username"
          />
          <LightField
            label="密码"
            {...bind('password')}
            type="password"
            placeholder="请输入密码"
            autoComplete="current-password"
            data-testid="login-password"
          />
          <LightButton type="submit" primary block loading={login.isPending} data-testid="login-submit">
            登 录
          </LightButton>
        </form>
      )}
      <div className="account-links login-links">
        <Link to="/activate" data-testid="login-activate-link">
          激活账号
        </Link>
        <Link to="/forgot-password" data-testid="login-forgot-link">
          忘记密码
        </Link>
      </div>
    </PublicFrame>
  );
}
