import { keepPreviousData, QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { rulesApi } from '../../shared/contracts/rules';
import { ApiError, api, type QueryValue } from './client';
import { queryKeyOf, useApiMutation, useApiQuery } from './contract';
import type {
  AuditEntry,
  CheckinResult,
  CheckinToken,
  Compliance,
  Exemption,
  ExemptionCreateBody,
  HeartTalk,
  HeartTalkCreateBody,
  Me,
  Meeting,
  MeetingAttachment,
  MeetingAttendee,
  MeetingCreateBody,
  MeetingKind,
  MeetingPatchBody,
  MeetingReviewBody,
  MeetingSummary,
  Member,
  MemberCreateBody,
  MemberEvent,
  MemberPatchBody,
  NotificationPage,
  Org,
  OrgCreateBody,
  OrgHistoryEntry,
  OrgPatchBody,
  OrgSummary,
  Page,
  Revealed,
  Rule,
  TermCreateBody,
  Transfer,
  TransferCreateBody,
  TransferRespondBody,
  User,
  UserCreateBody,
  UserPatchBody,
} from './types';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Do not retry what will not change: auth, scope, validation.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

export const keys = {
  me: ['me'] as const,
  orgs: ['orgs'] as const,
  org: (id: number) => ['orgs', 'detail', id] as const,
  orgRoots: ['orgs', 'roots'] as const,
  orgChildren: (id: number, asOf?: string) => ['orgs', 'children', id, asOf ?? null] as const,
  orgAncestors: (id: number) => ['orgs', 'ancestors', id] as const,
  orgHistory: (id: number) => ['orgs', 'history', id] as const,
  orgSearch: (q: string, kind?: string) => ['orgs', 'search', q, kind ?? null] as const,
  members: ['members'] as const,
  memberList: (params: Record<string, QueryValue>) => ['members', 'list', params] as const,
  member: (id: number) => ['members', 'detail', id] as const,
  memberEvents: (id: number) => ['members', 'events', id] as const,
  transfers: ['transfers'] as const,
  transferList: (params: Record<string, QueryValue>) => ['transfers', 'list', params] as const,
  audit: (params: Record<string, QueryValue>) => ['audit', params] as const,
  rules: ['rules'] as const,
  users: ['users'] as const,
  userList: (params: Record<string, QueryValue>) => ['users', 'list', params] as const,
  meetings: ['meetings'] as const,
  meetingList: (params: Record<string, QueryValue>) => ['meetings', 'list', params] as const,
  meeting: (id: number) => ['meetings', 'detail', id] as const,
  expectedAttendees: (params: Record<string, QueryValue>) => ['meetings', 'expected', params] as const,
  compliance: ['compliance'] as const,
  complianceOf: (orgId: number, from?: string, to?: string) =>
    ['compliance', orgId, from ?? null, to ?? null] as const,
  heartTalks: ['heart-talks'] as const,
  heartTalkList: (params: Record<string, QueryValue>) => ['heart-talks', 'list', params] as const,
  notifications: ['notifications'] as const,
  notificationList: (params: Record<string, QueryValue>) => ['notifications', 'list', params] as const,
};

// ---------- auth ----------

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/api/me'), staleTime: 5 * 60_000 });
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api.post<{ ok: true }>('/api/auth/login', body),
  });
}

export function useLogout() {
  return useMutation({ mutationFn: () => api.post<{ ok: true }>('/api/auth/logout') });
}

// ---------- orgs ----------

export const fetchOrgChildren = (id: number, asOf?: string) =>
  queryClient.fetchQuery({
    queryKey: keys.orgChildren(id, asOf),
    queryFn: () => api.get<OrgSummary[]>(`/api/orgs/${id}/children`, { asOf }),
  });

export const fetchOrgAncestors = (id: number) =>
  queryClient.fetchQuery({
    queryKey: keys.orgAncestors(id),
    queryFn: () => api.get<OrgSummary[]>(`/api/orgs/${id}/ancestors`),
  });

/** The tree's starting points; with `asOf`, as they stood that day (history view). */
export function useOrgRoots(enabled = true, asOf?: string) {
  return useQuery({
    queryKey: asOf ? [...keys.orgRoots, asOf] : keys.orgRoots,
    queryFn: () => api.get<OrgSummary[]>('/api/orgs/roots', asOf ? { asOf } : undefined),
    enabled,
  });
}

export function useOrg(id: number | undefined) {
  return useQuery({
    queryKey: keys.org(id ?? 0),
    queryFn: () => api.get<Org>(`/api/orgs/${id}`),
    enabled: id !== undefined && id > 0,
  });
}

export function useOrgAncestors(id: number | undefined) {
  return useQuery({
    queryKey: keys.orgAncestors(id ?? 0),
    queryFn: () => api.get<OrgSummary[]>(`/api/orgs/${id}/ancestors`),
    enabled: id !== undefined && id > 0,
  });
}

export function useOrgChildren(id: number | undefined, asOf?: string) {
  return useQuery({
    queryKey: keys.orgChildren(id ?? 0, asOf),
    queryFn: () => api.get<OrgSummary[]>(`/api/orgs/${id}/children`, { asOf }),
    enabled: id !== undefined && id > 0,
  });
}

export function useOrgHistory(id: number | undefined) {
  return useQuery({
    queryKey: keys.orgHistory(id ?? 0),
    queryFn: () => api.get<OrgHistoryEntry[]>(`/api/orgs/${id}/history`),
    enabled: id !== undefined && id > 0,
  });
}

export function useOrgSearch(q: string, kind?: string, enabled = true) {
  return useQuery({
    queryKey: keys.orgSearch(q, kind),
    queryFn: () => api.get<Page<OrgSummary>>('/api/orgs', { q, kind, limit: 20 }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateOrgs() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.orgs });
}

export function useCreateOrg() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: OrgCreateBody) => api.post<Org>('/api/orgs', body),
    onSuccess: invalidate,
  });
}

export function useUpdateOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: OrgPatchBody) => api.patch<Org>(`/api/orgs/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useMoveOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: { parentId: number; effectiveOn?: string; reason: string }) =>
      api.post<Org>(`/api/orgs/${id}/move`, body),
    onSuccess: invalidate,
  });
}

export function useDissolveOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: { dissolvedOn: string; reason: string }) =>
      api.post<Org>(`/api/orgs/${id}/dissolve`, body),
    onSuccess: invalidate,
  });
}

export function useCreateTerm(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: TermCreateBody) => api.post<unknown>(`/api/orgs/${id}/terms`, body),
    onSuccess: invalidate,
  });
}

// ---------- members ----------

export interface MemberListParams extends Record<string, QueryValue> {
  orgId?: number;
  q?: string;
  category?: string;
  status?: string;
  gender?: string;
  current?: number;
  pageSize?: number;
}

export function useMembers(params: MemberListParams, enabled = true) {
  return useQuery({
    queryKey: keys.memberList(params),
    queryFn: () => api.get<Page<Member>>('/api/members', params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMember(id: number | undefined) {
  return useQuery({
    queryKey: keys.member(id ?? 0),
    queryFn: () => api.get<Member>(`/api/members/${id}`),
    enabled: id !== undefined && id > 0,
  });
}

export function useMemberEvents(id: number | undefined) {
  return useQuery({
    queryKey: keys.memberEvents(id ?? 0),
    queryFn: () => api.get<MemberEvent[]>(`/api/members/${id}/events`),
    enabled: id !== undefined && id > 0,
  });
}

export function useCreateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberCreateBody) => api.post<Member>('/api/members', body),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: keys.members });
      qc.invalidateQueries({ queryKey: keys.orgs });
    },
  });
}

export function useUpdateMember(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberPatchBody) => api.patch<Member>(`/api/members/${id}`, body),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: keys.members });
      qc.invalidateQueries({ queryKey: keys.orgs });
    },
  });
}

export function useRevealMember(id: number) {
  return useMutation({
    mutationFn: (body: { reason: string; fields?: ('idNumber' | 'phone')[] }) =>
      api.post<Revealed>(`/api/members/${id}/reveal`, body),
  });
}

// ---------- transfers ----------

export interface TransferListParams extends Record<string, QueryValue> {
  orgId?: number;
  direction?: 'in' | 'out' | 'all';
  status?: string;
  memberId?: number;
  current?: number;
  pageSize?: number;
}

export function useTransfers(params: TransferListParams, enabled = true) {
  return useQuery({
    queryKey: keys.transferList(params),
    queryFn: () => api.get<Page<Transfer>>('/api/transfers', params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useInvalidateTransfers() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.transfers });
    qc.invalidateQueries({ queryKey: keys.members });
    qc.invalidateQueries({ queryKey: keys.orgs });
  };
}

/** Branches anywhere in the system a member may be transferred to (the receiving side may be out of scope). */
export function useTransferTargets(q: string) {
  return useQuery({
    queryKey: ['transfers', 'targets', q] as const,
    queryFn: () => api.get<{ id: number; name: string; kind: string }[]>('/api/transfers/targets', { q }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useCreateTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: TransferCreateBody) => api.post<Transfer>('/api/transfers', body),
    onSuccess: invalidate,
  });
}

export type TransferAction = 'accept' | 'reject' | 'cancel';

export function useRespondTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: TransferAction; body: TransferRespondBody }) =>
      api.post<Transfer>(`/api/transfers/${id}/${action}`, body),
    onSuccess: invalidate,
  });
}

// ---------- audit ----------

export interface AuditListParams extends Record<string, QueryValue> {
  action?: string;
  entity?: string;
  entityId?: number;
  username?: string;
  from?: string;
  to?: string;
  current?: number;
  pageSize?: number;
}

export function useAudit(params: AuditListParams) {
  return useQuery({
    queryKey: keys.audit(params),
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', params),
    placeholderData: keepPreviousData,
  });
}

// ---------- rules ----------

export function useRules() {
  return useApiQuery(rulesApi.list, {});
}

/** After a rule changed: the list shows the new value, and org checks read the rules in force. */
function useRuleChanged() {
  const qc = useQueryClient();
  return {
    onSuccess: (rule: Rule) => {
      qc.setQueryData<Rule[]>(queryKeyOf(rulesApi.list, {}), (list) =>
        list?.map((r) => (r.id === rule.id ? rule : r)),
      );
      qc.invalidateQueries({ queryKey: queryKeyOf(rulesApi.list) });
      // Rule checks on orgs and members read the rules in force.
      qc.invalidateQueries({ queryKey: keys.orgs });
    },
  };
}

/** Sets a configurable rule's value for this deployment (audited, with a reason). */
export const useOverrideRule = () => useApiMutation(rulesApi.override, useRuleChanged());

/** Back to the catalog default (audited, with a reason). */
export const useResetRule = () => useApiMutation(rulesApi.reset, useRuleChanged());

// ---------- users ----------

export interface UserListParams extends Record<string, QueryValue> {
  q?: string;
  current?: number;
  pageSize?: number;
}

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: keys.userList(params),
    queryFn: () => api.get<Page<User>>('/api/users', params),
    placeholderData: keepPreviousData,
  });
}

/** Orgs inside the sysadmin's scope, where roles may be granted (the sysadmin has no org.read). */
export function useUserOrgs(q: string) {
  return useQuery({
    queryKey: ['users', 'orgs', q] as const,
    queryFn: () => api.get<{ id: number; name: string; kind: string }[]>('/api/users/orgs', { q }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateBody) => api.post<User>('/api/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UserPatchBody }) =>
      api.patch<User>(`/api/users/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}

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

// ---------- organizational life: compliance and exemptions ----------

/** Compliance of an org's subtree over months `from`..`to` ('YYYY-MM'). */
export function useCompliance(orgId: number | undefined, from?: string, to?: string) {
  return useQuery({
    queryKey: keys.complianceOf(orgId ?? 0, from, to),
    queryFn: () => api.get<Compliance>(`/api/orgs/${orgId}/compliance`, { from, to }),
    enabled: orgId !== undefined && orgId > 0,
    placeholderData: keepPreviousData,
  });
}

export function useGrantExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, body }: { orgId: number; body: ExemptionCreateBody }) =>
      api.post<Exemption>(`/api/orgs/${orgId}/exemptions`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.compliance }),
  });
}

export function useWithdrawExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, exemptionId }: { orgId: number; exemptionId: number }) =>
      api.del<unknown>(`/api/orgs/${orgId}/exemptions/${exemptionId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.compliance }),
  });
}

// ---------- notifications ----------

export interface NotificationListParams extends Record<string, QueryValue> {
  unread?: boolean;
  current?: number;
  pageSize?: number;
}

export function useNotifications(params: NotificationListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: keys.notificationList(params),
    queryFn: () => api.get<NotificationPage>('/api/notifications', params),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
    // A bell that cannot load stays quiet rather than retrying.
    retry: false,
  });
}

export function useMarkNotificationRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`/api/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}
