import type { MeetingAttendee } from '../../../api/types';
import { pct } from '../orglife';

export interface AttendanceTally {
  expected: number;
  present: number;
  excused: number;
  absent: number;
  /** Full members (with a vote) expected and present. */
  expectedVoting: number;
  presentVoting: number;
}

export function tallyAttendance(
  attendees: readonly Pick<MeetingAttendee, 'attendance' | 'votes'>[],
): AttendanceTally {
  const t = { expected: 0, present: 0, excused: 0, absent: 0, expectedVoting: 0, presentVoting: 0 };
  for (const a of attendees) {
    t.expected++;
    if (a.attendance === 'present') t.present++;
    else if (a.attendance === 'excused') t.excused++;
    else t.absent++;
    if (a.votes) {
      t.expectedVoting++;
      if (a.attendance === 'present') t.presentVoting++;
    }
  }
  return t;
}

/** 应到 / 实到 / 请假 / 缺席 (and, for general meetings, the members with a vote). */
export function AttendanceCounts({ attendees, voting }: { attendees: MeetingAttendee[]; voting?: boolean }) {
  const t = tallyAttendance(attendees);
  return (
    <div className="attendance-counts" data-testid="attendance-counts">
      <span className="count-chip">
        应到 <b data-testid="count-expected">{t.expected}</b> 人
      </span>
      <span className="count-chip count-present">
        实到 <b data-testid="count-present">{t.present}</b> 人
      </span>
      <span className="count-chip count-excused">
        请假 <b data-testid="count-excused">{t.excused}</b> 人
      </span>
      <span className="count-chip count-absent">
        缺席 <b data-testid="count-absent">{t.absent}</b> 人
      </span>
      <span className="count-chip count-rate">出席率 {t.expected ? pct(t.present / t.expected) : '—'}</span>
      {voting ? (
        <span className="count-chip count-voting">
          有表决权：应到 <b data-testid="count-expected-voting">{t.expectedVoting}</b> 人，实到{' '}
          <b data-testid="count-present-voting">{t.presentVoting}</b> 人
        </span>
      ) : null}
    </div>
  );
}
