import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { orgsApi } from '../../shared/contracts/orgs';
import type { BodyIn } from '../../shared/contracts/route';
import { type CallInput, call, queryKeyOf, useApiQuery } from './contract';
import { keys, queryClient } from './query';
import type { OrgSummary } from './types';

// ---------- orgs ----------

/** Reads outside a component (the tree's lazy loading) share the hooks' cache entries. */
function fetchOf<C extends (typeof orgsApi)['children'] | (typeof orgsApi)['ancestors']>(
  contract: C,
  input: CallInput<C>,
) {
  return queryClient.fetchQuery({
    queryKey: queryKeyOf(contract, input),
    queryFn: () => call(contract, input),
  });
}

/** One page of an org's children (the tree loads more on demand: some have hundreds). */
export const fetchOrgChildren = (id: number, asOf?: string, current = 1) =>
  fetchOf(orgsApi.children, { params: { id }, query: { asOf, current } });

export const fetchOrgAncestors = (id: number) => fetchOf(orgsApi.ancestors, { params: { id } });

/** The tree's starting points; with `asOf`, as they stood that day (history view). */
export function useOrgRoots(enabled = true, asOf?: string) {
  return useApiQuery(orgsApi.roots, { query: { asOf } }, { enabled });
}

const enabledFor = (id: number | undefined) => ({ enabled: id !== undefined && id > 0 });

export function useOrg(id: number | undefined) {
  return useApiQuery(orgsApi.get, { params: { id: id ?? 0 } }, enabledFor(id));
}

export function useOrgAncestors(id: number | undefined) {
  return useApiQuery(orgsApi.ancestors, { params: { id: id ?? 0 } }, enabledFor(id));
}

/** The children of a branch in one page of 500 (its party groups, for the forms). */
export function useOrgChildren(id: number | undefined, asOf?: string) {
  return useApiQuery(
    orgsApi.children,
    { params: { id: id ?? 0 }, query: { asOf, pageSize: 500 } },
    enabledFor(id),
  );
}

export function useOrgHistory(id: number | undefined) {
  return useApiQuery(orgsApi.history, { params: { id: id ?? 0 } }, enabledFor(id));
}

export function useOrgSearch(q: string, kind?: OrgSummary['kind'], enabled = true) {
  return useApiQuery(
    orgsApi.search,
    { query: { q, kind, limit: 20 } },
    { enabled, placeholderData: keepPreviousData },
  );
}

/** Any org write: every org read (tree, detail, dashboard, report) is under `/api/orgs`. */
function useInvalidateOrgs() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.orgs });
}

export function useCreateOrg() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: BodyIn<typeof orgsApi.create>) => call(orgsApi.create, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: BodyIn<typeof orgsApi.update>) => call(orgsApi.update, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

export function useMoveOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: BodyIn<typeof orgsApi.move>) => call(orgsApi.move, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

export function useDissolveOrg(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: BodyIn<typeof orgsApi.dissolve>) => call(orgsApi.dissolve, { params: { id }, body }),
    onSuccess: invalidate,
  });
}

export function useCreateTerm(id: number) {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: BodyIn<typeof orgsApi.renewTerm>) => call(orgsApi.renewTerm, { params: { id }, body }),
    onSuccess: invalidate,
  });
}
