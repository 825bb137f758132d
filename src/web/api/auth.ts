import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './query';
import type { Me } from './types';

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
