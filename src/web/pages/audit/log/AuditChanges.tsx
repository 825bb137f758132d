import type { AuditEntry } from '../../../api/types';
import { auditFieldLabel, auditValue } from './auditValues';

// Styles inline: the page owns this list, the shared stylesheet is for layout.
const list = {
  margin: 0,
  paddingLeft: 0,
  listStyle: 'none',
  lineHeight: 1.9,
  wordBreak: 'break-all',
} as const;
const field = { color: 'rgba(0, 0, 0, 0.55)' } as const;
const was = { background: '#fff1f0', textDecoration: 'line-through', padding: '0 4px' } as const;
const is = { background: '#f6ffed', padding: '0 4px' } as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What an audited change did, one line per field: 「字段：旧值 → 新值」 for a change, 「字段：值」
 * where only one side exists (a creation, a deletion, a view). Fields by their Chinese names, ids
 * by names (the entry's `names`), values by their labels.
 */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const { before, after, entity, names } = entry;
  if (before == null && after == null) return <span className="muted">无变更内容</span>;
  const b = isRecord(before) ? before : before == null ? {} : { value: before };
  const a = isRecord(after) ? after : after == null ? {} : { value: after };
  const both = before != null && after != null;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  // In a change, only what differs; in a creation or deletion, every field that has a value.
  const rows = keys.filter((k) =>
    both ? JSON.stringify(b[k]) !== JSON.stringify(a[k]) : (a[k] ?? b[k] ?? '') !== '',
  );
  if (!rows.length) return <span className="muted">无变更内容</span>;
  return (
    <ul style={list} data-testid="audit-changes">
      {rows.map((k) => {
        const changed = k in b && k in a;
        return (
          <li key={k}>
            <span style={field}>{auditFieldLabel(entity, k)}：</span>
            {changed ? (
              <>
                <span style={was}>{auditValue(entity, k, b[k], names)}</span>
                <span className="muted"> → </span>
                <span style={is}>{auditValue(entity, k, a[k], names)}</span>
              </>
            ) : k in a ? (
              auditValue(entity, k, a[k], names)
            ) : (
              <>
                {auditValue(entity, k, b[k], names)}
                {both ? <span className="muted">（变更后无此项）</span> : null}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
