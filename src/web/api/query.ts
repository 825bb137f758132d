/** The app's react-query client and the query keys shared by the area hooks. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError, type QueryValue } from './client';

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

export const keys = {
  me: ['me'] as const,
  orgs: ['orgs'] as const,
  org: (id: number) => ['orgs', 'detail', id] as const,
  orgRoots: ['orgs', 'roots'] as const,
  orgChildren: (id: number, asOf?: string) => ['orgs', 'children', id, asOf ?? null] as const,
  orgAncestors: (id: number) => ['orgs', 'ancestors', id] as const,
  orgHistory: (id: number) => ['orgs', 'history', id] as const,
  orgSearch: (q: string, kind?: string) => ['orgs', 'search', q, kind ?? null] as const,
  members: ['members'] as const,
  memberList: (params: Record<string, QueryValue>) => ['members', 'list', params] as const,
  member: (id: number) => ['members', 'detail', id] as const,
  memberEvents: (id: number) => ['members', 'events', id] as const,
  transfers: ['transfers'] as const,
  transferList: (params: Record<string, QueryValue>) => ['transfers', 'list', params] as const,
  audit: (params: Record<string, QueryValue>) => ['audit', params] as const,
  rules: ['rules'] as const,
  users: ['users'] as const,
  userList: (params: Record<string, QueryValue>) => ['users', 'list', params] as const,
  meetings: ['meetings'] as const,
  meetingList: (params: Record<string, QueryValue>) => ['meetings', 'list', params] as const,
  meeting: (id: number) => ['meetings', 'detail', id] as const,
  expectedAttendees: (params: Record<string, QueryValue>) => ['meetings', 'expected', params] as const,
  compliance: ['compliance'] as const,
  complianceOf: (orgId: number, from?: string, to?: string) =>
    ['compliance', orgId, from ?? null, to ?? null] as const,
  heartTalks: ['heart-talks'] as const,
  heartTalkList: (params: Record<string, QueryValue>) => ['heart-talks', 'list', params] as const,
  notifications: ['notifications'] as const,
  notificationList: (params: Record<string, QueryValue>) => ['notifications', 'list', params] as const,
};
