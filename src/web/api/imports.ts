/**
 * 数据导入 API hooks: upload (parsed in the background, polled until done), the import with its
 * errors page, the history of a subtree, commit and rollback. Types from src/shared/contracts/imports.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ImportDetailDto, ImportDto, ImportKind } from '../../shared/contracts/imports';
import { api, request } from './client';

export type { ImportDetailDto, ImportDto, ImportKind };

export const importKeys = {
  all: ['imports'] as const,
  one: (id: number, page: number, pageSize: number, column?: string) =>
    ['imports', 'one', id, page, pageSize, column ?? null] as const,
  list: (orgId: number | undefined, current: number) => ['imports', 'list', orgId ?? null, current] as const,
};

/**
 * The import; while parsing or committing it is polled every 600 ms (the progress bar). When its
 * status changes, the history list is refreshed at once rather than at its own next poll.
 */
export function useImport(id: number | undefined, page: number, pageSize: number, column?: string) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: importKeys.one(id ?? 0, page, pageSize, column),
    queryFn: () =>
      api.get<ImportDetailDto>(`/api/imports/${id}`, { page, pageSize, column: column || undefined }),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === 'parsing' || s === 'committing' ? 600 : false;
    },
  });
  const status = query.data?.status;
  useEffect(() => {
    if (status) qc.invalidateQueries({ queryKey: ['imports', 'list'] });
  }, [status, qc]);
  return query;
}

export function useImports(orgId: number | undefined, current: number) {
  return useQuery({
    queryKey: importKeys.list(orgId, current),
    queryFn: () =>
      api.get<{ data: ImportDto[]; total: number }>('/api/imports', { orgId, current, pageSize: 10 }),
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    // Follows the imports still being checked or committed until they are done.
    refetchInterval: (q) =>
      q.state.data?.data.some((d) => d.status === 'parsing' || d.status === 'committing') ? 1500 : false,
  });
}

export function useUploadImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, kind, file }: { orgId: number; kind: ImportKind; file: File }) => {
      const form = new FormData();
      // The fields go before the file: the server reads them with it.
      form.append('kind', kind);
      form.append('orgId', String(orgId));
      form.append('file', file, file.name);
      return request<ImportDto>('POST', '/api/imports', form);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: importKeys.all }),
  });
}

function useImportAction(action: 'commit' | 'rollback') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<ImportDto>(`/api/imports/${id}/${action}`),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: importKeys.all });
      qc.invalidateQueries({ queryKey: ['members'] });
      qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
}

export const useCommitImport = () => useImportAction('commit');
export const useRollbackImport = () => useImportAction('rollback');

export const importTemplateUrl = (kind: ImportKind) => `/api/imports/template?kind=${kind}`;
