/**
 * 发展党员 API hooks: cases, steps, corrections, documents, cohorts, the board, plans and the
 * discipline records the engine reads (a mentor or sponsor under 留党察看 cannot serve). Every call
 * goes through a contract of `developmentApi`.
 */
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  developmentApi as api,
  type CaseDetailDto,
  type CaseSummaryDto,
  type CohortKind,
  type caseCreateBody,
  type DisciplineDto,
  type disciplineBody,
  type StepBody,
  type stepCorrectionBody,
} from '../../shared/contracts/development';
import type { QueryIn } from '../../shared/contracts/route';
import { call, queryKeyOf, urlOf, useApiQuery } from './contract';
import { keys } from './query';

export type CaseSummary = CaseSummaryDto;
export type CaseDetail = CaseDetailDto;
export type CaseCreateBody = z.input<typeof caseCreateBody>;
export type DisciplineBody = z.input<typeof disciplineBody>;
export type DisciplineRecord = DisciplineDto;

export type CaseListParams = QueryIn<typeof api.listCases>;

export function useCases(params: CaseListParams) {
  return useApiQuery(api.listCases, { query: params }, { placeholderData: keepPreviousData });
}

export function useCase(id: number | undefined) {
  return useApiQuery(api.getCase, { params: { id: id ?? 0 } }, { enabled: id !== undefined && id > 0 });
}

/** The case's branch on a day by the register (the vote's 应到, the committee), once a date is chosen. */
export function useRegisterOn(caseId: number, on: string | undefined) {
  return useApiQuery(api.registerOn, { params: { id: caseId }, query: { on: on ?? '' } }, { enabled: !!on });
}

export function useCohort(orgId: number | undefined, kind: CohortKind) {
  return useApiQuery(
    api.cohort,
    { query: { orgId: orgId ?? 0, kind } },
    { enabled: orgId !== undefined && orgId > 0 },
  );
}

export function useBoard(orgId: number | undefined) {
  return useApiQuery(
    api.board,
    { query: { orgId: orgId ?? 0 } },
    { enabled: orgId !== undefined && orgId > 0, placeholderData: keepPreviousData },
  );
}

export function usePlan(orgId: number | undefined, year: number) {
  return useApiQuery(
    api.plan,
    { query: { orgId: orgId ?? 0, year } },
    { enabled: orgId !== undefined && orgId > 0, placeholderData: keepPreviousData },
  );
}

/** Every development read (the keys start with the path segments after /api). */
const DEVELOPMENT = ['development'];

function useInvalidateDevelopment() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: DEVELOPMENT });
    // Admission and confirmation write the member register.
    qc.invalidateQueries({ queryKey: keys.members });
  };
}

export function useCreateCase() {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: CaseCreateBody) => call(api.createCase, { body }),
    onSuccess: invalidate,
  });
}

export function useRecordStep(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: StepBody) => call(api.recordStep, { params: { id: caseId }, body }),
    onSuccess: invalidate,
  });
}

export function useCorrectStep(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: ({ stepId, ...body }: { stepId: number } & z.input<typeof stepCorrectionBody>) =>
      call(api.correctStep, { params: { id: caseId, stepId }, body }),
    onSuccess: invalidate,
  });
}

export function useCloseCase(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: { reason: string }) => call(api.closeCase, { params: { id: caseId }, body }),
    onSuccess: invalidate,
  });
}

/** The link of a step's document (`inline`: opened in the browser rather than saved). */
export const documentUrl = (caseId: number, stepId: number, docId: number, inline = false) =>
  urlOf(api.downloadDocument, {
    params: { id: caseId, stepId, docId },
    query: inline ? { inline: '1' } : {},
  });

/** After a document was added or removed: the case's dossier lists it. */
function useInvalidateCase(caseId: number) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeyOf(api.getCase, { params: { id: caseId } }) });
}

export function useUploadDocument(caseId: number) {
  const onSuccess = useInvalidateCase(caseId);
  return useMutation({
    mutationFn: ({ stepId, file }: { stepId: number; file: File }) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return call(api.uploadDocument, { params: { id: caseId, stepId }, body });
    },
    onSuccess,
  });
}

export function useDeleteDocument(caseId: number) {
  const onSuccess = useInvalidateCase(caseId);
  return useMutation({
    mutationFn: ({ stepId, docId }: { stepId: number; docId: number }) =>
      call(api.deleteDocument, { params: { id: caseId, stepId, docId } }),
    onSuccess,
  });
}

export function useSetQuota() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { orgId: number; year: number; quota: number; note?: string }) =>
      call(api.setPlan, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeyOf(api.plan) }),
  });
}

export function useDisciplines(memberId: number | undefined, enabled = true) {
  return useApiQuery(
    api.listDisciplines,
    { params: { id: memberId ?? 0 } },
    { enabled: enabled && memberId !== undefined && memberId > 0 },
  );
}

export function useAddDiscipline(memberId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DisciplineBody) => call(api.addDiscipline, { params: { id: memberId }, body }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: queryKeyOf(api.listDisciplines, { params: { id: memberId } }) });
      // The member's page shows whether a 留党察看 is in force.
      qc.invalidateQueries({ queryKey: ['members', ':id', { params: { id: memberId } }] });
    },
  });
}
