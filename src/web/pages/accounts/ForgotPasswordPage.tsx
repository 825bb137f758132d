import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useResetPassword } from '../../api/accounts';
import {
  apiFieldErrors,
  type FieldErrors,
  PASSWORD_HINT,
  sameAsError,
  useLightForm,
} from '../../components/light/fieldErrors';
import { LightAlert, LightButton, LightField } from '../../components/light/Light';
import { PublicFrame } from '../../components/light/PublicFrame';
import { LightSmsCodeButton, phoneError, smsCodeError } from '../../components/light/SmsCodeButton';

type Field = 'phone' | 'code' | 'newPassword' | 'confirm';
const FIELDS: readonly Field[] = ['phone', 'code', 'newPassword', 'confirm'];

/**
 * 忘记密码 (`/forgot-password`, public, phone-first): a code to the phone in one's member record,
 * then a new password; every device is signed out and the member signs in again. Built from the
 * light components like the login page it is reached from (issue #19, the first load).
 */
export default function ForgotPasswordPage() {
  const reset = useResetPassword();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [done, setDone] = useState(false);
  const { values, setErrors, bind } = useLightForm<Field>({
    phone: '',
    code: '',
    newPassword: '',
    confirm: '',
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<Field> = {
      phone: phoneError(values.phone),
      code: smsCodeError(values.code),
      newPassword: values.newPassword ? null : '请输入新密码',
      confirm: sameAsError(values.confirm, values.newPassword),
    };
    setErrors(found);
    if (FIELDS.some((f) => found[f])) return;
    setError(null);
    try {
      await reset.mutateAsync({
        phone: values.phone.trim(),
        code: values.code.trim(),
        newPassword: values.newPassword,
      });
      setDone(true);
    } catch (err) {
      const split = apiFieldErrors(err, FIELDS);
      setErrors(split.fields);
      setError(split.message);
    }
  };

  return (
    <PublicFrame title="忘记密码" testId="forgot-card">
      {done ? (
        <div className="account-done" data-testid="forgot-done">
          <div className="account-done-mark" aria-hidden>
            ✓
          </div>
          <h1 className="account-title">密码已重置</h1>
          <p className="account-lead">所有设备已退出登录，请用新密码登录。</p>
          <LightButton
            primary
            block
            onClick={() => navigate('/login', { replace: true })}
            data-testid="forgot-login"
          >
            去登录
          </LightButton>
        </div>
      ) : (
        <>
          <h1 className="account-title">忘记密码</h1>
          <p className="account-lead">
            验证码将发送到您党员档案中登记的手机号。手机号已更换的，请联系党组织书记更新档案。
          </p>
          {error ? <LightAlert data-testid="forgot-error">{error}</LightAlert> : null}
          {sent && !error ? (
            <LightAlert type="info" data-testid="forgot-sent">
              如该手机号已开通账号，验证码已发送，5分钟内有效。
            </LightAlert>
          ) : null}
          <form onSubmit={onSubmit} noValidate>
            <LightField
              label="手机号"
              {...bind('phone')}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              data-testid="forgot-phone"
            />
            <LightField
              label="验证码"
              {...bind('code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              data-testid="forgot-code"
              extra={
                <LightSmsCodeButton
                  purpose="reset"
                  testId="forgot-send"
                  onError={setError}
                  onSent={() => setSent(true)}
                  phone={() => {
                    const problem = phoneError(values.phone);
                    setErrors((x) => ({ ...x, phone: problem }));
                    return problem ? null : values.phone;
                  }}
                />
              }
            />
            <LightField
              label="新密码"
              {...bind('newPassword')}
              type="password"
              hint={PASSWORD_HINT}
              autoComplete="new-password"
              data-testid="forgot-password"
            />
            <LightField
              label="确认新密码"
              {...bind('confirm')}
              type="password"
              autoComplete="new-password"
              data-testid="forgot-confirm"
            />
            <LightButton type="submit" primary block loading={reset.isPending} data-testid="forgot-submit">
              重置密码
            </LightButton>
          </form>
          <div className="account-links login-links">
            <Link to="/login">返回登录</Link>
            <Link to="/activate">激活账号</Link>
          </div>
        </>
      )}
    </PublicFrame>
  );
}
