import { useEffect, useState } from 'react';
import { useRequestSmsCode } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { LightButton } from './Light';

/** Seconds before another code may be asked for (the server's rule is the same, by default). */
const WAIT_SECONDS = 60;

/** The phone number as the public pages accept it (the server checks it again). */
export const PHONE_PATTERN = /^\s*(\+?86)?[\s-]*1[3-9](\d[\s-]*){9}$/;
export const SMS_CODE_PATTERN = /^\s*\d{6}\s*$/;

/** The phone field's error in Chinese, or null. */
export function phoneError(value: string): string | null {
  if (!value.trim()) return '请输入手机号';
  if (!PHONE_PATTERN.test(value)) return '请输入11位手机号码';
  return null;
}

export function smsCodeError(value: string): string | null {
  if (!value.trim()) return '请输入验证码';
  if (!SMS_CODE_PATTERN.test(value)) return '验证码为6位数字';
  return null;
}

/**
 * 获取验证码 of the login and 忘记密码 pages, without antd's Form (components/light): `phone()` checks the phone
 * field (and shows its error) and gives its value, or null; then a code is asked for and the
 * button counts down. The answer is the same whether or not the phone has an account.
 */
export function LightSmsCodeButton({
  phone,
  purpose,
  onError,
  onSent,
  testId,
}: {
  phone: () => string | null;
  purpose: 'login' | 'reset';
  onError: (message: string | null) => void;
  /** After the server took the request (忘记密码 then says a code is on its way). */
  onSent?: () => void;
  testId?: string;
}) {
  const send = useRequestSmsCode();
  const [left, setLeft] = useState(0);

  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  const onClick = async () => {
    onError(null);
    const value = phone();
    if (value === null) return;
    try {
      await send.mutateAsync({ phone: value.trim(), purpose });
      setLeft(WAIT_SECONDS);
      onSent?.();
    } catch (e) {
      onError(e instanceof ApiError ? e.message : '发送失败，请稍后再试');
    }
  };

  return (
    <LightButton onClick={onClick} disabled={left > 0} loading={send.isPending} data-testid={testId}>
      {left > 0 ? `${left} 秒后重发` : '获取验证码'}
    </LightButton>
  );
}
