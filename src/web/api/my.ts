import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { meetingsApi } from '../../shared/contracts/meetings';
import { myApi } from '../../shared/contracts/my';
import { queryKeyOf, useApiMutation, useApiQuery } from './contract';

// ---------- 我的 (the member's own app) ----------

export function useMyHome() {
  return useApiQuery(myApi.home, {});
}

export function useMyMeetings(scope: 'upcoming' | 'past', current = 1, pageSize = 20) {
  return useApiQuery(
    myApi.meetings,
    { query: { scope, current, pageSize } },
    { placeholderData: keepPreviousData },
  );
}

export function useMyMeeting(id: number) {
  return useApiQuery(myApi.meeting, { params: { id } });
}

/** After an answer: the home, the lists and the meeting itself (and the secretary's view of it) refresh. */
function useInvalidateMine() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeyOf(myApi.home) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(myApi.meetings) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(myApi.meeting) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(meetingsApi.get) }),
    ]);
}

export function useRespondToMeeting() {
  const invalidate = useInvalidateMine();
  return useApiMutation(myApi.respond, { onSuccess: () => invalidate() });
}

export function useWithdrawResponse() {
  const invalidate = useInvalidateMine();
  return useApiMutation(myApi.withdraw, { onSuccess: () => invalidate() });
}
