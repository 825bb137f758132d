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

/** The owner's password change; the server answers with a new session cookie (others end). */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof authApi.changePassword>) => call(authApi.changePassword, { body }),
  });
}

/** Sign out on every device (every session of this user ends, this one included). */
export function useLogoutAll() {
  return useMutation({ mutationFn: () => call(authApi.logoutAll, {}) });
}
