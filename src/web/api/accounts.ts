/**
 * 党员账号 (issue #19): the issuing org's reads and actions, and the public activation and SMS
 * calls of the bare pages (/activate, /forgot-password) and the login page.
 */
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { accountsApi } from '../../shared/contracts/accounts';
import type { BodyIn, QueryIn, ResultOf } from '../../shared/contracts/route';
import { call, queryKeyOf, useApiQuery } from './contract';

export type AccountSummary = ResultOf<typeof accountsApi.summary>;
export type AccountMember = ResultOf<typeof accountsApi.members>['data'][number];
export type AccountBatch = ResultOf<typeof accountsApi.batches>['data'][number];
export type Slip = ResultOf<typeof accountsApi.reissue>;
export type CaseAccount = ResultOf<typeof accountsApi.caseAccount>;
export type CaseSlip = ResultOf<typeof accountsApi.issueForCase>;

export function useAccountSummary(orgId: number | undefined) {
  return useApiQuery(accountsApi.summary, { query: { orgId: orgId ?? 0 } }, { enabled: !!orgId });
}

export function useAccountMembers(query: QueryIn<typeof accountsApi.members>) {
  return useApiQuery(
    accountsApi.members,
    { query },
    { enabled: !!query.orgId, placeholderData: keepPreviousData },
  );
}

export function useAccountBatches(query: QueryIn<typeof accountsApi.batches>) {
  return useApiQuery(accountsApi.batches, { query }, { placeholderData: keepPreviousData });
}

export function useSlips(batchId: number) {
  // Every fetch is a printing in the audit log: no refetch on focus or reconnect.
  return useApiQuery(
    accountsApi.slips,
    { params: { id: batchId } },
    { enabled: batchId > 0, staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false },
  );
}

/** After issuing: every read under /api/accounts is refetched. */
function useAccountsChanged() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeyOf(accountsApi.summary).slice(0, 1) });
}

export function useIssueAccounts() {
  const onSuccess = useAccountsChanged();
  return useMutation({
    mutationFn: (body: BodyIn<typeof accountsApi.issue>) => call(accountsApi.issue, { body }),
    onSuccess,
  });
}

export function useReissueCode() {
  const onSuccess = useAccountsChanged();
  return useMutation({
    mutationFn: (memberId: number) => call(accountsApi.reissue, { params: { id: memberId } }),
    onSuccess,
  });
}

/** The account of a development case (for the case page; only with account.issue). */
export function useCaseAccount(caseId: number, enabled: boolean) {
  return useApiQuery(accountsApi.caseAccount, { params: { id: caseId } }, { enabled });
}

export function useIssueForCase() {
  const onSuccess = useAccountsChanged();
  return useMutation({
    mutationFn: (caseId: number) => call(accountsApi.issueForCase, { params: { id: caseId } }),
    onSuccess,
  });
}

export function useActivate() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof accountsApi.activate>) => call(accountsApi.activate, { body }),
  });
}

export function useRequestSmsCode() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof accountsApi.smsCode>) => call(accountsApi.smsCode, { body }),
  });
}

export function useSmsLogin() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof accountsApi.smsLogin>) => call(accountsApi.smsLogin, { body }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: BodyIn<typeof accountsApi.resetPassword>) => call(accountsApi.resetPassword, { body }),
  });
}
