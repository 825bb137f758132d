/** The app's react-query client and the query keys shared by the area hooks. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Do not retry what will not change: auth, scope, validation.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

/**
 * The areas' query-key prefixes: a contract's query key starts with its path's segments
 * (`queryKeyOf`, ./contract.ts), so invalidating `keys.members` refreshes every /api/members read.
 */
export const keys = {
  me: ['me'] as const,
  orgs: ['orgs'] as const,
  members: ['members'] as const,
  transfers: ['transfers'] as const,
};
