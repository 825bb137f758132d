import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { membersApi } from '../../shared/contracts/members';
import type { BodyIn, QueryIn } from '../../shared/contracts/route';
import { call, useApiQuery } from './contract';
import { keys } from './query';

// ---------- members ----------

/**
 * The list's filters as pages hold them: strings read off the address. The server checks each
 * against the contract (an unknown category is a 400 naming the field).
 */
export interface MemberListParams {
  orgId?: number;
  q?: string;
  category?: string;
  status?: string;
  gender?: string;
  ethnicity?: string;
  education?: string;
  ageBand?: string;
  joinDecade?: number;
  current?: number;
  pageSize?: number;
}

export function useMembers(params: MemberListParams, enabled = true) {
  return useApiQuery(
    membersApi.list,
    { query: params as QueryIn<typeof membersApi.list> },
    { placeholderData: keepPreviousData, enabled },
  );
}

export function useMember(id: number | undefined) {
  return useApiQuery(membersApi.get, { params: { id: id ?? 0 } }, { enabled: id !== undefined && id > 0 });
}

export function useMemberEvents(id: number | undefined) {
  return useApiQuery(membersApi.events, { params: { id: id ?? 0 } }, { enabled: id !== undefined && id > 0 });
}

/** After a write: every member read, and the orgs' figures and checks that count members. */
function useMembersChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.members });
    qc.invalidateQueries({ queryKey: keys.orgs });
  };
}

export function useCreateMember() {
  const onSuccess = useMembersChanged();
  return useMutation({
    mutationFn: (body: BodyIn<typeof membersApi.create>) => call(membersApi.create, { body }),
    onSuccess,
  });
}

export function useUpdateMember(id: number) {
  const onSuccess = useMembersChanged();
  return useMutation({
    mutationFn: (body: BodyIn<typeof membersApi.update>) => call(membersApi.update, { params: { id }, body }),
    onSuccess,
  });
}

/** The clear ID number or phone, with a reason (audited); only the fields asked for. */
export function useRevealMember(id: number) {
  return useMutation({
    mutationFn: (body: BodyIn<typeof membersApi.reveal>) => call(membersApi.reveal, { params: { id }, body }),
  });
}
