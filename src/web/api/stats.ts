/** 统计年报 API hook. Types come from the shared contracts (`src/shared/contracts/stats.ts`). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AnnualReportDto } from '../../shared/contracts/stats';
import { api } from './client';

export type AnnualReport = AnnualReportDto;

/** `period` is a year (`{ year }`) or a date (`{ asOf }`). */
export function useAnnualReport(orgId: number | undefined, period: { year?: number; asOf?: string }) {
  return useQuery({
    queryKey: ['stats', 'report', orgId ?? 0, period.year ?? null, period.asOf ?? null],
    queryFn: () => api.get<AnnualReport>(`/api/orgs/${orgId}/report`, period),
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
