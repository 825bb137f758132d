import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type { Page, User, UserCreateBody, UserPatchBody } from './types';

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
