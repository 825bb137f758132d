/**
 * 党费 API hooks: profiles, the monthly collection sheet, payments, arrears and lapse decisions,
 * the member's own page, summary, remittances, reconciliation and the base import. Types come from
 * the shared contracts (`src/shared/contracts/dues.ts`).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  arrearsPage,
  arrearsRowDto,
  DuesSummaryDto,
  ImportDto,
  LedgerPage,
  LedgerRowDto,
  lapseDecisionBody,
  MemberDuesDto,
  PaymentBody,
  ProfileCreateBody,
  ProfileDto,
  paymentBatchBody,
  paymentBatchResult,
  paymentResult,
  profileDecisionBody,
  reconciliationDto,
  remittanceBody,
  remittanceDto,
  remittanceLedgerDto,
} from '../../shared/contracts/dues';
import { api, type QueryValue } from './client';

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

export const duesKeys = {
  all: ['dues'] as const,
  ledger: (params: Record<string, QueryValue>) => ['dues', 'ledger', params] as const,
  arrears: (params: Record<string, QueryValue>) => ['dues', 'arrears', params] as const,
  member: (memberId: number, year?: number) => ['dues', 'member', memberId, year ?? null] as const,
  profiles: (memberId: number) => ['dues', 'profiles', memberId] as const,
  pending: (orgId: number) => ['dues', 'pending', orgId] as const,
  summary: (orgId: number, year: number) => ['dues', 'summary', orgId, year] as const,
  remittances: (orgId: number, year: number) => ['dues', 'remittances', orgId, year] as const,
  reconciliation: (orgId: number, year: number) => ['dues', 'reconciliation', orgId, year] as const,
  import: (id: number) => ['dues', 'import', id] as const,
};

/** Profile lists answer `{data, total}` (not paged). */
type ProfileList = { data: Profile[]; total: number } | Profile[];
const listOf = (r: ProfileList): Profile[] => (Array.isArray(r) ? r : r.data);

const enabledId = (id: number | undefined): id is number => id !== undefined && id > 0;

export interface LedgerParams extends Record<string, QueryValue> {
  orgId?: number;
  month: string;
  status?: string;
  q?: string;
  current?: number;
  pageSize?: number;
}

export function useLedger(params: LedgerParams) {
  return useQuery({
    queryKey: duesKeys.ledger(params),
    queryFn: () => api.get<Ledger>('/api/dues/ledger', params),
    enabled: enabledId(params.orgId),
    placeholderData: keepPreviousData,
  });
}

export interface ArrearsParams extends Record<string, QueryValue> {
  orgId?: number;
  level?: string;
  current?: number;
  pageSize?: number;
}

export function useArrears(params: ArrearsParams) {
  return useQuery({
    queryKey: duesKeys.arrears(params),
    queryFn: () => api.get<ArrearsPage>('/api/dues/arrears', params),
    enabled: enabledId(params.orgId),
    placeholderData: keepPreviousData,
  });
}

export function useMemberDues(memberId: number | undefined, year?: number) {
  return useQuery({
    queryKey: duesKeys.member(memberId ?? 0, year),
    queryFn: () => api.get<MemberDues>(`/api/members/${memberId}/dues`, { year }),
    enabled: enabledId(memberId),
    placeholderData: keepPreviousData,
  });
}

export function useDuesProfiles(memberId: number | undefined) {
  return useQuery({
    queryKey: duesKeys.profiles(memberId ?? 0),
    queryFn: () => api.get<ProfileList>(`/api/members/${memberId}/dues-profiles`).then(listOf),
    enabled: enabledId(memberId),
  });
}

export function usePendingProfiles(orgId: number | undefined) {
  return useQuery({
    queryKey: duesKeys.pending(orgId ?? 0),
    // The queue keeps its total: the screen shows the oldest 500 of possibly more.
    queryFn: () =>
      api
        .get<ProfileList>('/api/dues/profiles/pending', { orgId })
        .then((r) => ({ data: listOf(r), total: Array.isArray(r) ? r.length : r.total })),
    enabled: enabledId(orgId),
  });
}

export function useDuesSummary(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: duesKeys.summary(orgId ?? 0, year),
    queryFn: () => api.get<DuesSummary>(`/api/orgs/${orgId}/dues-summary`, { year }),
    enabled: enabledId(orgId),
    placeholderData: keepPreviousData,
  });
}

export function useRemittances(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: duesKeys.remittances(orgId ?? 0, year),
    queryFn: () => api.get<RemittanceLedger>('/api/dues/remittances', { orgId, year }),
    enabled: enabledId(orgId),
    placeholderData: keepPreviousData,
  });
}

export function useReconciliation(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: duesKeys.reconciliation(orgId ?? 0, year),
    queryFn: () => api.get<Reconciliation>(`/api/orgs/${orgId}/dues-reconciliation`, { year }),
    enabled: enabledId(orgId),
    placeholderData: keepPreviousData,
  });
}

export function useDuesImport(id: number | undefined) {
  return useQuery({
    queryKey: duesKeys.import(id ?? 0),
    queryFn: () => api.get<DuesImport>(`/api/dues/imports/${id}`),
    enabled: enabledId(id),
  });
}

function useInvalidateDues() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: duesKeys.all });
}

/** One payment; the key is made when the form opens and reused on a retry, so it books once. */
export function useRecordPayment() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentBody; idempotencyKey: string }) =>
      api.post<z.infer<typeof paymentResult>>('/api/dues/payments', body, {
        'Idempotency-Key': idempotencyKey,
      }),
    onSuccess: invalidate,
  });
}

export function useBatchPayment() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentBatchBody; idempotencyKey: string }) =>
      api.post<z.infer<typeof paymentBatchResult>>('/api/dues/payments/batch', body, {
        'Idempotency-Key': idempotencyKey,
      }),
    onSuccess: invalidate,
  });
}

export function useLapseDecision() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: LapseDecisionBody) =>
      api.post<{ id: number; message?: string }>('/api/dues/lapse-decisions', body),
    onSuccess: invalidate,
  });
}

export function useCreateProfile(memberId: number) {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: ProfileCreateBody) =>
      api.post<Profile>(`/api/members/${memberId}/dues-profiles`, body),
    onSuccess: invalidate,
  });
}

export function useDecideProfile() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ id, ...body }: ProfileDecisionBody & { id: number }) =>
      api.post<Profile>(`/api/dues/profiles/${id}/decision`, body),
    onSuccess: invalidate,
  });
}

export function useCreateRemittance() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (body: RemittanceBody) => api.post<Remittance>('/api/dues/remittances', body),
    onSuccess: invalidate,
  });
}

export function useConfirmRemittance() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: ({ id, confirmedOn }: { id: number; confirmedOn: string }) =>
      api.post<Remittance>(`/api/dues/remittances/${id}/confirm`, { confirmedOn }),
    onSuccess: invalidate,
  });
}

export function useUploadImport() {
  return useMutation({
    mutationFn: ({ orgId, file }: { orgId: number; file: File }) =>
      api.upload<DuesImport>(`/api/dues/imports?orgId=${orgId}`, file),
  });
}

export function useCommitImport() {
  const invalidate = useInvalidateDues();
  return useMutation({
    mutationFn: (id: number) => api.post<DuesImport>(`/api/dues/imports/${id}/commit`),
    onSuccess: invalidate,
  });
}

export const ledgerExportUrl = (orgId: number, year: number) =>
  `/api/dues/ledger/export?orgId=${orgId}&year=${year}`;
export const importTemplateUrl = (orgId: number) => `/api/dues/imports/template?orgId=${orgId}`;
