/**
 * 学习内容与培训班 (issue #20): hooks over the learning contracts. Imported by the learning pages
 * only (not the hooks barrel): the member's check-in page loads this file and nothing heavier.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { learningApi as api } from '../../shared/contracts/learning';
import type { QueryIn } from '../../shared/contracts/route';
import { call, queryKeyOf, useApiMutation, useApiQuery } from './contract';

export type LearningItemsQuery = QueryIn<typeof api.items>;
export type LearningClassesQuery = QueryIn<typeof api.classes>;

export function useLearningItems(query: LearningItemsQuery) {
  return useApiQuery(api.items, { query }, { placeholderData: keepPreviousData });
}

export function useLearningItem(id: number | undefined) {
  return useQuery({
    queryKey: queryKeyOf(api.item, { params: { id: id ?? 0 } }),
    queryFn: () => call(api.item, { params: { id: id as number } }),
    enabled: !!id,
  });
}

function useInvalidateItems() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeyOf(api.items) });
}

export function useCreateLearningItem() {
  const done = useInvalidateItems();
  return useApiMutation(api.createItem, { onSuccess: () => done() });
}
export function usePatchLearningItem() {
  const done = useInvalidateItems();
  return useApiMutation(api.patchItem, { onSuccess: () => done() });
}
export function useUploadLearningFile() {
  const done = useInvalidateItems();
  return useApiMutation(api.uploadItemFile, { onSuccess: () => done() });
}
export function usePublishLearningItem() {
  const done = useInvalidateItems();
  return useApiMutation(api.publishItem, { onSuccess: () => done() });
}
export function useWithdrawLearningItem() {
  const done = useInvalidateItems();
  return useApiMutation(api.withdrawItem, { onSuccess: () => done() });
}

export function useLearningClasses(query: LearningClassesQuery) {
  return useApiQuery(api.classes, { query }, { placeholderData: keepPreviousData });
}

/** A class with its roster; `liveMs` refreshes it while a day's QR code is on screen. */
export function useLearningClass(id: number, liveMs?: number) {
  return useApiQuery(api.class, { params: { id } }, liveMs ? { refetchInterval: liveMs } : undefined);
}

export function useRosterCandidates(id: number, q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeyOf(api.rosterCandidates, { params: { id }, query: { q } }),
    queryFn: () => call(api.rosterCandidates, { params: { id }, query: { q: q || undefined } }),
    enabled,
  });
}

/** Writes to a class answer the class: the detail is set from the answer, the lists refresh. */
function useClassWrite() {
  const qc = useQueryClient();
  return {
    onSuccess: (c: { id: number }) => {
      qc.setQueryData(queryKeyOf(api.class, { params: { id: c.id } }), c);
      return qc.invalidateQueries({ queryKey: queryKeyOf(api.classes) });
    },
  };
}

export function useCreateLearningClass() {
  return useApiMutation(api.createClass, useClassWrite());
}
export function usePatchLearningClass() {
  return useApiMutation(api.patchClass, useClassWrite());
}
export function useCancelLearningClass() {
  return useApiMutation(api.cancelClass, useClassWrite());
}
export function useFinishLearningClass() {
  return useApiMutation(api.finishClass, useClassWrite());
}
export function useAddToRoster() {
  return useApiMutation(api.addRoster, useClassWrite());
}
export function useRemoveFromRoster() {
  return useApiMutation(api.removeRoster, useClassWrite());
}
export function useSetClassAttendance() {
  return useApiMutation(api.setAttendance, useClassWrite());
}
export function useClassDayToken() {
  return useApiMutation(api.createDayToken);
}

export function useClassCheckinPreview(classId: number, token: string, enabled: boolean) {
  return useQuery({
    queryKey: ['learning', 'checkin', 'preview', classId, token],
    queryFn: () => call(api.checkinPreview, { body: { classId, token } }),
    enabled,
    retry: false,
  });
}
export function useClassCheckin() {
  return useApiMutation(api.checkin);
}

export function useMyLearningItems(query: QueryIn<typeof api.myItems>) {
  return useApiQuery(api.myItems, { query }, { placeholderData: keepPreviousData });
}
export function useMyClasses() {
  return useApiQuery(api.myClasses, {});
}
