import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys, queryClient } from './query';
import type {
  Org,
  OrgCreateBody,
  OrgHistoryEntry,
  OrgPatchBody,
  OrgSummary,
  Page,
  TermCreateBody,
} from './types';

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
