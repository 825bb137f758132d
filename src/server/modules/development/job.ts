/**
 * Development reminders, run by the daily job (src/server/jobs/daily.ts). Safe to run twice: every
 * notification carries a dedupe key naming the case and the date it is about.
 *
 * - Branch secretaries (and org administrators held at the branch) hear of a case whose next step
 *   is due within `development.reminderLeadDays`, and once more when it is overdue.
 * - They hear of a probation that ends within `development.probationEndingDays` (60) (the confirmation must be discussed promptly).
 * - Holders of development.approve at the approving committee hear of an approval waiting for them
 *   (admission or confirmation).
 */
import { addDays, compareDates, daysBetween, type IsoDate } from '../../../domain/common/dates.js';
import { stepByKey } from '../../../domain/development/steps.js';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/contracts/permissions.js';
import type { DbOrTx } from '../../db/client.js';
import { type NewNotification, notify } from '../notifications/index.js';
import { loadRules } from '../settings/index.js';
import { roleHoldersAt } from '../users/index.js';
import * as repo from './repo.js';

const APPROVER_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
  ROLE_PERMISSIONS[r].includes('development.approve'),
);
const BRANCH_ROLES = ['secretary', 'org_admin'];

export async function developmentReminders(tx: DbOrTx, today: IsoDate): Promise<number> {
  const rules = await loadRules(tx);
  const lead = rules['development.reminderLeadDays'];
  const probationDays = rules['development.probationEndingDays'];
  const cases = await repo.reminderCases(tx, today, addDays(today, lead), addDays(today, probationDays));
  if (cases.length === 0) return 0;
  const branchIds = [...new Set(cases.map((c) => c.orgId))];
  const approverIds = [...new Set(cases.map((c) => c.approvingOrgId).filter((x): x is number => x !== null))];
  const [branchHolders, approvers] = await Promise.all([
    roleHoldersAt(tx, branchIds, BRANCH_ROLES),
    roleHoldersAt(tx, approverIds, APPROVER_ROLES),
  ]);
  const usersAt = (rows: { orgId: number; userId: number }[]) => {
    const m = new Map<number, number[]>();
    for (const r of rows) m.set(r.orgId, [...(m.get(r.orgId) ?? []), r.userId]);
    return m;
  };
  const atBranch = usersAt(branchHolders);
  const atCommittee = usersAt(approvers);

  const out: NewNotification[] = [];
  for (const c of cases) {
    const link = `/development/cases/${c.id}`;
    const title = c.nextKey ? (stepByKey(c.nextKey)?.title ?? c.nextKey) : '';
    const pendingApproval = c.nextKey === 'admission_approval' || c.nextKey === 'confirmation_approval';
    if (c.nextDueOn && compareDates(c.nextDueOn, addDays(today, lead)) <= 0 && !pendingApproval) {
      const overdue = compareDates(c.nextDueOn, today) < 0;
      for (const userId of atBranch.get(c.orgId) ?? []) {
        out.push({
          userId,
          kind: overdue ? 'development.overdue' : 'development.due',
          title: overdue
            ? `发展党员：${c.name}“${title}”已超过期限（${c.nextDueOn}）`
            : `发展党员：${c.name}“${title}”应于 ${c.nextDueOn} 前办理（剩余${daysBetween(today, c.nextDueOn)}天）`,
          link,
          orgId: c.orgId,
          dedupeKey: `${overdue ? 'development.overdue' : 'development.due'}:${c.id}:${c.nextKey}:${c.nextDueOn}`,
        });
      }
    }
    if (
      c.stage === 'probationary' &&
      c.probationEndsOn &&
      compareDates(c.probationEndsOn, today) >= 0 &&
      compareDates(c.probationEndsOn, addDays(today, probationDays)) <= 0
    ) {
      for (const userId of atBranch.get(c.orgId) ?? []) {
        out.push({
          userId,
          kind: 'development.probation',
          title: `发展党员：${c.name}预备期将于 ${c.probationEndsOn} 期满，请及时讨论转正`,
          link,
          orgId: c.orgId,
          dedupeKey: `development.probation:${c.id}:${c.probationEndsOn}`,
        });
      }
    }
    if (pendingApproval && c.approvingOrgId !== null) {
      for (const userId of atCommittee.get(c.approvingOrgId) ?? []) {
        out.push({
          userId,
          kind: 'development.approval',
          title: `发展党员：${c.name}待${title}${c.nextDueOn ? `（应于 ${c.nextDueOn} 前）` : ''}`,
          link,
          orgId: c.orgId,
          dedupeKey: `development.approval:${c.id}:${c.nextKey}:${c.lastStepOn}`,
        });
      }
    }
  }
  return notify(tx, out);
}
