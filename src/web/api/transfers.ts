import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { BodyIn, QueryIn } from '../../shared/contracts/route';
import { transfersApi } from '../../shared/contracts/transfers';
import { call, useApiQuery } from './contract';
import { keys } from './query';

// ---------- transfers ----------

/** The list's filters as pages hold them (the status as read off the address; the server checks it). */
export interface TransferListParams {
  orgId?: number;
  direction?: 'in' | 'out' | 'all';
  status?: string;
  memberId?: number;
  current?: number;
  pageSize?: number;
}

export function useTransfers(params: TransferListParams, enabled = true) {
  return useApiQuery(
    transfersApi.list,
    { query: params as QueryIn<typeof transfersApi.list> },
    { placeholderData: keepPreviousData, enabled },
  );
}

/** An answered or new transfer moves members: the lists of both and the orgs' figures change. */
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
  return useApiQuery(
    transfersApi.targets,
    { query: { q } },
    { enabled: q.length > 0, placeholderData: keepPreviousData },
  );
}

export function useCreateTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: BodyIn<typeof transfersApi.create>) => call(transfersApi.create, { body }),
    onSuccess: invalidate,
  });
}

export type TransferAction = 'accept' | 'reject' | 'cancel';

export function useRespondTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
    }: {
      id: number;
      action: TransferAction;
      body: BodyIn<(typeof transfersApi)[TransferAction]>;
    }) => call(transfersApi[action], { params: { id }, body }),
    onSuccess: invalidate,
  });
}
