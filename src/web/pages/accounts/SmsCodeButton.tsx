import { Button, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useRequestSmsCode } from '../../api/accounts';
// The code row and the links of the login page too (it imports this button, not the pages).
import './accounts.css';
import { ApiError } from '../../api/client';

/** Seconds before another code may be asked for (the server's rule is the same, by default). */
const WAIT_SECONDS = 60;

/**
 * 获取验证码: validates the form's phone field, asks for a code, then counts down. The answer is
 * the same whether or not the phone has an account (the server sends only when it has).
 */
export function SmsCodeButton({
  form,
  purpose,
  phoneField = 'phone',
  onError,
  onSent,
  testId,
}: {
  form: FormInstance;
  purpose: 'login' | 'reset';
  phoneField?: string;
  onError: (message: string | null) => void;
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
    let phone: string;
    try {
      phone = (await form.validateFields([phoneField]))[phoneField];
    } catch {
      return;
    }
    try {
      await send.mutateAsync({ phone: phone.trim(), purpose });
      setLeft(WAIT_SECONDS);
      onSent?.();
    } catch (e) {
      onError(e instanceof ApiError ? e.message : '发送失败，请稍后再试');
    }
  };

  return (
    <Button onClick={onClick} disabled={left > 0} loading={send.isPending} data-testid={testId}>
      {left > 0 ? `${left} 秒后重发` : '获取验证码'}
    </Button>
  );
}

/** The phone field's rule on the public pages (the server checks it again). */
export const PHONE_RULES = [
  { required: true, whitespace: true, message: '请输入手机号' },
  { pattern: /^\s*(\+?86)?[\s-]*1[3-9](\d[\s-]*){9}$/, message: '请输入11位手机号码' },
];

export const SMS_CODE_RULES = [
  { required: true, whitespace: true, message: '请输入验证码' },
  { pattern: /^\s*\d{6}\s*$/, message: '验证码为6位数字' },
];

/** The confirmation of a new password: the same as the field `of`. */
export const sameAs = (of: string, message = '两次输入的密码不一致') => [
  { required: true, message: '请再次输入密码' },
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: unknown) =>
      !value || getFieldValue(of) === value ? Promise.resolve() : Promise.reject(new Error(message)),
  }),
];
