import { useState } from 'react';
import { ApiError } from '../../api/client';
import { stripLabel } from '../formErrors';

/** A light form's errors: one message (or none) per field, in Chinese. */
export type FieldErrors<F extends string> = Partial<Record<F, string | null>>;

/**
 * A light form's state (the login, 激活账号 and 忘记密码 pages): the values, the errors, and
 * `bind(name)` for a LightField. A field's error goes as soon as it is edited; the page checks
 * again on submit.
 */
export function useLightForm<F extends string>(initial: Record<F, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const bind = (name: F) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => {
      const value = e.target.value;
      setValues((v) => ({ ...v, [name]: value }));
      if (errors[name]) setErrors((x) => ({ ...x, [name]: null }));
    },
  });
  return { values, setValues, errors, setErrors, bind };
}

/**
 * An API answer split for a light form (antd's Form is not there to take it, cf. applyApiErrors):
 * the `details[].field` the form has go under their field, the rest is one message for the alert.
 */
export function apiFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: FieldErrors<F>; message: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, message: '操作失败，请稍后再试' };
  if (!error.details.length) return { fields: {}, message: error.message };
  const known = new Set<string>(fields);
  const byField: FieldErrors<F> = {};
  const leftover: string[] = [];
  for (const d of error.details) {
    if (d.field && known.has(d.field)) {
      const f = d.field as F;
      const text = stripLabel(d.message, d.field);
      byField[f] = byField[f] ? `${byField[f]}；${text}` : text;
    } else leftover.push(d.message);
  }
  return { fields: byField, message: leftover.length ? leftover.join('；') : null };
}

/** The password policy as the member reads it (the server checks the policy itself). */
export const PASSWORD_HINT = '至少10位，含大写字母、小写字母、数字、符号中的至少3类';

/** The confirmation of a new password: the same as the password typed above it. */
export function sameAsError(confirm: string, password: string): string | null {
  if (!confirm) return '请再次输入密码';
  return confirm === password ? null : '两次输入的密码不一致';
}
