import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type {
  CheckinResult,
  CheckinToken,
  HeartTalk,
  HeartTalkCreateBody,
  Meeting,
  MeetingAttachment,
  MeetingAttendee,
  MeetingCreateBody,
  MeetingKind,
  MeetingPatchBody,
  MeetingReviewBody,
  MeetingSummary,
  Page,
} from './types';

// ---------- organizational life: meetings ----------

export interface MeetingListParams extends Record<string, QueryValue> {
  orgId?: number;
  kind?: MeetingKind;
  status?: string;
  from?: string;
  to?: string;
  current?: number;
  pageSize?: number;
}

export function useMeetings(params: MeetingListParams, enabled = true) {
  return useQuery({
    queryKey: keys.meetingList(params),
    queryFn: () => api.get<Page<MeetingSummary>>('/api/meetings', params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One meeting; `refetchInterval` keeps the sign-in count live while the QR code is shown. */
export function useMeeting(id: number | undefined, refetchInterval?: number | false) {
  return useQuery({
    queryKey: keys.meeting(id ?? 0),
    queryFn: () => api.get<Meeting>(`/api/meetings/${id}`),
    enabled: id !== undefined && id > 0,
    refetchInterval,
  });
}

export interface ExpectedAttendeesParams extends Record<string, QueryValue> {
  orgId?: number;
  heldOn?: string;
  kind?: MeetingKind;
  groupId?: number;
}

/** The list a new meeting would get: the org's (or group's) members on that day. */
export function useExpectedAttendees(params: ExpectedAttendeesParams, enabled = true) {
  return useQuery({
    queryKey: keys.expectedAttendees(params),
    queryFn: async () => {
      const r = await api.get<MeetingAttendee[] | { data: MeetingAttendee[] }>(
        '/api/meetings/expected-attendees',
        params,
      );
      return Array.isArray(r) ? r : (r?.data ?? []);
    },
    enabled: enabled && !!params.orgId && !!params.heldOn && !!params.kind,
    staleTime: 60_000,
  });
}

function useInvalidateMeetings() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.meetings });
    // Compliance and notifications follow from the meetings.
    qc.invalidateQueries({ queryKey: keys.compliance });
    qc.invalidateQueries({ queryKey: keys.notifications });
  };
}

export function useCreateMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (body: MeetingCreateBody) => api.post<Meeting>('/api/meetings', body),
    onSuccess: invalidate,
  });
}

export function useUpdateMeeting(id: number) {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (body: MeetingPatchBody) => api.patch<Meeting>(`/api/meetings/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (id: number) => api.del<unknown>(`/api/meetings/${id}`),
    onSuccess: invalidate,
  });
}

export function useSubmitMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: (id: number) => api.post<Meeting>(`/api/meetings/${id}/submit`),
    onSuccess: invalidate,
  });
}

export function useReviewMeeting() {
  const invalidate = useInvalidateMeetings();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MeetingReviewBody }) =>
      api.post<Meeting>(`/api/meetings/${id}/review`, body),
    onSuccess: invalidate,
  });
}

export function useUploadAttachment(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<MeetingAttachment>(`/api/meetings/${meetingId}/attachments`, file),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.meeting(meetingId) }),
  });
}

export function useDeleteAttachment(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: number) =>
      api.del<unknown>(`/api/meetings/${meetingId}/attachments/${attachmentId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.meeting(meetingId) }),
  });
}

/** A fresh QR sign-in token for a meeting. */
export function useCheckinToken() {
  return useMutation({
    mutationFn: (meetingId: number) => api.post<CheckinToken>(`/api/meetings/${meetingId}/checkin-token`),
  });
}

/** The member's own sign-in with a scanned token. */
export function useCheckin() {
  return useMutation({
    mutationFn: (body: { meetingId: number; token: string }) => api.post<CheckinResult>('/api/checkin', body),
  });
}

// ---------- organizational life: heart talks ----------

export interface HeartTalkListParams extends Record<string, QueryValue> {
  orgId?: number;
  memberId?: number;
  year?: number;
  current?: number;
  pageSize?: number;
}

export function useHeartTalks(params: HeartTalkListParams) {
  return useQuery({
    queryKey: keys.heartTalkList(params),
    queryFn: () => api.get<Page<HeartTalk>>('/api/heart-talks', params),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateHeartTalks() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.heartTalks });
    qc.invalidateQueries({ queryKey: keys.compliance });
  };
}

export function useCreateHeartTalk() {
  const invalidate = useInvalidateHeartTalks();
  return useMutation({
    mutationFn: (body: HeartTalkCreateBody) => api.post<HeartTalk>('/api/heart-talks', body),
    onSuccess: invalidate,
  });
}

export function useDeleteHeartTalk() {
  const invalidate = useInvalidateHeartTalks();
  return useMutation({
    mutationFn: (id: number) => api.del<unknown>(`/api/heart-talks/${id}`),
    onSuccess: invalidate,
  });
}
