import { keepPreviousData } from '@tanstack/react-query';
import { type AuditAction, auditApi } from '../../shared/contracts/audit';
import type { QueryIn } from '../../shared/contracts/route';
import { useApiQuery } from './contract';

// ---------- audit ----------

/** The list's filters; `action` as the address holds it (the server refuses an unknown one). */
export type AuditListParams = Omit<QueryIn<typeof auditApi.list>, 'action'> & { action?: string };

export function useAudit({ action, ...params }: AuditListParams) {
  return useApiQuery(
    auditApi.list,
    { query: { ...params, action: action as AuditAction | undefined } },
    { placeholderData: keepPreviousData },
  );
}
