import { useMutation } from '@tanstack/react-query';
import { authApi } from '../../shared/contracts/auth';
import type { BodyIn } from '../../shared/contracts/route';
import { call, useApiQuery } from './contract';

// ---------- auth ----------

/** The signed-in user; a login refreshes it through `keys.me` (['me'], the path's segment). */
export function useMe() {
  return useApiQuery(authApi.me, {}, { staleTime: 5 * 60_000 });
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof authApi.login>) => call(authApi.login, { body }),
  });
}

export function useLogout() {
  return useMutation({ mutationFn: () => call(authApi.logout, {}) });
}
