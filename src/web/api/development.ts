/**
 * 发展党员 API hooks: cases, steps, corrections, documents, cohorts, the board, plans and the
 * discipline records the engine reads (a mentor or sponsor under 留党察看 cannot serve).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BoardDto,
  CaseDetailDto,
  CaseSummaryDto,
  CohortKind,
  caseCreateBody,
  disciplineBody,
  PlanDto,
  RegisterOnDto,
  StepBody,
} from '../../shared/contracts/development';
import { api, type QueryValue } from './client';
import type { Page } from './types';

export type CaseSummary = CaseSummaryDto;
export type CaseDetail = CaseDetailDto;
export type CaseCreateBody = z.input<typeof caseCreateBody>;
export type DisciplineBody = z.input<typeof disciplineBody>;
export interface DisciplineRecord {
  id: number;
  kind: DisciplineBody['kind'];
  decidedOn: string;
  endsOn: string | null;
  reason: string;
  /** 留党察看 in force today (rights not yet restored). */
  inForce?: boolean;
}

export const devKeys = {
  all: ['development'] as const,
  list: (params: Record<string, QueryValue>) => ['development', 'cases', params] as const,
  detail: (id: number) => ['development', 'case', id] as const,
  cohort: (orgId: number, kind: CohortKind) => ['development', 'cohort', orgId, kind] as const,
  board: (orgId: number) => ['development', 'board', orgId] as const,
  plan: (orgId: number, year: number) => ['development', 'plan', orgId, year] as const,
  disciplines: (memberId: number) => ['members', 'disciplines', memberId] as const,
};

export interface CaseListParams extends Record<string, QueryValue> {
  orgId?: number;
  stage?: string;
  status?: string;
  q?: string;
  current?: number;
  pageSize?: number;
}

export function useCases(params: CaseListParams) {
  return useQuery({
    queryKey: devKeys.list(params),
    queryFn: () => api.get<Page<CaseSummary>>('/api/development/cases', params),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: number | undefined) {
  return useQuery({
    queryKey: devKeys.detail(id ?? 0),
    queryFn: () => api.get<CaseDetail>(`/api/development/cases/${id}`),
    enabled: id !== undefined && id > 0,
  });
}

/** The case's branch on a day by the register (the vote's 应到, the committee), once a date is chosen. */
export function useRegisterOn(caseId: number, on: string | undefined) {
  return useQuery({
    queryKey: ['development', 'register', caseId, on] as const,
    queryFn: () => api.get<RegisterOnDto>(`/api/development/cases/${caseId}/register`, { on }),
    enabled: !!on,
  });
}

export function useCohort(orgId: number | undefined, kind: CohortKind) {
  return useQuery({
    queryKey: devKeys.cohort(orgId ?? 0, kind),
    queryFn: () => api.get<CaseSummary[]>('/api/development/cohorts', { orgId, kind }),
    enabled: orgId !== undefined && orgId > 0,
  });
}

export function useBoard(orgId: number | undefined) {
  return useQuery({
    queryKey: devKeys.board(orgId ?? 0),
    queryFn: () => api.get<BoardDto>('/api/development/board', { orgId }),
    enabled: orgId !== undefined && orgId > 0,
    placeholderData: keepPreviousData,
  });
}

export function usePlan(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: devKeys.plan(orgId ?? 0, year),
    queryFn: () => api.get<PlanDto>('/api/development/plans', { orgId, year }),
    enabled: orgId !== undefined && orgId > 0,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateDevelopment() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: devKeys.all });
    // Admission and confirmation write the member register.
    qc.invalidateQueries({ queryKey: ['members'] });
  };
}

export function useCreateCase() {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: CaseCreateBody) => api.post<CaseDetail>('/api/development/cases', body),
    onSuccess: invalidate,
  });
}

export function useRecordStep(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: StepBody) => api.post<CaseDetail>(`/api/development/cases/${caseId}/steps`, body),
    onSuccess: invalidate,
  });
}

export function useCorrectStep(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: ({ stepId, ...body }: { stepId: number; on: string; note?: string; reason: string }) =>
      api.post<CaseDetail>(`/api/development/cases/${caseId}/steps/${stepId}/corrections`, body),
    onSuccess: invalidate,
  });
}

export function useCloseCase(caseId: number) {
  const invalidate = useInvalidateDevelopment();
  return useMutation({
    mutationFn: (body: { reason: string }) =>
      api.post<CaseDetail>(`/api/development/cases/${caseId}/close`, body),
    onSuccess: invalidate,
  });
}

export const documentUrl = (caseId: number, stepId: number, docId: number, inline = false) =>
  `/api/development/cases/${caseId}/steps/${stepId}/documents/${docId}${inline ? '?inline=1' : ''}`;

export function useUploadDocument(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, file }: { stepId: number; file: File }) =>
      api.upload<unknown>(`/api/development/cases/${caseId}/steps/${stepId}/documents`, file),
    onSuccess: () => qc.invalidateQueries({ queryKey: devKeys.detail(caseId) }),
  });
}

export function useDeleteDocument(caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, docId }: { stepId: number; docId: number }) =>
      api.del<unknown>(`/api/development/cases/${caseId}/steps/${stepId}/documents/${docId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: devKeys.detail(caseId) }),
  });
}

export function useSetQuota() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { orgId: number; year: number; quota: number; note?: string }) =>
      api.put<unknown>('/api/development/plans', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['development', 'plan'] }),
  });
}

export function useDisciplines(memberId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: devKeys.disciplines(memberId ?? 0),
    queryFn: async () => {
      const r = await api.get<DisciplineRecord[] | { data: DisciplineRecord[] }>(
        `/api/members/${memberId}/disciplines`,
      );
      return Array.isArray(r) ? r : (r?.data ?? []);
    },
    enabled: enabled && memberId !== undefined && memberId > 0,
  });
}

export function useAddDiscipline(memberId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DisciplineBody) =>
      api.post<DisciplineRecord>(`/api/members/${memberId}/disciplines`, body),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: devKeys.disciplines(memberId) });
      qc.invalidateQueries({ queryKey: ['members', 'detail', memberId] });
    },
  });
}
