import { keepPreviousData } from '@tanstack/react-query';
import { progressApi } from '../../shared/contracts/progress';
import { useApiQuery } from './contract';

// ---------- 学时进度 (issue #20) ----------

const enabledFor = (orgId: number | undefined) => ({
  enabled: orgId !== undefined && orgId > 0,
  placeholderData: keepPreviousData,
});

export function useProgressSummary(orgId: number | undefined, year?: number, on?: string) {
  return useApiQuery(
    progressApi.summary,
    { params: { id: orgId ?? 0 }, query: { year, on } },
    enabledFor(orgId),
  );
}

export interface ProgressMembersFilter {
  year?: number;
  on?: string;
  standing?: 'met' | 'on_pace' | 'behind' | 'none';
  role?: 'leader' | 'member';
  order?: 'asc' | 'desc';
  current: number;
  pageSize: number;
}

export function useProgressMembers(orgId: number | undefined, f: ProgressMembersFilter) {
  return useApiQuery(
    progressApi.members,
    { params: { id: orgId ?? 0 }, query: { ...f, order: f.order ?? 'asc' } },
    enabledFor(orgId),
  );
}

export function useProgressTraining(orgId: number | undefined, on?: string) {
  return useApiQuery(progressApi.training, { params: { id: orgId ?? 0 }, query: { on } }, enabledFor(orgId));
}

export function useMyProgress(year?: number) {
  return useApiQuery(progressApi.mine, { query: { year } });
}
