import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { orglifeApi } from '../../shared/contracts/orglife';
import { call, queryKeyOf, useApiQuery } from './contract';
import type { ExemptionCreateBody } from './types';

// ---------- organizational life: compliance and exemptions ----------

/** Compliance of an org's subtree over months `from`..`to` ('YYYY-MM'). */
/**
 * The compliance page of an org's subtree; `rowsPage` pages the heat map's children (50 a page),
 * `heat` filters them by name and ranks them by rate on the server, across all of them.
 */
export function useCompliance(
  orgId: number | undefined,
  from?: string,
  to?: string,
  rowsPage?: number,
  heat: { rowsQ?: string; rowsSort?: 'tree' | 'worst' | 'best' } = {},
) {
  const query = {
    from,
    to,
    ...(rowsPage && rowsPage > 1 ? { rowsPage } : {}),
    ...(heat.rowsQ ? { rowsQ: heat.rowsQ } : {}),
    ...(heat.rowsSort && heat.rowsSort !== 'tree' ? { rowsSort: heat.rowsSort } : {}),
  };
  return useApiQuery(
    orglifeApi.compliance,
    { params: { id: orgId ?? 0 }, query },
    { enabled: orgId !== undefined && orgId > 0, placeholderData: keepPreviousData },
  );
}

export function useGrantExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, body }: { orgId: number; body: ExemptionCreateBody }) =>
      call(orglifeApi.grantExemption, { params: { id: orgId }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeyOf(orglifeApi.compliance) }),
  });
}

export function useWithdrawExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, exemptionId }: { orgId: number; exemptionId: number }) =>
      call(orglifeApi.withdrawExemption, { params: { id: orgId, exemptionId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeyOf(orglifeApi.compliance) }),
  });
}
