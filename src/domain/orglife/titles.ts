/**
 * The title a meeting record gets when the secretary does not type one: 2026年12月支部党员大会.
 *
 * There is no column saying whether a title was typed or derived (a marker would need a migration),
 * so the shape itself is the marker: a title that reads exactly like a default — a year, a month
 * and the label of a recorded meeting kind — is one the system wrote, and it follows the meeting's
 * kind and date. Anything else was typed and is kept as it is. Server and web both decide by these
 * functions, so the form, the list and the calendar agree.
 */
import type { IsoDate } from '../common/dates.js';
import { MEETING_KIND_LABELS, type MeetingKind } from './requirements.js';

/** 2026年12月支部党员大会 for a general meeting held on 2026-12-xx. */
export function defaultMeetingTitle(kind: MeetingKind, heldOn: IsoDate): string {
  const [y, m] = heldOn.split('-');
  return `${Number(y)}年${Number(m)}月${MEETING_KIND_LABELS[kind]}`;
}

const LABELS = new Set(Object.values(MEETING_KIND_LABELS));
const DEFAULT_SHAPE = /^(\d{4})年([1-9]|1[0-2])月(.+)$/;

/** True for a title in the exact form of a default, of any kind and month (so: not typed). */
export function isDefaultMeetingTitle(title: string): boolean {
  const m = DEFAULT_SHAPE.exec(title);
  return !!m && LABELS.has(m[3]!);
}

/**
 * The title a meeting of this kind and date should carry: the given one when it was typed, else
 * (empty, or a default of some other kind or month) the default for this kind and date.
 */
export function meetingTitle(title: string | null | undefined, kind: MeetingKind, heldOn: IsoDate): string {
  const t = title?.trim() ?? '';
  return t && !isDefaultMeetingTitle(t) ? t : defaultMeetingTitle(kind, heldOn);
}
