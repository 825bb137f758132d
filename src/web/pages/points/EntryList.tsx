import { Tag } from 'antd';
import { ENTRY_KIND_LABELS, type PointsEntryDto } from '../../../shared/contracts/points';
import { ENTRY_KIND_COLORS, signed } from './common';
import './points.css';

/** The note without the source's title it starts with (shown above it). */
const detail = (e: PointsEntryDto) =>
  e.note.startsWith(`${e.ruleTitle}：`) ? e.note.slice(e.ruleTitle.length + 1) : e.note;

/** A member's ledger rows, newest first: date, source, the note (what earned it), the points. */
export function EntryList({ entries, testId }: { entries: PointsEntryDto[]; testId?: string }) {
  return (
    <ul className="points-entries" data-testid={testId}>
      {entries.map((e) => (
        <li key={e.id}>
          <div className="points-entry-main">
            <div>
              <Tag color={ENTRY_KIND_COLORS[e.kind]}>{ENTRY_KIND_LABELS[e.kind] ?? e.kind}</Tag>
              {e.ruleTitle}
            </div>
            <div className="muted">
              {e.occurredOn} · {detail(e)}
            </div>
          </div>
          <div className={`points-entry-points ${e.points > 0 ? 'plus' : e.points < 0 ? 'minus' : ''}`}>
            {signed(e.points)}
          </div>
        </li>
      ))}
    </ul>
  );
}
