import { auditChangeLines } from '../../../../shared/contracts/audit-values';
import type { AuditEntry } from '../../../api/types';

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

/**
 * What an audited change did, one line per field: 「字段：旧值 → 新值」 for a change, 「字段：值」
 * where only one side exists (a creation, a deletion, a view). The lines come from the same
 * function as the export's (`auditChangeLines`).
 */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const rows = auditChangeLines(entry);
  if (!rows.length) return <span className="muted">无变更内容</span>;
  return (
    <ul style={list} data-testid="audit-changes">
      {rows.map((l) => (
        <li key={l.key}>
          <span style={field}>{l.field}：</span>
          {l.before !== undefined && l.after !== undefined ? (
            <>
              <span style={was}>{l.before}</span>
              <span className="muted"> → </span>
              <span style={is}>{l.after}</span>
            </>
          ) : (
            <>
              {l.after ?? l.before}
              {l.dropped ? <span className="muted">（变更后无此项）</span> : null}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
