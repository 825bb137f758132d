/**
 * 数据导入 API hooks: upload (parsed in the background, polled until done), the import with its
 * errors page, the history of a subtree, commit and rollback. Every call goes through the contracts
 * in src/shared/contracts/imports.ts (`importsApi`).
 */
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  type ImportDetailDto,
  type ImportDto,
  type ImportKind,
  importsApi,
} from '../../shared/contracts/imports';
import { call, queryKeyOf, urlOf, useApiQuery } from './contract';

export type { ImportDetailDto, ImportDto, ImportKind };

export const importKeys = {
  /** Every read of the imports area (the keys follow the path: /api/imports/…). */
  all: ['imports'] as const,
  one: (id: number, page: number, pageSize: number, column?: string) =>
    queryKeyOf(importsApi.get, { params: { id }, query: { page, pageSize, column: column || undefined } }),
  list: (orgId: number | undefined, current: number) =>
    queryKeyOf(importsApi.list, { query: { orgId, current, pageSize: 10 } }),
};

/**
 * The import; while parsing or committing it is polled every 600 ms (the progress bar). When its
 * status changes, the history list is refreshed at once rather than at its own next poll.
 */
export function useImport(id: number | undefined, page: number, pageSize: number, column?: string) {
  const qc = useQueryClient();
  const query = useApiQuery(
    importsApi.get,
    { params: { id: id ?? 0 }, query: { page, pageSize, column: column || undefined } },
    {
      enabled: !!id,
      placeholderData: keepPreviousData,
      refetchInterval: (q) => {
        const s = q.state.data?.status;
        return s === 'parsing' || s === 'committing' ? 600 : false;
      },
    },
  );
  const status = query.data?.status;
  useEffect(() => {
    // The history lists only (['imports', {query}]), not this import itself (['imports', ':id', …]).
    if (status) {
      qc.invalidateQueries({
        queryKey: queryKeyOf(importsApi.list),
        predicate: (q) => typeof q.queryKey[1] === 'object',
      });
    }
  }, [status, qc]);
  return query;
}

export function useImports(orgId: number | undefined, current: number) {
  return useApiQuery(
    importsApi.list,
    { query: { orgId, current, pageSize: 10 } },
    {
      enabled: !!orgId,
      placeholderData: keepPreviousData,
      // Follows the imports still being checked or committed until they are done.
      refetchInterval: (q) =>
        q.state.data?.data.some((d) => d.status === 'parsing' || d.status === 'committing') ? 1500 : false,
    },
  );
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
      return call(importsApi.upload, { query: {}, body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: importKeys.all }),
  });
}

function useImportAction(contract: typeof importsApi.commit | typeof importsApi.rollback) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number): Promise<ImportDto> => call(contract, { params: { id } }),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: importKeys.all });
      qc.invalidateQueries({ queryKey: ['members'] });
      qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
}

export const useCommitImport = () => useImportAction(importsApi.commit);
export const useRollbackImport = () => useImportAction(importsApi.rollback);

export const importTemplateUrl = (kind: ImportKind) => urlOf(importsApi.template, { query: { kind } });
