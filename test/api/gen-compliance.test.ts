/**
 * The generator computes the year's organizational-life compliance in one insert-select from the
 * domain's requirement templates (scripts/gen/compliance.ts, issue #21 part 6) instead of the
 * app's refreshAllCompliance: the two must write the same rows. The fixture's branches are given
 * what the rules look at (meetings of every kind, counted or not, a secretary's lecture, a party
 * group's meetings and a dissolved group, a committee, heart talks, exemptions granted, a branch
 * founded and one dissolved inside a period, a member who left), then both are run and compared
 * row by row. scripts/gen/check-compliance.ts does the same on a generated city.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceInSql } from '../../scripts/gen/compliance.js';
import { refreshAllCompliance } from '../../src/server/modules/orglife/refresh.js';
import { loadRuleHistory, loadRules } from '../../src/server/modules/settings/rules.js';
import { setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(async () => env.app.close());

const rowsOf = async (db: TestEnv['db']) => {
  const r = await db.execute(
    sql`select org_id, org_path::text, rule_id, meeting_kind, period_key, period_start::text, period_end::text,
          subject_id, required, held, exempt_reason from orglife_compliance
        order by org_id, rule_id, period_key, subject_id`,
  );
  return (r as unknown as { rows: Record<string, unknown>[] }).rows;
};

describe('compliance in SQL (the generator)', () => {
  it('writes the rows refreshAllCompliance writes, condition by condition', async () => {
    const { org, member } = env.fx;
    const db = env.db;
    for (const text of [
      // Meetings of each kind over the year, a few drafts and returned ones, the group's meetings.
      `insert into meetings (org_id, org_path, kind, group_id, title, held_on, starts_at, status, by_secretary)
       select o.id, o.path, k.kind, case when k.kind = 'group_meeting' then ${org.groupA1} end, '会议',
         d.day, d.day::timestamptz, case when (o.id + m.i) % 9 = 0 then 'draft' when (o.id + m.i) % 11 = 0 then 'returned'
           when m.i % 2 = 0 then 'reviewed' else 'submitted' end, k.kind = 'party_lecture' and m.i % 4 = 0
       from orgs o cross join generate_series(0, 11) m(i)
       cross join (values ('theme_day'), ('general_meeting'), ('party_lecture'), ('committee_meeting'), ('group_meeting'),
         ('life_meeting'), ('member_review')) k(kind)
       cross join lateral (select (date '2026-01-05' + make_interval(months => m.i))::date + (o.id % 7) as day) d
       where o.id in (${org.branchA1}, ${org.branchA2}) and (k.kind <> 'group_meeting' or o.id = ${org.branchA1})
         and (m.i + length(k.kind)) % 3 <> 0`,
      // A committee of three sitting members in A1 (beside the fixture's own); B1's has one who left.
      `insert into committee_members (org_id, member_id, role, started_on, ended_on)
       select ${org.branchA1}, id, 'member', date '2026-01-01', null from members where org_id = ${org.branchA1}
       union all select ${org.branchB1}, id, 'member', date '2026-01-01', date '2026-05-01' from members where org_id = ${org.branchB1}
       on conflict do nothing`,
      // Heart talks: one, two, and one the year before.
      `insert into heart_talks (org_id, org_path, member_id, talker_member_id, talked_on, summary)
       select m.org_id, m.org_path, m.id, ${member.secA1}, d.day, '谈心'
       from members m cross join (values (date '2026-03-01'), (date '2026-09-01'), (date '2025-12-01')) d(day)
       where m.org_id = ${org.branchA1} and (m.id % 3 <> 0 or d.day = date '2026-03-01')`,
      // Exemptions granted by the higher org.
      `insert into orglife_exemptions (org_id, org_path, rule_id, period_key, reason)
       select id, path, r.rule_id, r.period_key, '上级批准'
       from orgs cross join (values ('orglife.generalMeetingPeriod', '2026-Q2'), ('orglife.themeDayPeriod', '2026-03'),
         ('orglife.heartTalksPerYear', '2026')) r(rule_id, period_key)
       where id = ${org.branchA2}`,
      // Founded inside a period, dissolved inside another; a member who left.
      `update orgs set founded_on = date '2026-05-15' where id = ${org.branchA2}`,
      `update orgs set dissolved_on = date '2026-08-10', status = 'dissolved' where id = ${org.branchB1}`,
      `update members set status = 'left' where id = ${member.plainA1}`,
    ])
      await db.execute(sql.raw(text));

    await db.transaction((tx) => refreshAllCompliance(tx, TODAY));
    const app = await rowsOf(db);
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from orglife_compliance`);
      const n = await complianceInSql(
        async (text) => {
          const r = (await tx.execute(sql.raw(text))) as unknown as {
            rowCount?: number;
            affectedRows?: number;
          };
          return r.rowCount ?? r.affectedRows;
        },
        await loadRules(tx),
        await loadRuleHistory(tx),
        TODAY,
      );
      expect(n).toBe(app.length);
    });
    const generated = await rowsOf(db);
    // The fixture reaches the conditions it is meant to (else the comparison proves little).
    const kinds = new Set(app.map((r) => r.meeting_kind));
    for (const k of ['committee_meeting', 'group_meeting', 'heart_talk', 'party_lecture'])
      expect(kinds).toContain(k);
    expect(app.some((r) => String(r.exempt_reason ?? '').startsWith('上级党组织批准'))).toBe(true);
    expect(app.some((r) => String(r.exempt_reason ?? '').includes('成立'))).toBe(true);
    expect(app.some((r) => String(r.exempt_reason ?? '').includes('撤销'))).toBe(true);
    expect(app.some((r) => r.meeting_kind === 'heart_talk' && Number(r.held) > 0)).toBe(true);
    expect(generated).toEqual(app);
  });
});
