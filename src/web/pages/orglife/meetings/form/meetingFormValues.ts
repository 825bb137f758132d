import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { ErrorBody } from '../../../../../shared/contracts/error-codes';
import { ApiError } from '../../../../api/client';
import type { Meeting, MeetingAttendee, MeetingKind } from '../../../../api/types';
import type { VoteValues } from './VotesEditor';

/** What the meeting form holds (Dayjs dates and times), and its mapping to and from the API. */
export interface MeetingFormValues {
  orgId?: number;
  kind?: MeetingKind;
  groupId?: number | null;
  title?: string;
  heldOn?: Dayjs;
  startTime?: Dayjs;
  endTime?: Dayjs | null;
  place?: string;
  hostName?: string;
  recorderName?: string;
  lecturerMode?: 'member' | 'name';
  lecturerMemberId?: number | null;
  lecturerName?: string | null;
  topic?: string | null;
  agenda?: string;
  minutes?: string;
  decisions?: string;
  attendees?: MeetingAttendee[];
  votes?: VoteValues[];
}

export const LECTURE_KINDS: readonly string[] = ['party_lecture'];

export const TOPIC_KINDS: readonly string[] = ['party_lecture', 'theme_day', 'life_meeting'];

/** The API body (create; the edit page leaves out what cannot change). */
export function toPayload(v: MeetingFormValues) {
  const lecture = LECTURE_KINDS.includes(v.kind ?? '');
  const byMember = v.lecturerMode !== 'name';
  return {
    orgId: v.orgId!,
    kind: v.kind!,
    groupId: v.kind === 'group_meeting' ? (v.groupId ?? null) : null,
    title: (v.title ?? '').trim(),
    heldOn: v.heldOn!.format('YYYY-MM-DD'),
    startTime: v.startTime!.format('HH:mm'),
    endTime: v.endTime ? v.endTime.format('HH:mm') : undefined,
    place: (v.place ?? '').trim(),
    hostName: (v.hostName ?? '').trim(),
    recorderName: (v.recorderName ?? '').trim(),
    lecturerMemberId: lecture && byMember ? (v.lecturerMemberId ?? null) : null,
    lecturerName: lecture && !byMember ? v.lecturerName?.trim() || null : null,
    topic: TOPIC_KINDS.includes(v.kind ?? '') ? v.topic?.trim() || null : null,
    agenda: v.agenda ?? '',
    minutes: v.minutes ?? '',
    decisions: v.decisions ?? '',
    attendees: (v.attendees ?? []).map((a) => ({
      memberId: a.memberId,
      attendance: a.attendance,
      reason: a.attendance === 'excused' ? a.reason?.trim() || undefined : undefined,
    })),
    votes:
      v.kind === 'general_meeting'
        ? (v.votes ?? []).map((x) => ({
            subject: (x.subject ?? '').trim(),
            forVotes: x.forVotes ?? 0,
            against: x.against ?? 0,
            abstain: x.abstain ?? 0,
          }))
        : [],
  };
}

export type MeetingPayload = ReturnType<typeof toPayload>;

export function valuesOf(m: Meeting): MeetingFormValues {
  return {
    orgId: m.orgId,
    kind: m.kind,
    groupId: m.groupId,
    title: m.title,
    heldOn: dayjs(m.heldOn),
    startTime: dayjs(`2000-01-01T${m.startTime}`),
    endTime: m.endTime ? dayjs(`2000-01-01T${m.endTime}`) : null,
    place: m.place,
    hostName: m.hostName,
    recorderName: m.recorderName,
    lecturerMode: m.lecturerMemberId || !m.lecturerName ? 'member' : 'name',
    lecturerMemberId: m.lecturerMemberId,
    lecturerName: m.lecturerName,
    topic: m.topic,
    agenda: m.agenda,
    minutes: m.minutes,
    decisions: m.decisions,
    attendees: m.attendees,
    votes: m.votes.map((v) => ({
      subject: v.subject,
      forVotes: v.forVotes,
      against: v.against,
      abstain: v.abstain,
    })),
  };
}

/**
 * API errors on nested attendee fields (`attendees.3.reason`) are shown on the attendee list as a
 * whole, naming the member; votes keep their own fields (`votes.0.subject`).
 */
export function routeNestedErrors(error: unknown, attendees: MeetingAttendee[]): unknown {
  if (!(error instanceof ApiError) || !error.details.length) return error;
  const details = error.details.map((d) => {
    const m = /^attendees\.(\d+)\./.exec(d.field);
    if (!m) return d;
    const who = attendees[Number(m[1])]?.name;
    return { ...d, field: 'attendees', message: who ? `${who}：${d.message}` : d.message };
  });
  return new ApiError(error.status, {
    code: error.code as ErrorBody['code'],
    message: error.message,
    details,
    requestId: error.requestId,
  });
}
