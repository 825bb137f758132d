/**
 * 党费 API hooks: profiles, the monthly collection sheet, payments, arrears and lapse decisions,
 * the member's own page, summary, remittances, reconciliation and the base import. Every call goes
 * through its contract (`duesApi` in src/shared/contracts/dues.ts): no URL or result type here.
 */
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ArrearsLevel, LedgerStatus } from '../../domain/dues/labels';
import {
  type arrearsPage,
  type arrearsRowDto,
  type DuesSummaryDto,
  duesApi,
  type ImportDto,
  type LedgerPage,
  type LedgerRowDto,
  type lapseDecisionBody,
  type MemberDuesDto,
  type PaymentBody,
  type ProfileCreateBody,
  type ProfileDto,
  type paymentBatchBody,
  type profileDecisionBody,
  type reconciliationDto,
  type remittanceBody,
  type remittanceDto,
  type remittanceLedgerDto,
} from '../../shared/contracts/dues';
import { call, urlOf, useApiQuery } from './contract';

export type LedgerRow = LedgerRowDto;
export type Ledger = LedgerPage;
export type Profile = ProfileDto;
export type MemberDues = MemberDuesDto;
export type ArrearsRow = z.infer<typeof arrearsRowDto>;
export type ArrearsPage = z.infer<typeof arrearsPage>;
export type DuesSummary = DuesSummaryDto;
export type Remittance = z.infer<typeof remittanceDto>;
export type RemittanceLedger = z.infer<typeof remittanceLedgerDto>;
export type Reconciliation = z.infer<typeof reconciliationDto>;
export type DuesImport = ImportDto;
export type PaymentBatchBody = z.input<typeof paymentBatchBody>;
export type LapseDecisionBody = z.input<typeof lapseDecisionBody>;
export type ProfileDecisionBody = z.input<typeof profileDecisionBody>;
export type RemittanceBody = z.input<typeof remittanceBody>;

const enabledId = (id: number | undefined): id is number => id !== undefined && id > 0;
/** A disabled query still names its params; 0 never reaches the server. */
const idOrZero = (id: number | undefined) => id ?? 0;

export interface LedgerParams {
  orgId?: number;
  month: string;
  status?: string;
  q?: string;
  current?: number;
  pageSize?: number;
}

export function useLedger({ orgId, status, ...rest }: LedgerParams) {
  return useApiQuery(
    duesApi.ledger,
    // The status comes from the address; the server refuses one it does not know.
    { query: { ...rest, orgId: idOrZero(orgId), status: status as LedgerStatus | undefined } },
    { enabled: enabledId(orgId), placeholderData: keepPreviousData },
  );
}

export interface ArrearsParams {
  orgId?: number;
  level?: string;
  current?: number;
  pageSize?: number;
}

export function useArrears({ orgId, level, ...rest }: ArrearsParams) {
  return useApiQuery(
    duesApi.arrears,
    { query: { ...rest, orgId: idOrZero(orgId), level: level as ArrearsLevel | undefined } },
    { enabled: enabledId(orgId), placeholderData: keepPreviousData },
  );
}

export function useMemberDues(memberId: number | undefined, year?: number) {
  return useApiQuery(
    duesApi.memberDues,
    { params: { id: idOrZero(memberId) }, query: { year } },
    { enabled: enabledId(memberId), placeholderData: keepPreviousData },
  );
}

/** A member's profiles, newest first (the list is not paged). */
export function useDuesProfiles(memberId: number | undefined) {
  return useApiQuery(
    duesApi.memberProfiles,
    { params: { id: idOrZero(memberId) } },
    { enabled: enabledId(memberId), select: (r) => r.data },
  );
}

/** The approval queue: the oldest 500 and the queue's total (there may be more). */
export function usePendingProfiles(orgId: number | undefined) {
  return useApiQuery(duesApi.pendingProfiles, { query: { orgId } }, { enabled: enabledId(orgId) });
}

export function useDuesSummary(orgId: number | undefined, year: number) {
  return useApiQuery(
    duesApi.summary,
    { params: { id: idOrZero(orgId) }, query: { year } },
    { enabled: enabledId(orgId), placeholderData: keepPreviousData },
  );
}

export function useRemittances(orgId: number | undefined, year: number) {
  return useApiQuery(
    duesApi.remittances,
    { query: { orgId: idOrZero(orgId), year } },
    { enabled: enabledId(orgId), placeholderData: keepPreviousData },
  );
}

export function useReconciliation(orgId: number | undefined, year: number) {
  return useApiQuery(
    duesApi.reconciliation,
    { params: { id: idOrZero(orgId) }, query: { year } },
    { enabled: enabledId(orgId), placeholderData: keepPreviousData },
  );
}

export function useDuesImport(id: number | undefined) {
  return useApiQuery(duesApi.import, { params: { id: idOrZero(id) } }, { enabled: enabledId(id) });
}

/**
 * After a dues write: every dues read. They live under /api/dues, a member's pages
 * (/api/members/:id/dues, …/dues-profiles) and an org's figures (/api/orgs/:id/dues-…).
 */
function useInvalidateDues() {
  const qc = useQueryClient();
  return () =>
    qc.invalidateQueries({
      predicate: ({ queryKey: [area, , what] }) =>
        area === 'dues' ||
        (area === 'members' && (what === 'dues' || what === 'dues-profiles')) ||
        (area === 'orgs' && typeof what === 'string' && what.startsWith('dues-')),
    });
}

/** One payment; the key is made when the form opens and reused on a retry, so it books once. */
export function useRecordPayment() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentBody; idempotencyKey: string }) =>
      call(duesApi.pay, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: invalidate,
  });
}

export function useBatchPayment() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentBatchBody; idempotencyKey: string }) =>
      call(duesApi.payBatch, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: invalidate,
  });
}

export function useLapseDecision() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: LapseDecisionBody) => call(duesApi.lapseDecision, { body }),
    onSuccess: invalidate,
  });
}

export function useCreateProfile(memberId: number) {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: ProfileCreateBody) => call(duesApi.createProfile, { params: { id: memberId }, body }),
    onSuccess: invalidate,
  });
}

export function useDecideProfile() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ id, ...body }: ProfileDecisionBody & { id: number }) =>
      call(duesApi.decideProfile, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

export function useCreateRemittance() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: RemittanceBody) => call(duesApi.remit, { body }),
    onSuccess: invalidate,
  });
}

export function useConfirmRemittance() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ id, confirmedOn }: { id: number; confirmedOn: string }) =>
      call(duesApi.confirmRemittance, { params: { id }, body: { confirmedOn } }),
    onSuccess: invalidate,
  });
}

export function useUploadImport() {
  return useMutation({
    mutationFn: ({ orgId, file }: { orgId: number; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call(duesApi.upload, { query: { orgId }, body: form });
    },
  });
}

export function useCommitImport() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (id: number) => call(duesApi.commitImport, { params: { id } }),
    onSuccess: invalidate,
  });
}

/** The template's link (a plain download: the browser sends the session cookie). */
export const importTemplateUrl = (orgId: number) => urlOf(duesApi.importTemplate, { query: { orgId } });
