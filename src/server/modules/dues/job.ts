/**
 * Dues reminders, run by the daily job (src/server/jobs/daily.ts). Safe to run twice: runs are recomputed
 * from the record (runs.ts) and every notification carries a dedupe key naming the run.
 *
 * - First the runs of the members who paid nothing last month are brought up to date (a run that
 *   goes on reaches its next month; a new one is recorded).
 * - A member whose warning run goes on to last month is told so in their own message box, once for
 *   each month it grows (规定第十三条: criticism and a deadline); the run keeps when they were first
 *   told (its history, shown to them and to the branch).
 * - The branch's secretaries and org administrators hear of a warning run once while it goes on,
 *   and of every lapse run awaiting its decision (党章第九条) once, however old: a run that was paid
 *   since, or that a correction of the record (a void) brought to light, still needs a decision.
 *   The system flags, the branch decides.
 */

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { yuan } from '../../../domain/dues/amounts.js';
import { addMonthsTo, firstDay, monthDiff, monthOf, monthRangeText } from '../../../domain/dues/months.js';
import { RUN_LEVELS } from '../../../domain/dues/runs.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { type NewNotification, notify } from '../notifications/index.js';
import { loadRules } from '../settings/index.js';
import { roleHoldersAt } from '../users/index.js';
import { statesOf } from './arrears.js';
import * as repo from './repo.js';
import { detectRuns } from './runs.js';

const BRANCH_ROLES = ['secretary', 'org_admin'];

const pendingRun = z.object({
  id: z.number(),
  memberId: z.number(),
  level: z.enum(RUN_LEVELS),
  firstMonth: z.string(),
  lastMonth: z.string(),
  expectedFen: z.number(),
  memberNotifiedAt: z.string().nullable(),
  branchNotifiedAt: z.string().nullable(),
});

export async function duesReminders(tx: DbOrTx, today: IsoDate): Promise<number> {
  const current = monthOf(today);
  const last = addMonthsTo(current, -1);
  const rules = await loadRules(tx);
  const unpaid = await repo.unpaidIn(tx, last);
  await detectRuns(tx, unpaid, today, rules);
  // A warning goes on while last month is still unpaid (a member who paid it since is not warned).
  const stillUnpaid = new Set(unpaid);

  // The runs to tell someone about: warning runs going on to last month (the member every month,
  // the branch once) and lapse runs awaiting a decision that the branch has not heard of. Off the
  // runs' own table: a handful of rows a day.
  const runs = await queryRows(
    tx,
    sql`select r.id, r.member_id as "memberId", r.level, to_char(r.first_month, 'YYYY-MM') as "firstMonth",
          to_char(r.last_month, 'YYYY-MM') as "lastMonth", r.expected_fen as "expectedFen",
          r.member_notified_at as "memberNotifiedAt", r.branch_notified_at as "branchNotifiedAt"
        from dues_arrears_runs r join members m on m.id = r.member_id
        where ${repo.CURRENT_MEMBER_SQL} and (
          (r.level = 'warning' and r.status <> 'withdrawn' and r.last_month = ${firstDay(last)}::date)
          or (r.level = 'lapse' and r.status = 'open' and r.branch_notified_at is null))
        order by r.member_id, r.id`,
    pendingRun,
  );
  if (!runs.length) return 0;
  const memberIds = [...new Set(runs.map((r) => r.memberId))];
  const names = new Map((await repo.memberNames(tx, memberIds)).map((m) => [m.id, m]));
  const { out: states } = await statesOf(tx, memberIds, current);
  const ownUser = new Map((await repo.usersOfMembers(tx, memberIds)).map((u) => [u.memberId, u.id]));
  const holders = await roleHoldersAt(
    tx,
    [...new Set([...names.values()].map((m) => m.orgId))],
    BRANCH_ROLES,
  );
  const atOrg = new Map<number, number[]>();
  for (const h of holders) atOrg.set(h.orgId, [...(atOrg.get(h.orgId) ?? []), h.userId]);

  const items: NewNotification[] = [];
  const memberTold: number[] = [];
  const branchTold: number[] = [];
  for (const run of runs) {
    const m = names.get(run.memberId);
    if (!m) continue;
    const span = monthRangeText(run.firstMonth, run.lastMonth);
    const state = states.get(run.memberId)?.state;
    const owed = state?.arrearsFen ?? 0;
    const branch = atOrg.get(m.orgId) ?? [];
    if (run.level === 'warning') {
      if (!stillUnpaid.has(run.memberId)) continue;
      // The member hears of today's streak (months paid back since no longer count); the run keeps
      // the months as they were.
      const streak = state?.unpaidStreak || monthDiff(run.firstMonth, run.lastMonth) + 1;
      const now =
        state?.streakFrom && state.streakTo ? monthRangeText(state.streakFrom, state.streakTo) : span;
      const own = ownUser.get(run.memberId);
      if (own !== undefined) {
        items.push({
          userId: own,
          kind: 'dues.warning',
          title: `党费：您已连续${streak}个月未交纳党费（${now}），欠交${yuan(owed)}元，请及时补交`,
          link: '/me/dues',
          orgId: m.orgId,
          dedupeKey: `dues.warning:${run.memberId}:${run.lastMonth}`,
        });
        if (!run.memberNotifiedAt) memberTold.push(run.id);
      }
      if (!run.branchNotifiedAt && branch.length) {
        branchTold.push(run.id);
        for (const userId of branch) {
          items.push({
            userId,
            kind: 'dues.warning.branch',
            title: `党费：${m.name}已连续${streak}个月未交纳党费（${now}），请批评教育、限期改正`,
            link: `/dues/arrears?orgId=${m.orgId}`,
            orgId: m.orgId,
            dedupeKey: `dues.warning.branch:run:${run.id}`,
          });
        }
      }
    } else if (branch.length) {
      branchTold.push(run.id);
      for (const userId of branch) {
        items.push({
          userId,
          kind: 'dues.lapse',
          title: `党费：${m.name}${span}连续未交纳党费，请党支部研究决定（党章第九条）`,
          link: `/dues/arrears?orgId=${m.orgId}&level=lapse`,
          orgId: m.orgId,
          dedupeKey: `dues.lapse:run:${run.id}`,
        });
      }
    }
  }
  const sent = await notify(tx, items);
  const mark = async (column: 'member_notified_at' | 'branch_notified_at', ids: number[]) => {
    if (!ids.length) return;
    await tx.execute(sql`update dues_arrears_runs set ${sql.identifier(column)} = now(), updated_at = now()
      where id = any(${`{${ids.join(',')}}`}::int[]) and ${sql.identifier(column)} is null`);
  };
  await mark('member_notified_at', memberTold);
  await mark('branch_notified_at', branchTold);
  return sent;
}
