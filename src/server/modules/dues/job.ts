/**
 * Dues reminders, run by the daily job (orglife/job.ts). Safe to run twice: every notification
 * carries a dedupe key naming the member and the streak it is about.
 *
 * - A member with `dues.warningMonths` or more consecutive unpaid months is told so in their own
 *   message box, once for each month the streak grows (规定第十三条: criticism and a deadline).
 * - The branch's secretaries and org administrators hear of the member once per streak when it
 *   reaches the warning, and again when it reaches `dues.lapseMonths` (党章第九条) unless the
 *   branch has already recorded a decision on that streak: the system flags, the branch decides.
 */

import type { IsoDate } from '../../../domain/common/dates.js';
import { yuan } from '../../../domain/dues/amounts.js';
import { addMonthsTo, monthOf } from '../../../domain/dues/months.js';
import type { DbOrTx } from '../../db/client.js';
import { holdersAt } from '../development/repo.js';
import { type NewNotification, notify } from '../orglife/notifications.js';
import { statesOf } from './arrears.js';
import * as repo from './repo.js';

const BRANCH_ROLES = ['secretary', 'org_admin'];

export async function duesReminders(tx: DbOrTx, today: IsoDate): Promise<number> {
  const current = monthOf(today);
  const candidates = await repo.unpaidIn(tx, addMonthsTo(current, -1));
  if (!candidates.length) return 0;
  const { out: states } = await statesOf(tx, candidates, current);
  const flagged = candidates.filter((id) => {
    const level = states.get(id)?.state.level;
    return level === 'warning' || level === 'lapse';
  });
  if (!flagged.length) return 0;
  const names = await repo.memberNames(tx, flagged);
  const users = await repo.usersOfMembers(tx, flagged);
  const holders = await holdersAt(tx, [...new Set(names.map((m) => m.orgId))], BRANCH_ROLES);
  const atOrg = new Map<number, number[]>();
  for (const h of holders) atOrg.set(h.orgId, [...(atOrg.get(h.orgId) ?? []), h.userId]);
  const ownUser = new Map(users.map((u) => [u.memberId, u.id]));

  const items: NewNotification[] = [];
  for (const m of names) {
    const entry = states.get(m.id);
    if (!entry?.state.streakFrom || !entry.state.streakTo) continue;
    const { state, decision } = entry;
    const span = `${state.streakFrom}至${state.streakTo}`;
    const own = ownUser.get(m.id);
    if (own !== undefined) {
      items.push({
        userId: own,
        kind: 'dues.warning',
        title: `党费：您已连续${state.unpaidStreak}个月未交纳党费（${span}），欠交${yuan(state.arrearsFen)}元，请及时补交`,
        link: '/me/dues',
        orgId: m.orgId,
        dedupeKey: `dues.warning:${m.id}:${state.streakTo}`,
      });
    }
    const decided = decision !== null && decision.streakFrom.slice(0, 7) === state.streakFrom;
    for (const userId of atOrg.get(m.orgId) ?? []) {
      items.push({
        userId,
        kind: 'dues.warning.branch',
        title: `党费：${m.name}已连续${state.unpaidStreak}个月未交纳党费（${span}），请批评教育、限期改正`,
        link: `/dues/arrears?orgId=${m.orgId}`,
        orgId: m.orgId,
        dedupeKey: `dues.warning.branch:${m.id}:${state.streakFrom}`,
      });
      if (state.level === 'lapse' && !decided) {
        items.push({
          userId,
          kind: 'dues.lapse',
          title: `党费：${m.name}已连续${state.unpaidStreak}个月未交纳党费，请党支部研究决定（党章第九条）`,
          link: `/dues/arrears?orgId=${m.orgId}`,
          orgId: m.orgId,
          dedupeKey: `dues.lapse:${m.id}:${state.streakFrom}`,
        });
      }
    }
  }
  return notify(tx, items);
}
