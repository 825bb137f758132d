/**
 * 学时进度's step of the daily job (src/server/jobs/daily.ts). Safe to run twice or every hour:
 * every notification has a dedupe key, so a second run finds nothing new to say.
 *
 * - From `learning.paceReminderFromMonth` (October by default) to December: each member behind
 *   pace or without hours who has an account hears of it once a month (on the month's first run),
 *   and each branch's secretaries and org administrators get one summary per branch and month.
 *   Monthly rather than daily or weekly: three or so messages in the fourth quarter are a reminder,
 *   a weekly one would be the spam members learn to ignore (decision 0047).
 * - A new secretary not yet trained: the secretary (if they have an account) and the higher org
 *   hear once when 30 days are left, and once more when the deadline has passed.
 */
import { addMonths } from '../../../domain/common/dates.js';
import { hoursOf, newSecretaryCheck } from '../../../domain/progress/targets.js';
import type { DailyStep } from '../manifest.js';
import { type NewNotification, notify } from '../notifications/index.js';
import { loadRules } from '../settings/index.js';
import * as repo from './repo.js';
import { judgingOf } from './service.js';

export const progressReminders: DailyStep = {
  name: 'progress.reminders',
  async run(tx, today) {
    const rules = await loadRules(tx);
    const year = Number(today.slice(0, 4));
    const month = today.slice(0, 7);
    const out: NewNotification[] = [];

    const holderRows = await repo.holders(tx);
    const usersAt = new Map<number, number[]>();
    for (const h of holderRows) usersAt.set(h.orgId, [...(usersAt.get(h.orgId) ?? []), h.userId]);

    let behindMembers = 0;
    if (Number(today.slice(5, 7)) >= rules['learning.paceReminderFromMonth']) {
      const { judging, basis } = await judgingOf(tx, { year, on: today });
      const rows = await repo.behindEverywhere(tx, judging);
      behindMembers = rows.length;
      const hours = (s: number) => hoursOf(s, { minutesPerHour: basis.secondsPerHour / 60 });
      const byOrg = new Map<number, typeof rows>();
      for (const r of rows) {
        byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
        if (r.userId === null) continue;
        out.push({
          userId: r.userId,
          kind: 'progress.behind',
          title:
            r.standing === 'none'
              ? `${year}年您尚无学习学时（目标${hours(r.targetSeconds)}学时）`
              : `${year}年学时进度落后：已学${hours(r.totalSeconds)}学时，目标${hours(r.targetSeconds)}学时`,
          body: '请在“我的学时”查看各来源学时，并安排在线学习或参加集中培训。',
          link: '/my/hours',
          orgId: r.orgId,
          dedupeKey: `progress.behind:${r.memberId}:${month}`,
        });
      }
      for (const [orgId, items] of byOrg) {
        const none = items.filter((i) => i.standing === 'none').length;
        for (const userId of usersAt.get(orgId) ?? []) {
          out.push({
            userId,
            kind: 'progress.branch_behind',
            title: `${items[0]?.orgName ?? ''}：${items.length}名党员学时进度落后${none ? `（其中${none}名尚无学时）` : ''}`,
            body: `按${year}年目标和已过时间计算。`,
            link: `/progress?orgId=${orgId}&standing=behind`,
            orgId,
            dedupeKey: `progress.branch_behind:${orgId}:${month}`,
          });
        }
      }
    }

    // New secretaries: the window's last month and the missed deadline.
    const months = rules['learning.newSecretaryTrainingMonths'];
    const secs = await repo.secretariesSince(tx, { orgPath: null }, addMonths(today, -(months + 1)), today);
    let secretaries = 0;
    const higherOf = (path: string): number[] => {
      for (const a of path.split('.').slice(0, -1).map(Number).reverse()) {
        const found = usersAt.get(a);
        if (found?.length) return found;
      }
      return [];
    };
    const accounts = await repo.accountsOf(
      tx,
      secs.map((s) => s.memberId),
    );
    for (const s of secs) {
      const c = newSecretaryCheck(s.startedOn, months, today, s.trainedOn);
      if (c.state === 'trained') continue;
      const overdue = c.state === 'overdue';
      if (!overdue && c.daysLeft > rules['learning.newSecretaryNoticeDays']) continue;
      secretaries += 1;
      const stage = overdue ? 'overdue' : 'due';
      const title = overdue
        ? `新任书记${s.name}（${s.orgName}）已超过${months}个月培训期限（${c.deadline}），尚未参加上级党组织的集中培训`
        : `新任书记${s.name}（${s.orgName}）须在${c.deadline}前参加上级党组织的集中培训（剩余${c.daysLeft}天）`;
      const to = new Set([
        ...accounts.filter((a) => a.memberId === s.memberId).map((a) => a.userId),
        ...higherOf(s.orgPath),
      ]);
      for (const userId of to)
        out.push({
          userId,
          kind: `progress.new_secretary_${stage}`,
          title,
          link: `/progress?orgId=${s.orgId}`,
          orgId: s.orgId,
          dedupeKey: `progress.new_secretary_${stage}:${s.committeeId}`,
        });
    }
    const notified = await notify(tx, out);
    return { progressNotified: notified, progressBehind: behindMembers, progressSecretaries: secretaries };
  },
};
