/**
 * Organizational life's steps of the daily job (src/server/jobs/daily.ts). Safe to run twice, or
 * every hour: every notification it writes has a dedupe key, so a second run finds nothing new to say.
 *
 * - On the first run of a year it extends the compliance table into the new year.
 * - Secretaries (and org administrators held at the branch) hear of the items still open that close
 *   within `orglife.reminderLeadDays` (14 by default), one message per branch and closing day: "本月主题党日尚未开展，剩余8天".
 * - The higher org (the nearest ancestor with a secretary or org administrator) hears of items
 *   missed in the last 31 days, one message per branch and closing day. Older misses are on the
 *   heat map; a first run on a database with years of history does not flood anyone's inbox.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays } from '../../../domain/common/dates.js';
import { daysLeftOn, dueText, missedText } from '../../../domain/orglife/compliance.js';
import { periodLabel } from '../../../domain/orglife/periods.js';
import { MEETING_KINDS } from '../../../domain/orglife/requirements.js';
import { queryRows } from '../../db/client.js';
import type { DailyStep } from '../manifest.js';
import { type NewNotification, notify } from '../notifications/index.js';
import { loadRules } from '../settings/index.js';
import { describedRow, stateSql } from './compliance.js';
import { refreshAllCompliance } from './refresh.js';

/** How far back a miss is still news (not a regulation: it keeps a first run from flooding inboxes). */
export const MISSED_LOOKBACK_DAYS = 31;

const itemRow = z.object({
  orgId: z.number(),
  orgName: z.string(),
  orgPath: z.string(),
  ruleId: z.string(),
  meetingKind: z.enum(MEETING_KINDS),
  periodKey: z.string(),
  periodEnd: z.string(),
  subjectName: z.string().nullable(),
  required: z.number(),
  held: z.number(),
});
type Item = z.infer<typeof itemRow>;

/** The compliance table reaches the end of this year (a new year's periods appear on its first run). */
export const extendComplianceYear: DailyStep = {
  name: 'orglife.extendYear',
  async run(tx, today) {
    const [{ last }] = await queryRows(
      tx,
      sql`select max(period_end)::text as last from orglife_compliance`,
      z.object({ last: z.string().nullable() }),
    );
    const refreshed = last !== null && last < `${today.slice(0, 4)}-12-31`;
    if (refreshed) await refreshAllCompliance(tx, today);
    return { refreshed };
  },
};

/** Reminders of items closing soon (to the branch) and of items missed (to the higher org). */
export const orglifeReminders: DailyStep = {
  name: 'orglife.reminders',
  async run(tx, today) {
    const rules = await loadRules(tx);
    const state = stateSql(today);
    const select = sql`select c.org_id as "orgId", o.name as "orgName", o.path::text as "orgPath",
        c.rule_id as "ruleId", c.meeting_kind as "meetingKind", c.period_key as "periodKey",
        c.period_end::text as "periodEnd", g.name as "subjectName", c.required, c.held
      from orglife_compliance c join orgs o on o.id = c.org_id
      left join orgs g on g.id = c.subject_id and c.subject_id <> 0`;
    const due = await queryRows(
      tx,
      sql`${select} where ${state} = 'due' and c.period_end < ${addDays(today, rules['orglife.reminderLeadDays'])}::date
          order by c.org_id, c.period_end`,
      itemRow,
    );
    const missed = await queryRows(
      tx,
      sql`${select} where ${state} = 'missed' and c.period_end >= ${addDays(today, -MISSED_LOOKBACK_DAYS)}::date
          and o.status = 'active' order by c.org_id, c.period_end`,
      itemRow,
    );

    // Who runs which org: secretaries and org administrators, by the org their role is held at.
    const holders = await queryRows(
      tx,
      sql`select distinct ra.org_id as "orgId", ra.user_id as "userId" from role_assignments ra
          join users u on u.id = ra.user_id and u.active
          where ra.role in ('secretary', 'org_admin')`,
      z.object({ orgId: z.number(), userId: z.number() }),
    );
    const usersAt = new Map<number, number[]>();
    for (const h of holders) usersAt.set(h.orgId, [...(usersAt.get(h.orgId) ?? []), h.userId]);
    const higherOf = (path: string): number[] => {
      const ancestors = path.split('.').slice(0, -1).map(Number).reverse();
      for (const a of ancestors) {
        const found = usersAt.get(a);
        if (found?.length) return found;
      }
      return [];
    };

    const out: NewNotification[] = [];
    const byOrgAndEnd = (items: Item[]) => {
      const m = new Map<string, Item[]>();
      for (const i of items)
        m.set(`${i.orgId}:${i.periodEnd}`, [...(m.get(`${i.orgId}:${i.periodEnd}`) ?? []), i]);
      return [...m.values()];
    };
    const line = (i: Item, text: string) => `${text}${i.subjectName ? `（${i.subjectName}）` : ''}`;

    for (const items of byOrgAndEnd(due)) {
      const first = items[0] as Item;
      const daysLeft = daysLeftOn(today, first.periodEnd);
      for (const userId of usersAt.get(first.orgId) ?? []) {
        out.push({
          userId,
          kind: 'orglife.due',
          title: `${first.orgName}：${items.length}项组织生活即将到期（剩余${daysLeft}天）`,
          body: items.map((i) => line(i, dueText(describedRow(i), i.held, daysLeft))).join('\n'),
          link: `/orgs/${first.orgId}/orglife`,
          orgId: first.orgId,
          dedupeKey: `orglife.due:${first.orgId}:${first.periodEnd}`,
        });
      }
    }
    for (const items of byOrgAndEnd(missed)) {
      const first = items[0] as Item;
      for (const userId of higherOf(first.orgPath)) {
        out.push({
          userId,
          kind: 'orglife.missed',
          title: `${first.orgName}：${periodLabel(first.periodKey)}等${items.length}项组织生活未按要求完成`,
          body: items.map((i) => line(i, missedText(describedRow(i), i.held))).join('\n'),
          link: `/orgs/${first.orgId}/orglife`,
          orgId: first.orgId,
          dedupeKey: `orglife.missed:${first.orgId}:${first.periodEnd}`,
        });
      }
    }
    const notified = await notify(tx, out);
    return { dueItems: due.length, missedItems: missed.length, notified };
  },
};
