import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { type FilterPatch, type FilterSchema, parseFilters, patchParams } from './urlFilters';

export { DEFAULT_PAGE_SIZE, type FilterPatch, type FilterSchema, paging, param } from './urlFilters';

/**
 * A list page's filters and paging kept in the address (so links such as `?orgId=` work and a
 * reload keeps the view). `schema` is a module-level `z.object` of `param.*` fields; the hook
 * returns the typed values, a setter that patches the address (replacing the history entry unless
 * asked to push, and back to page 1 when a filter changes), `clearFilters` for 清除筛选, and the
 * raw parameters (for exports).
 */
export function useUrlFilters<S extends FilterSchema>(schema: S) {
  const [params, setParams] = useSearchParams();
  const filters: z.output<S> = useMemo(() => parseFilters(schema, params), [schema, params]);
  const setFilters = useCallback(
    /** `push` adds a history entry (a drill-down the back button should undo) instead of replacing. */
    (patch: FilterPatch<S>, options?: { keepPage?: boolean; push?: boolean }) =>
      setParams(patchParams(params, patch, options), { replace: !options?.push }),
    [params, setParams],
  );
  const clearFilters = useCallback(() => setParams({}, { replace: true }), [setParams]);
  return { filters, setFilters, clearFilters, params };
}
