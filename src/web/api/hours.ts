import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { hoursApi } from '../../shared/contracts/hours';
import { learningApi } from '../../shared/contracts/learning';
import { call, queryKeyOf, useApiMutation, useApiQuery } from './contract';

// ---------- the member's study (学习) ----------

/** What the member may study (the learning module's list, required first). */
export function useMyStudyItems(current = 1, pageSize = 50) {
  return useApiQuery(
    learningApi.myItems,
    { query: { current, pageSize } },
    { placeholderData: keepPreviousData },
  );
}

export function useMyStudyItem(id: number) {
  return useApiQuery(learningApi.myItem, { params: { id } });
}

/** Credited seconds and the point reached, per item the member has studied. */
export function useMyItemProgress() {
  return useApiQuery(hoursApi.myItems, {});
}

export function useMyLedger(year?: number) {
  return useApiQuery(hoursApi.myLedger, { query: { year } });
}

export function useMyExternal() {
  return useApiQuery(hoursApi.myExternal, {});
}

function useInvalidateMine() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeyOf(hoursApi.myExternal) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(hoursApi.myLedger) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(hoursApi.myItems) }),
    ]);
}

/** Submits a record and, when a file is given, its evidence. */
export function useSubmitExternal() {
  const invalidate = useInvalidateMine();
  return useMutation({
    mutationFn: async (input: {
      body: { source: 'xuexi' | 'school' | 'other'; title: string; studiedOn: string; minutes: number };
      file?: File | null;
    }) => {
      const rec = await call(hoursApi.mySubmitExternal, { body: input.body });
      if (input.file) {
        const form = new FormData();
        form.append('file', input.file, input.file.name);
        return call(hoursApi.myUploadEvidence, { params: { id: rec.id }, body: form });
      }
      return rec;
    },
    onSettled: () => invalidate(),
  });
}

export function useWithdrawExternal() {
  const invalidate = useInvalidateMine();
  return useApiMutation(hoursApi.myWithdrawExternal, { onSuccess: () => invalidate() });
}

// ---------- the org's side ----------

export interface ExternalFilters {
  orgId?: number;
  status?: 'pending' | 'approved' | 'rejected';
  memberId?: number;
  current: number;
  pageSize: number;
}

export function useExternalList(f: ExternalFilters, enabled = true) {
  return useApiQuery(hoursApi.externalList, { query: f }, { enabled, placeholderData: keepPreviousData });
}

function useInvalidateExternal() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeyOf(hoursApi.externalList) }),
      qc.invalidateQueries({ queryKey: queryKeyOf(hoursApi.memberLedger) }),
    ]);
}

export function useDecideExternal() {
  const invalidate = useInvalidateExternal();
  return useApiMutation(hoursApi.externalDecide, { onSuccess: () => invalidate() });
}

export function useDeleteExternal() {
  const invalidate = useInvalidateExternal();
  return useApiMutation(hoursApi.externalDelete, { onSuccess: () => invalidate() });
}

export function useCreateExternal() {
  const invalidate = useInvalidateExternal();
  return useMutation({
    mutationFn: async (input: {
      body: {
        memberId: number;
        source: 'xuexi' | 'school' | 'other';
        title: string;
        studiedOn: string;
        minutes: number;
      };
      file?: File | null;
    }) => {
      const rec = await call(hoursApi.externalCreate, { body: input.body });
      if (input.file) {
        const form = new FormData();
        form.append('file', input.file, input.file.name);
        return call(hoursApi.externalUploadEvidence, { params: { id: rec.id }, body: form });
      }
      return rec;
    },
    onSettled: () => invalidate(),
  });
}

export function useImportExternal() {
  const invalidate = useInvalidateExternal();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call(hoursApi.externalImport, { body: form });
    },
    onSuccess: () => invalidate(),
  });
}

export function useMemberLedger(memberId: number, year?: number) {
  return useApiQuery(hoursApi.memberLedger, { params: { memberId }, query: { year } });
}

export function useOnlineTrace(memberId: number, itemId: number, day: string, enabled: boolean) {
  return useApiQuery(hoursApi.onlineTrace, { params: { memberId }, query: { itemId, day } }, { enabled });
}
