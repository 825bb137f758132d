/**
 * The typed client of the API, read off the contracts in src/shared/contracts (one object per
 * endpoint). `call` sends a request; `useApiQuery` and `useApiMutation` are the react-query hooks of
 * any contract. No page writes a URL or a result type by hand.
 *
 * Query keys follow the path: `/api/members/:id/dues` with `{params: {id: 3}}` is
 * `['members', ':id', 'dues', {params: {id: 3}}]`, so invalidating `['members']` refreshes every
 * member read and `queryKeyOf(contract)` every read of one endpoint.
 */
import {
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
} from '@tanstack/react-query';
import {
  type BodyIn,
  fillPath,
  isFileResponse,
  type ParamsIn,
  type QueryIn,
  type ResultOf,
  type RouteContract,
} from '../../shared/contracts/route';
import { type QueryValue, request, requestBlob, withQuery } from './client';

type Has<T, K extends string, V> = [T] extends [never]
  ? { [P in K]?: undefined }
  : undefined extends T
    ? { [P in K]?: V }
    : { [P in K]: V };

/** What a call sends: params, query and body, each required when the contract has one. */
export type CallInput<C extends RouteContract> = Has<ParamsIn<C>, 'params', ParamsIn<C>> &
  Has<QueryIn<C>, 'query', QueryIn<C>> &
  // A multipart contract declares no JSON body; its body is the FormData (field `file`).
  (C['multipart'] extends true ? { body: FormData } : Has<BodyIn<C>, 'body', BodyIn<C>>) & {
    headers?: Record<string, string>;
  };

/** The URL of a contract for these params and query (also for links: an export, an attachment). */
export function urlOf<C extends RouteContract>(
  contract: C,
  input?: { params?: ParamsIn<C>; query?: QueryIn<C> },
): string {
  const path = fillPath(contract.path, input?.params as Record<string, unknown> | undefined);
  return withQuery(path, input?.query as Record<string, QueryValue> | undefined);
}

/** Sends the request a contract describes and answers its typed result. */
export function call<C extends RouteContract>(contract: C, input: CallInput<C>): Promise<ResultOf<C>> {
  const url = urlOf(contract, input as { params?: ParamsIn<C>; query?: QueryIn<C> });
  const ok = Object.values(contract.responses);
  if (ok.some(isFileResponse)) return requestBlob(contract.method, url) as Promise<ResultOf<C>>;
  const body = (input as { body?: unknown }).body;
  return request<ResultOf<C>>(
    contract.method,
    url,
    body ?? (contract.method === 'GET' ? undefined : {}),
    input.headers,
  );
}

/** The query key of a contract's read (see the file's comment); without input, every read of it. */
export function queryKeyOf<C extends RouteContract>(contract: C, input?: CallInput<C>): QueryKey {
  const segments = contract.path.split('/').slice(2);
  if (!input) return segments;
  const { params, query } = input as { params?: unknown; query?: unknown };
  return [...segments, { params: params ?? null, query: compact(query) }];
}

/** Drops empty filter values so `{q: ''}` and `{}` share a cache entry. */
function compact(query: unknown): unknown {
  if (!query || typeof query !== 'object') return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

type QueryOptions<C extends RouteContract, T> = Omit<
  UseQueryOptions<ResultOf<C>, Error, T>,
  'queryKey' | 'queryFn'
>;

/** The react-query hook of a GET contract. */
export function useApiQuery<C extends RouteContract & { method: 'GET' }, T = ResultOf<C>>(
  contract: C,
  input: CallInput<C>,
  options?: QueryOptions<C, T>,
) {
  return useQuery({
    queryKey: queryKeyOf(contract, input),
    queryFn: () => call(contract, input),
    ...options,
  });
}

/** The react-query mutation of a contract: `mutate(input)` sends it. */
export function useApiMutation<C extends RouteContract, Ctx = unknown>(
  contract: C,
  options?: Omit<UseMutationOptions<ResultOf<C>, Error, CallInput<C>, Ctx>, 'mutationFn'>,
) {
  return useMutation({ mutationFn: (input: CallInput<C>) => call(contract, input), ...options });
}
