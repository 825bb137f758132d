import { FIELD_LABELS } from '../../shared/contracts/common';

function compact(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return '空';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Fields of user and rule changes that FIELD_LABELS does not name (yet). */
const EXTRA_LABELS: Record<string, string> = {
  id: '编号',
  value: '取值',
  displayName: '姓名',
  active: '启用',
  roles: '角色',
  unlock: '解锁',
  // Exports (issue #6).
  export: '导出内容',
  filterText: '筛选条件',
  rows: '导出行数',
  filters: '筛选参数',
  orgPath: '组织路径',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Before/after of an audited change as a compact table: one row per field that differs
 * (or every field when only one side exists), field names in Chinese where known.
 */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <span className="muted">无变更内容</span>;
  const b = isRecord(before) ? before : before == null ? {} : { 值: before };
  const a = isRecord(after) ? after : after == null ? {} : { 值: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rows = keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || !(k in b) || !(k in a));
  if (!rows.length) return <span className="muted">无变更内容</span>;
  return (
    <table className="json-diff" data-testid="json-diff">
      <thead>
        <tr>
          <th style={{ width: '20%' }}>字段</th>
          <th style={{ width: '40%' }}>变更前</th>
          <th style={{ width: '40%' }}>变更后</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((k) => (
          <tr key={k}>
            <td>{FIELD_LABELS[k] ?? EXTRA_LABELS[k] ?? k}</td>
            <td className={k in b ? 'diff-before mono' : 'mono'}>{compact(b[k])}</td>
            <td className={k in a ? 'diff-after mono' : 'mono'}>{compact(a[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
