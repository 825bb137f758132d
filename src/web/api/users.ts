import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { BodyIn, QueryIn } from '../../shared/contracts/route';
import { usersApi } from '../../shared/contracts/users';
import { call, queryKeyOf, useApiQuery } from './contract';

// ---------- users ----------

export type UserListParams = QueryIn<typeof usersApi.list>;

export function useUsers(params: UserListParams) {
  return useApiQuery(usersApi.list, { query: params }, { placeholderData: keepPreviousData });
}

/** Orgs inside the sysadmin's scope, where roles may be granted (the sysadmin has no org.read). */
export function useUserOrgs(q: string) {
  return useApiQuery(
    usersApi.orgs,
    { query: { q } },
    { enabled: q.length > 0, placeholderData: keepPreviousData },
  );
}

/** After a change: every read under /api/users (the list, a user) is refetched. */
function useUsersChanged() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeyOf(usersApi.list) });
}

export function useCreateUser() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: (body: BodyIn<typeof usersApi.create>) => call(usersApi.create, { body }),
    onSuccess,
  });
}

export function useUpdateUser() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.update> }) =>
      call(usersApi.update, { params: { id }, body }),
    onSuccess,
  });
}

// ---------- grants and member links (三员分立) ----------

export function useProposeGrant() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.proposeGrant> }) =>
      call(usersApi.proposeGrant, { params: { id }, body }),
    onSuccess,
  });
}

export function useGrantRequests(params: QueryIn<typeof usersApi.grantRequests>) {
  return useApiQuery(usersApi.grantRequests, { query: params }, { placeholderData: keepPreviousData });
}

export function useDecideGrant() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.decideGrant> }) =>
      call(usersApi.decideGrant, { params: { id }, body }),
    onSuccess,
  });
}

export function useWithdrawGrant() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: (id: number) => call(usersApi.withdrawGrant, { params: { id } }),
    onSuccess,
  });
}

export function useRevokeRole() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.revokeRole> }) =>
      call(usersApi.revokeRole, { params: { id }, body }),
    onSuccess,
  });
}

export function useRequestMemberLink() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.requestMemberLink> }) =>
      call(usersApi.requestMemberLink, { params: { id }, body }),
    onSuccess,
  });
}

export function useMemberLinks(params: QueryIn<typeof usersApi.memberLinks>) {
  return useApiQuery(usersApi.memberLinks, { query: params }, { placeholderData: keepPreviousData });
}

export function useDecideMemberLink() {
  const onSuccess = useUsersChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: BodyIn<typeof usersApi.decideMemberLink> }) =>
      call(usersApi.decideMemberLink, { params: { id }, body }),
    onSuccess,
  });
}
