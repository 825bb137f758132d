import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type { Page, Transfer, TransferCreateBody, TransferRespondBody } from './types';

// ---------- transfers ----------

export interface TransferListParams extends Record<string, QueryValue> {
  orgId?: number;
  direction?: 'in' | 'out' | 'all';
  status?: string;
  memberId?: number;
  current?: number;
  pageSize?: number;
}

export function useTransfers(params: TransferListParams, enabled = true) {
  return useQuery({
    queryKey: keys.transferList(params),
    queryFn: () => api.get<Page<Transfer>>('/api/transfers', params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useInvalidateTransfers() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.transfers });
    qc.invalidateQueries({ queryKey: keys.members });
    qc.invalidateQueries({ queryKey: keys.orgs });
  };
}

/** Branches anywhere in the system a member may be transferred to (the receiving side may be out of scope). */
export function useTransferTargets(q: string) {
  return useQuery({
    queryKey: ['transfers', 'targets', q] as const,
    queryFn: () => api.get<{ id: number; name: string; kind: string }[]>('/api/transfers/targets', { q }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useCreateTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: TransferCreateBody) => api.post<Transfer>('/api/transfers', body),
    onSuccess: invalidate,
  });
}

export type TransferAction = 'accept' | 'reject' | 'cancel';

export function useRespondTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: TransferAction; body: TransferRespondBody }) =>
      api.post<Transfer>(`/api/transfers/${id}/${action}`, body),
    onSuccess: invalidate,
  });
}
