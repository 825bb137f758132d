import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meetingsApi } from '../../shared/contracts/meetings';
import { notificationsApi } from '../../shared/contracts/notifications';
import { orglifeApi } from '../../shared/contracts/orglife';
import type { QueryIn } from '../../shared/contracts/route';
import { call, queryKeyOf, urlOf, useApiQuery } from './contract';
import type {
  HeartTalkCreateBody,
  MeetingCreateBody,
  MeetingKind,
  MeetingPatchBody,
  MeetingReviewBody,
} from './types';

// ---------- organizational life: meetings ----------

export type MeetingListParams = QueryIn<typeof meetingsApi.list>;

export function useMeetings(params: MeetingListParams, enabled = true) {
  return useApiQuery(meetingsApi.list, { query: params }, { placeholderData: keepPreviousData, enabled });
}

/** One meeting; `refetchInterval` keeps the sign-in count live while the QR code is shown. */
export function useMeeting(id: number | undefined, refetchInterval?: number | false) {
  return useApiQuery(
    meetingsApi.get,
    { params: { id: id ?? 0 } },
    { enabled: id !== undefined && id > 0, refetchInterval },
  );
}

/** What the meeting form knows so far; the query runs once org, date and kind are chosen. */
export interface ExpectedAttendeesParams {
  orgId?: number;
  heldOn?: string;
  kind?: MeetingKind;
  groupId?: number;
}

/** The list a new meeting would get: the org's (or group's) members on that day. */
export function useExpectedAttendees(params: ExpectedAttendeesParams, enabled = true) {
  // Sent only when `ready`: then org, date and kind are there.
  const query = params as QueryIn<typeof meetingsApi.expectedAttendees>;
  const ready = !!params.orgId && !!params.heldOn && !!params.kind;
  return useApiQuery(
    meetingsApi.expectedAttendees,
    { query },
    { enabled: enabled && ready, staleTime: 60_000 },
  );
}

/** After a meeting changed: its reads, and compliance and notifications, which follow from it. */
function useInvalidateMeetings() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: queryKeyOf(meetingsApi.list) });
    qc.invalidateQueries({ queryKey: queryKeyOf(orglifeApi.compliance) });
    qc.invalidateQueries({ queryKey: queryKeyOf(notificationsApi.list) });
  };
}

export function useCreateMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (body: MeetingCreateBody) => call(meetingsApi.create, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateMeeting(id: number) {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (body: MeetingPatchBody) => call(meetingsApi.patch, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

export function useDeleteMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (id: number) => call(meetingsApi.remove, { params: { id } }),
    onSuccess: invalidate,
  });
}

export function useSubmitMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (id: number) => call(meetingsApi.submit, { params: { id } }),
    onSuccess: invalidate,
  });
}

export function useReviewMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MeetingReviewBody }) =>
      call(meetingsApi.review, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

/** The meeting's own read, refreshed after a change to its attachments or codes. */
export const meetingKey = (id: number) => queryKeyOf(meetingsApi.get, { params: { id } });

export function useUploadAttachment(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call(meetingsApi.uploadAttachment, { params: { id: meetingId }, body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingKey(meetingId) }),
  });
}

export function useDeleteAttachment(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: number) =>
      call(meetingsApi.deleteAttachment, { params: { id: meetingId, attachmentId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingKey(meetingId) }),
  });
}

/** The link that downloads (or, for an image, shows) an attachment. */
export const attachmentUrl = (meetingId: number, attachmentId: number) =>
  urlOf(meetingsApi.downloadAttachment, { params: { id: meetingId, attachmentId } });

/** A fresh QR sign-in token for a meeting. */
export function useCheckinToken() {
  return useMutation({
    mutationFn: (meetingId: number) => call(meetingsApi.createCheckinToken, { params: { id: meetingId } }),
  });
}

/**
 * What a scanned code is good for, asked before login (the public check-in page). Asked once per
 * page: the page itself says when to look again.
 */
export function useCheckinPreview(meetingId: number, token: string, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeyOf(meetingsApi.checkinPreview), { meetingId, token }],
    queryFn: () => call(meetingsApi.checkinPreview, { body: { meetingId, token } }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The member's own sign-in with a scanned token. */
export function useCheckin() {
  return useMutation({
    mutationFn: (body: { meetingId: number; token: string }) => call(meetingsApi.checkin, { body }),
    // Fail at once without a connection rather than pause and resume later: the page then queues
    // the scan with its time (offline/checkinQueue.ts), and only the queue sends it.
    networkMode: 'always',
  });
}

// ---------- organizational life: heart talks ----------

export type HeartTalkListParams = QueryIn<typeof meetingsApi.heartTalks>;

export function useHeartTalks(params: HeartTalkListParams) {
  return useApiQuery(meetingsApi.heartTalks, { query: params }, { placeholderData: keepPreviousData });
}

function useInvalidateHeartTalks() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: queryKeyOf(meetingsApi.heartTalks) });
    qc.invalidateQueries({ queryKey: queryKeyOf(orglifeApi.compliance) });
  };
}

export function useCreateHeartTalk() {
  const invalidate = useInvalidateHeartTalks();
  return useMutation({
    mutationFn: (body: HeartTalkCreateBody) => call(meetingsApi.createHeartTalk, { body }),
    onSuccess: invalidate,
  });
}

export function useDeleteHeartTalk() {
  const invalidate = useInvalidateHeartTalks();
  return useMutation({
    mutationFn: (id: number) => call(meetingsApi.deleteHeartTalk, { params: { id } }),
    onSuccess: invalidate,
  });
}
