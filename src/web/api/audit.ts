import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type { AuditEntry, Page } from './types';

// ---------- audit ----------

export interface AuditListParams extends Record<string, QueryValue> {
  action?: string;
  entity?: string;
  entityId?: number;
  username?: string;
  from?: string;
  to?: string;
  current?: number;
  pageSize?: number;
}

export function useAudit(params: AuditListParams) {
  return useQuery({
    queryKey: keys.audit(params),
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', params),
    placeholderData: keepPreviousData,
  });
}
