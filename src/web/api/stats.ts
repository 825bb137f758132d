/** 统计年报 API hook, from the shared contract (`src/shared/contracts/stats.ts`). */
import { keepPreviousData } from '@tanstack/react-query';
import { type AnnualReportDto, statsApi } from '../../shared/contracts/stats';
import { useApiQuery } from './contract';

export type AnnualReport = AnnualReportDto;

/** `period` is a year (`{ year }`) or a date (`{ asOf }`). */
export function useAnnualReport(orgId: number | undefined, period: { year?: number; asOf?: string }) {
  return useApiQuery(
    statsApi.report,
    { params: { id: orgId ?? 0 }, query: period },
    { enabled: !!orgId, placeholderData: keepPreviousData, retry: false },
  );
}
