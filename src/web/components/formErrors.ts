import type { FormInstance } from 'antd';
import { FIELD_LABELS } from '../../shared/contracts/common';
import { ApiError } from '../api/client';

/**
 * Puts an API validation error onto the form: every `details[].field` the form knows is shown
 * under that field; the rest (and non-validation errors) are returned as one message for a toast.
 * Field messages arrive as `字段名：说明`; under the field the label is redundant, so it is cut.
 */
export function applyApiErrors(
  form: FormInstance,
  error: unknown,
  fieldMap: Record<string, string | (string | number)[]> = {},
): string | null {
  if (!(error instanceof ApiError)) return '操作失败，请稍后再试';
  if (!error.details.length) return error.message;
  const known = new Set([
    ...Object.keys(form.getFieldsValue() ?? {}),
    ...Object.keys(form.getFieldsValue(true) ?? {}),
  ]);
  const byField = new Map<string, string[]>();
  const leftover: string[] = [];
  for (const d of error.details) {
    const target = fieldMap[d.field] ?? d.field;
    const key = Array.isArray(target) ? target.join('.') : target;
    const top = Array.isArray(target) ? String(target[0]) : target;
    if (d.field && (known.has(top) || fieldMap[d.field])) {
      byField.set(key, [...(byField.get(key) ?? []), stripLabel(d.message, d.field)]);
    } else {
      leftover.push(d.message);
    }
  }
  form.setFields(
    [...byField.entries()].map(([key, errors]) => ({
      name: key.includes('.') ? key.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : key,
      errors,
    })),
  );
  if (byField.size > 0) {
    const first = [...byField.keys()][0]!;
    form.scrollToField(first.includes('.') ? first.split('.') : first, { block: 'center' });
  }
  return leftover.length ? leftover.join('；') : null;
}

/** A field's message without its leading `字段名：` (under the field the label is redundant). */
export function stripLabel(message: string, field: string): string {
  const label = FIELD_LABELS[field];
  if (label && message.startsWith(`${label}：`)) return message.slice(label.length + 1);
  // Another short name for the same field (e.g. 联系电话 for 手机号码).
  const m = /^[^：，。；、\s]{1,8}：(.+)$/s.exec(message);
  return m ? m[1]! : message;
}
