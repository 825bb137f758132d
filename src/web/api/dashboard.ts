/**
 * 数据看板 and 两新组织覆盖 API hooks. Types come from the shared contracts
 * (`src/shared/contracts/dashboard.ts`, `coverage.ts`).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CoverageUnitDto, coverageCreateBody, coveragePatchBody } from '../../shared/contracts/coverage';
import type { DashboardDto } from '../../shared/contracts/dashboard';
import { api, type QueryValue } from './client';
import type { Page } from './types';

export type Dashboard = DashboardDto;
export type CoverageUnit = CoverageUnitDto;
export type CoverageCreateBody = z.input<typeof coverageCreateBody>;
export type CoveragePatchBody = z.input<typeof coveragePatchBody>;

export const dashboardKeys = {
  dashboard: (orgId: number) => ['dashboard', orgId] as const,
  coverage: ['coverage-units'] as const,
  coverageList: (params: Record<string, QueryValue>) => ['coverage-units', 'list', params] as const,
};

export function useDashboard(orgId: number | undefined) {
  return useQuery({
    queryKey: dashboardKeys.dashboard(orgId ?? 0),
    queryFn: () => api.get<Dashboard>(`/api/orgs/${orgId}/dashboard`),
    enabled: orgId !== undefined && orgId > 0,
    placeholderData: keepPreviousData,
  });
}

export interface CoverageParams extends Record<string, QueryValue> {
  orgId?: number;
  kind?: string;
  covered?: string;
  q?: string;
  current?: number;
  pageSize?: number;
}

export function useCoverageUnits(params: CoverageParams) {
  return useQuery({
    queryKey: dashboardKeys.coverageList(params),
    queryFn: () => api.get<Page<CoverageUnit>>('/api/coverage-units', params),
    placeholderData: keepPreviousData,
  });
}

export function useSaveCoverageUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CoverageCreateBody | CoveragePatchBody }) =>
      id
        ? api.patch<CoverageUnit>(`/api/coverage-units/${id}`, body)
        : api.post<CoverageUnit>('/api/coverage-units', body),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: dashboardKeys.coverage });
      qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
