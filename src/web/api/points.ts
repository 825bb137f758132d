import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { pointsApi } from '../../shared/contracts/points';
import { useApiMutation, useApiQuery } from './contract';

// ---------- 党员积分 (issue #20) ----------

const enabledFor = (id: number | undefined) => ({
  enabled: id !== undefined && id > 0,
  placeholderData: keepPreviousData,
});

export function usePointsRanking(
  orgId: number | undefined,
  year: number | undefined,
  current: number,
  pageSize: number,
) {
  return useApiQuery(
    pointsApi.ranking,
    { query: { orgId: orgId ?? 0, year, current, pageSize } },
    enabledFor(orgId),
  );
}

export function useMemberPoints(
  memberId: number | undefined,
  year: number | undefined,
  current: number,
  pageSize: number,
) {
  return useApiQuery(
    pointsApi.memberLedger,
    { params: { id: memberId ?? 0 }, query: { year, current, pageSize } },
    enabledFor(memberId),
  );
}

export function useMyPoints(year: number | undefined, current: number, pageSize: number) {
  return useApiQuery(
    pointsApi.my,
    { query: { year, current, pageSize } },
    { placeholderData: keepPreviousData },
  );
}

export function usePointSources(year?: number) {
  return useApiQuery(pointsApi.sources, { query: { year } });
}

export type AwardStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn';
export function useAwards(
  orgId: number | undefined,
  status: AwardStatus | undefined,
  current: number,
  pageSize: number,
) {
  return useApiQuery(
    pointsApi.awards,
    { query: { orgId: orgId ?? 0, status, current, pageSize } },
    enabledFor(orgId),
  );
}

export type FlagStatus = 'open' | 'cleared' | 'confirmed';
export type FlagKind = 'two_devices' | 'odd_hours' | 'outlier';
export function useFlags(
  orgId: number | undefined,
  f: { status?: FlagStatus; kind?: FlagKind; current: number; pageSize: number },
) {
  return useApiQuery(pointsApi.flags, { query: { orgId: orgId ?? 0, ...f } }, enabledFor(orgId));
}

/** Every points read is under ['points'] or ['my', 'points']: a write refreshes them all. */
function useRefresh() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: ['points'] });
    qc.invalidateQueries({ queryKey: ['my', 'points'] });
  };
}

export function useProposeAward() {
  const refresh = useRefresh();
  return useApiMutation(pointsApi.proposeAward, { onSuccess: refresh });
}
export function useDecideAward() {
  const refresh = useRefresh();
  return useApiMutation(pointsApi.decideAward, { onSuccess: refresh });
}
export function useWithdrawAward() {
  const refresh = useRefresh();
  return useApiMutation(pointsApi.withdrawAward, { onSuccess: refresh });
}
export function useDecideFlag() {
  const refresh = useRefresh();
  return useApiMutation(pointsApi.decideFlag, { onSuccess: refresh });
}
