import { Alert, type FormInstance } from 'antd';
import type { FindingDto } from '../../../shared/contracts/development';
import { ApiError } from '../../api/client';
import { findingsOf } from './development';

/** One finding: the message, the rule's citation when the message does not already carry it, the code small. */
export function FindingText({ f }: { f: FindingDto }) {
  const showCitation = f.citation && !f.message.includes(f.citation);
  return (
    <span data-testid="finding">
      {f.message}
      {showCitation ? <span className="muted">（{f.citation}）</span> : null}
      {f.code ? (
        <span className="muted small mono" style={{ marginInlineStart: 6 }}>
          {f.code}
        </span>
      ) : null}
    </span>
  );
}

/** Every finding of a refused submission, at the top of the form. */
export function FindingsAlert({ error, findings }: { error: unknown; findings: FindingDto[] }) {
  if (!error) return null;
  if (!findings.length) {
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.message : '操作失败，请稍后再试'}
        style={{ marginBottom: 16 }}
        data-testid="form-error"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="form-error"
      title={findings.length > 1 ? `有 ${findings.length} 项不符合规定，未能登记` : '不符合规定，未能登记'}
      description={
        <ul className="dev-findings">
          {findings.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id and do not reorder
            <li key={i}>
              <FindingText f={f} />
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * Marks the form items named by the findings' `field` (through `fieldMap` where the form names
 * them differently) and returns the findings for the alert.
 */
export function applyFindings(
  form: FormInstance,
  error: unknown,
  fieldMap: Record<string, (string | number)[] | string> = {},
): FindingDto[] {
  const findings = findingsOf(error);
  const values = form.getFieldsValue(true) as Record<string, unknown>;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const f of findings) {
    if (!f.field) continue;
    const target = fieldMap[f.field] ?? f.field;
    const name = Array.isArray(target) ? target : [target];
    if (!(String(name[0]) in values) && !fieldMap[f.field]) continue;
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message.replace(/^[^：]{1,10}：/, ''));
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map((e) => ({ name: e.name, errors: e.errors })));
  return findings;
}
