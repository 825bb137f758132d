import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type { Member, MemberCreateBody, MemberEvent, MemberPatchBody, Page, Revealed } from './types';

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
