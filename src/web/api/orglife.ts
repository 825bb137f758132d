import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './query';
import type { Compliance, Exemption, ExemptionCreateBody } from './types';

// ---------- organizational life: compliance and exemptions ----------

/** Compliance of an org's subtree over months `from`..`to` ('YYYY-MM'). */
export function useCompliance(orgId: number | undefined, from?: string, to?: string) {
  return useQuery({
    queryKey: keys.complianceOf(orgId ?? 0, from, to),
    queryFn: () => api.get<Compliance>(`/api/orgs/${orgId}/compliance`, { from, to }),
    enabled: orgId !== undefined && orgId > 0,
    placeholderData: keepPreviousData,
  });
}

export function useGrantExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, body }: { orgId: number; body: ExemptionCreateBody }) =>
      api.post<Exemption>(`/api/orgs/${orgId}/exemptions`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.compliance }),
  });
}

export function useWithdrawExemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, exemptionId }: { orgId: number; exemptionId: number }) =>
      api.del<unknown>(`/api/orgs/${orgId}/exemptions/${exemptionId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.compliance }),
  });
}
