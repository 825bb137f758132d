/**
 * 数据看板 and 两新组织覆盖 API hooks, from the shared contracts (`src/shared/contracts/dashboard.ts`,
 * `coverage.ts`).
 */
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type CoverageUnitDto,
  coverageApi,
  type coverageCreateBody,
  type coveragePatchBody,
} from '../../shared/contracts/coverage';
import { type DashboardDto, dashboardApi } from '../../shared/contracts/dashboard';
import type { QueryIn } from '../../shared/contracts/route';
import { call, queryKeyOf, useApiQuery } from './contract';

export type Dashboard = DashboardDto;
export type CoverageUnit = CoverageUnitDto;
export type CoverageCreateBody = z.input<typeof coverageCreateBody>;
export type CoveragePatchBody = z.input<typeof coveragePatchBody>;

/** The dashboard of an org's subtree with one page of its children's comparison (50 a page). */
export function useDashboard(orgId: number | undefined, childrenPage = 1) {
  return useApiQuery(
    dashboardApi.get,
    { params: { id: orgId ?? 0 }, query: childrenPage > 1 ? { childrenPage } : {} },
    { enabled: orgId !== undefined && orgId > 0, placeholderData: keepPreviousData },
  );
}

export type CoverageParams = QueryIn<typeof coverageApi.list>;

export function useCoverageUnits(params: CoverageParams) {
  return useApiQuery(coverageApi.list, { query: params }, { placeholderData: keepPreviousData });
}

export function useSaveCoverageUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CoverageCreateBody | CoveragePatchBody }) =>
      id
        ? call(coverageApi.update, { params: { id }, body: body as CoveragePatchBody })
        : // A new unit's form holds every field the create body requires.
          call(coverageApi.create, { body: body as CoverageCreateBody }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: queryKeyOf(coverageApi.list) });
      // The dashboard counts the units and their coverage.
      qc.invalidateQueries({ queryKey: queryKeyOf(dashboardApi.get) });
    },
  });
}
