import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/client.js';
import { auditLog, meetings } from '../../src/server/db/schema/index.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import type { RequestContext } from '../../src/server/lib/context.js';
import { Scope } from '../../src/server/lib/scope.js';
import {
  complianceOf,
  complianceQueries,
  complianceScanSql,
  stateSql,
} from '../../src/server/modules/orglife/compliance.js';
import { refreshAllCompliance, refreshCompliance } from '../../src/server/modules/orglife/refresh.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { get, post, send } = requests(() => env);

type Item = {
  orgId: number;
  ruleId: string;
  meetingKind: string;
  periodKey: string;
  state: string;
  daysLeft: number | null;
  reason: string | null;
  held: number;
  required: number;
  subjectId: number | null;
  exemptionId: number | null;
};

beforeAll(async () => {
  env = await setupEnv();
  // The fixture writes orgs and members directly; compute their compliance once, as the seed does.
  await refreshAllCompliance(env.db, TODAY);
});
afterAll(async () => env.app.close());

async function compliance(orgId: number, user: string, query = '') {
  const res = await get(`/api/orgs/${orgId}/compliance${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}
const itemOf = (items: Item[], kind: string, key: string) =>
  items.find(
    (i) => i.meetingKind === kind && i.periodKey === key && i.ruleId !== 'orglife.secretaryLecturesPerYear',
  );

/** A submitted meeting written the way the meetings module leaves it, then the refresh it calls. */
async function held(orgId: number, kind: string, heldOn: string, extra: Record<string, unknown> = {}) {
  const [org] = await queryRows(
    env.db,
    sql`select path::text as path from orgs where id = ${orgId}`,
    z.object({ path: z.string() }),
  );
  await env.db.insert(meetings).values({
    orgId,
    orgPath: org.path,
    kind,
    title: '测试会议',
    heldOn,
    startsAt: new Date(`${heldOn}T09:00:00+08:00`),
    status: 'submitted',
    ...extra,
  });
  await refreshCompliance(env.db, [orgId], TODAY);
}

type Counts = { met: number; missed: number; due: number; exempt: number; notStarted: number };
const zero = (): Counts => ({ met: 0, missed: 0, due: 0, exempt: 0, notStarted: 0 });
const key = (state: string) => (state === 'not_started' ? 'notStarted' : state) as keyof Counts;
const countsOf = (c: Counts) => ({
  met: c.met,
  missed: c.missed,
  due: c.due,
  exempt: c.exempt,
  notStarted: c.notStarted,
});

/**
 * The subtree page's figures as a plain count of the requirement rows (stateSql by row, grouped by
 * closing month, kind and the child containing the row), against which the page, read from the
 * rollups, is compared.
 */
async function rowCount(orgId: number, from: string, to: string) {
  const rows = await queryRows(
    env.db,
    sql`select case when nlevel(c.org_path) > nlevel(o.path) then subpath(c.org_path, nlevel(o.path), 1)::text::int
            else o.id end as child, to_char(c.period_end, 'YYYY-MM') as month, c.meeting_kind as kind,
          ${stateSql(TODAY)} as state, count(*)::int as n
        from orgs o join orglife_compliance c on c.org_path <@ o.path
        where o.id = ${orgId} and to_char(c.period_end, 'YYYY-MM') between ${from} and ${to}
        group by 1, 2, 3, 4`,
    z.object({ child: z.number(), month: z.string(), kind: z.string(), state: z.string(), n: z.number() }),
  );
  const [{ due }] = await queryRows(
    env.db,
    sql`select count(*)::int as due from orgs o join orglife_compliance c on c.org_path <@ o.path
        where o.id = ${orgId} and ${stateSql(TODAY)} = 'due'`,
    z.object({ due: z.number() }),
  );
  const total = zero();
  const byKind = new Map<string, Counts>();
  const trend = new Map<string, Counts>();
  const heat = new Map<number, Counts>();
  for (const r of rows) {
    for (const [m, k] of [
      [byKind, r.kind],
      [trend, r.month],
      [heat, r.child],
    ] as const) {
      const map = m as Map<string | number, Counts>;
      if (!map.has(k)) map.set(k, zero());
      (map.get(k) as Counts)[key(r.state)] += r.n;
    }
    total[key(r.state)] += r.n;
  }
  return { total, byKind, trend, heat, due };
}

/** 完成率 from plain counts: met over every started, non-exempt requirement (due ones included). */
const rateOf = (c: Counts) => (c.met + c.missed + c.due === 0 ? null : c.met / (c.met + c.missed + c.due));
const withRate = (c: Counts) => ({ ...countsOf(c), rate: rateOf(c) });

async function expectPageEqualsRows(orgId: number, user: string, from = '2026-01', to = '2026-12') {
  const page = await compliance(orgId, user, `?from=${from}&to=${to}`);
  const ref = await rowCount(orgId, from, to);
  expect(withRate(page.total)).toEqual(withRate(ref.total));
  expect(page.total.rate).toEqual(rateOf(ref.total));
  for (const k of page.byKind) expect(k.rate, k.meetingKind).toEqual(rateOf(countsOf(k)));
  for (const t of page.trend) expect(t.rate, t.month).toEqual(rateOf(countsOf(t)));
  for (const r of page.rows) {
    expect(r.total.rate).toEqual(rateOf(countsOf(r.total)));
    for (const c of r.cells) expect(c.rate, `${r.orgId} ${c.month}`).toEqual(rateOf(countsOf(c)));
  }
  expect(page.dueTotal).toBe(ref.due);
  expect(
    Object.fromEntries(
      page.byKind.map((k: Counts & { meetingKind: string }) => [k.meetingKind, countsOf(k)]),
    ),
  ).toEqual(Object.fromEntries(ref.byKind));
  for (const t of page.trend) expect(countsOf(t), t.month).toEqual(ref.trend.get(t.month) ?? zero());
  expect(
    Object.fromEntries(page.rows.map((r: { orgId: number; total: Counts }) => [r.orgId, countsOf(r.total)])),
  ).toEqual(Object.fromEntries(ref.heat));
  return page;
}

describe('compliance of a branch', () => {
  it('lists the items of the year with states, days left and Chinese reasons', async () => {
    const body = await compliance(env.fx.org.branchA1, 'secA1', '?from=2026-01&to=2026-12');
    expect(body.months).toHaveLength(12);
    const q4 = itemOf(body.items, 'general_meeting', '2026-Q4');
    expect(q4).toMatchObject({ state: 'due', daysLeft: 39, held: 0, required: 1 });
    expect(q4?.reason).toBe('2026年第四季度支部党员大会应1次，已0次，剩余39天');
    expect(itemOf(body.items, 'general_meeting', '2026-Q3')).toMatchObject({
      state: 'missed',
      reason: '2026年第三季度支部党员大会未按要求召开（应1次，已0次）',
    });
    expect(itemOf(body.items, 'theme_day', '2026-12')?.state).toBe('not_started');
    // A secretary alone is no committee: no 支委会 is asked of branch A1.
    expect(body.items.some((i: Item) => i.meetingKind === 'committee_meeting')).toBe(false);
    // One group meeting a month for its party group.
    const groupItems = body.items.filter((i: Item) => i.meetingKind === 'group_meeting');
    expect(groupItems).toHaveLength(12);
    expect(groupItems[0].subjectId).toBe(env.fx.org.groupA1);
    // Heart talks: every member on the register, once a year.
    expect(itemOf(body.items, 'heart_talk', '2026')).toMatchObject({ required: 3, held: 0, state: 'due' });
    expect(itemOf(body.items, 'heart_talk', '2026')?.reason).toContain('应谈3人，已谈0人');
  });

  it('turns the quarter to met once a general meeting is submitted, and not for a draft', async () => {
    await held(env.fx.org.branchA1, 'general_meeting', '2026-11-10', { status: 'draft' });
    let body = await compliance(env.fx.org.branchA1, 'secA1', '?from=2026-10&to=2026-12');
    expect(itemOf(body.items, 'general_meeting', '2026-Q4')?.state).toBe('due');
    await held(env.fx.org.branchA1, 'general_meeting', '2026-11-12');
    body = await compliance(env.fx.org.branchA1, 'secA1', '?from=2026-10&to=2026-12');
    expect(itemOf(body.items, 'general_meeting', '2026-Q4')).toMatchObject({ state: 'met', held: 1 });
  });

  it('does not rate a month 100% while its items are still due (issue #16)', async () => {
    // December: the fourth quarter's general meeting is met (above), the year's heart talks and the
    // quarter's lecture are still open. Met over (met + missed) read 100% here.
    const body = await compliance(env.fx.org.branchA1, 'secA1', '?from=2026-12&to=2026-12');
    const [dec] = body.trend;
    expect(dec).toMatchObject({ month: '2026-12', missed: 0 });
    expect(dec.met).toBeGreaterThan(0);
    expect(dec.due).toBeGreaterThan(0);
    expect(dec.rate).toBe(dec.met / (dec.met + dec.due));
    expect(body.total.rate).toBeLessThan(1);
    const [cell] = body.rows.find((r: { orgId: number }) => r.orgId === env.fx.org.branchA1).cells;
    expect(cell).toMatchObject({ met: dec.met, due: dec.due, rate: dec.rate });
  });

  it('does not judge periods before the tracking start month', async () => {
    const body = await compliance(env.fx.org.branchA1, 'secA1', '?from=2025-10&to=2025-12');
    expect(body.items).toEqual([]);
    expect(body.total.missed).toBe(0);
  });

  it('is 404 out of scope, 403 without the permission, and names a bad month', async () => {
    expect((await get(`/api/orgs/${env.fx.org.branchB1}/compliance`, 'secA1')).statusCode).toBe(404);
    expect((await get(`/api/orgs/${env.fx.org.branchA1}/compliance`, 'auditor')).statusCode).toBe(403);
    const bad = await get(`/api/orgs/${env.fx.org.branchA1}/compliance?from=2026-13`, 'secA1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).message).toContain('开始月份');
    const reversed = await get(
      `/api/orgs/${env.fx.org.branchA1}/compliance?from=2026-06&to=2026-01`,
      'secA1',
    );
    expect(json(reversed).details[0]).toMatchObject({ field: 'from' });
  });
});

describe('compliance of a subtree', () => {
  it('rolls up by child org, kind and month, with the missed and due lists', async () => {
    const body = await compliance(env.fx.org.city, 'admin', '?from=2026-01&to=2026-11');
    expect(body.rows.map((r: { orgId: number }) => r.orgId)).toEqual([
      env.fx.org.districtA,
      env.fx.org.districtB,
    ]);
    expect(body.rows.every((r: { hasChildren: boolean }) => r.hasChildren)).toBe(true);
    const a = body.rows[0];
    expect(a.cells).toHaveLength(11);
    // Every judged row is counted once: the rows add up to the total.
    const sum = (k: 'met' | 'missed' | 'due') =>
      body.rows.reduce((n: number, r: { total: Record<string, number> }) => n + r.total[k], 0);
    expect(sum('missed')).toBe(body.total.missed);
    expect(sum('met')).toBe(body.total.met);
    expect(body.missedTotal).toBe(body.total.missed);
    expect(body.missed.length).toBe(Math.min(200, body.missedTotal));
    // Newest first; every missed item carries its reason.
    expect(body.missed[0].periodEnd >= body.missed.at(-1).periodEnd).toBe(true);
    expect(body.missed.every((i: Item) => i.state === 'missed' && i.reason)).toBe(true);
    expect(
      body.byKind.find((k: { meetingKind: string }) => k.meetingKind === 'general_meeting'),
    ).toBeTruthy();
    expect(body.trend).toHaveLength(11);
    expect(body.items).toEqual([]);
    // Due items are those open today, even when their period ends after the range (Q4 in December).
    expect(body.due.some((i: Item) => i.meetingKind === 'general_meeting' && i.periodKey === '2026-Q4')).toBe(
      true,
    );
    expect(body.due.every((i: Item) => i.state === 'due' && i.daysLeft !== null)).toBe(true);
    // The district drills down to its branches.
    const district = await compliance(env.fx.org.districtA, 'districtA', '?from=2026-01&to=2026-11');
    expect(
      district.rows.map((r: { orgId: number; hasChildren: boolean }) => [r.orgId, r.hasChildren]),
    ).toEqual([
      [env.fx.org.branchA1, false],
      [env.fx.org.branchA2, false],
    ]);
  });

  it('reads its figures from the rollups, equal to a count of the rows at every level', async () => {
    const orgs = await queryRows(
      env.db,
      sql`select id from orgs order by path`,
      z.object({ id: z.number() }),
    );
    for (const o of orgs) await expectPageEqualsRows(o.id, 'admin');
    // Another range, and a month whose requirements are partly not started.
    await expectPageEqualsRows(env.fx.org.city, 'admin', '2026-10', '2027-03');
  });
});

describe('exemptions by the higher org', () => {
  const url = () => `/api/orgs/${env.fx.org.branchA2}/exemptions`;
  const body = {
    ruleId: 'orglife.generalMeetingPeriod',
    periodKey: '2026-Q3',
    reason: '支部改组，暂停活动一个季度',
  };

  it('are refused to the branch itself and to a wrong period', async () => {
    const own = await post(`/api/orgs/${env.fx.org.branchA1}/exemptions`, body, 'secA1');
    expect(own.statusCode).toBe(403);
    expect(json(own).message).toBe('只有上级党组织可以批准或撤销免于考核');
    const wrongUnit = await post(url(), { ...body, periodKey: '2026-08' }, 'districtA');
    expect(wrongUnit.statusCode).toBe(400);
    expect(json(wrongUnit).details[0]).toMatchObject({ field: 'periodKey' });
    expect(json(wrongUnit).message).toContain('按季度');
    expect((await post(url(), { ...body, reason: '短' }, 'districtA')).statusCode).toBe(400);
    expect((await post(`/api/orgs/${env.fx.org.branchB1}/exemptions`, body, 'districtA')).statusCode).toBe(
      404,
    );
  });

  it('make the period exempt with the reason, audited, until withdrawn', async () => {
    const res = await post(url(), body, 'districtA');
    expect(res.statusCode, res.body).toBe(201);
    const exemption = json(res);
    let c = await compliance(env.fx.org.branchA2, 'districtA', '?from=2026-07&to=2026-09');
    expect(itemOf(c.items, 'general_meeting', '2026-Q3')).toMatchObject({
      state: 'exempt',
      reason: '上级党组织批准2026年第三季度免于考核：支部改组，暂停活动一个季度',
      exemptionId: exemption.id,
    });
    const again = await post(url(), body, 'districtA');
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('ORGLIFE_EXEMPTION_EXISTS');
    const audit = await env.db.select().from(auditLog).where(sql`action = 'orglife.exemption.grant'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe(body.reason);

    const del = await send('DELETE', `${url()}/${exemption.id}`, undefined, 'districtA');
    expect(del.statusCode).toBe(200);
    c = await compliance(env.fx.org.branchA2, 'districtA', '?from=2026-07&to=2026-09');
    expect(itemOf(c.items, 'general_meeting', '2026-Q3')?.state).toBe('missed');
  });

  it('follows the founding date: an org founded mid-period is exempt for it', async () => {
    const res = await send('PATCH', `/api/orgs/${env.fx.org.branchB1}`, { foundedOn: '2026-08-15' }, 'admin');
    expect(res.statusCode, res.body).toBe(200);
    const c = await compliance(env.fx.org.branchB1, 'admin', '?from=2026-01&to=2026-12');
    expect(itemOf(c.items, 'general_meeting', '2026-Q2')).toBeUndefined();
    expect(itemOf(c.items, 'general_meeting', '2026-Q3')).toMatchObject({
      state: 'exempt',
      reason: '2026-08-15成立，2026年第三季度免于考核',
    });
    expect(itemOf(c.items, 'theme_day', '2026-09')?.state).toBe('missed');
  });
});

describe('rule versions', () => {
  it('judge past periods by the rule in force then when a change has an effective date', async () => {
    const res = await send(
      'PUT',
      '/api/rules/orglife.generalMeetingPeriod',
      { value: 1, reason: '上级要求自十月起每月召开党员大会', effectiveFrom: '2026-10-01' },
      'sysadmin',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).history).toEqual([
      { from: '0001-01-01', value: 3 },
      { from: '2026-10-01', value: 1 },
    ]);
    const c = await compliance(env.fx.org.branchA2, 'districtA', '?from=2026-01&to=2026-12');
    const keys = c.items
      .filter((i: Item) => i.meetingKind === 'general_meeting')
      .map((i: Item) => i.periodKey);
    expect(keys).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-10', '2026-11', '2026-12']);

    // Without a date, a correction applies to every period.
    await send(
      'PUT',
      '/api/rules/orglife.generalMeetingPeriod',
      { value: 6, reason: '更正为每半年' },
      'sysadmin',
    );
    const all = await compliance(env.fx.org.branchA2, 'districtA', '?from=2026-01&to=2026-12');
    expect(
      all.items.filter((i: Item) => i.meetingKind === 'general_meeting').map((i: Item) => i.periodKey),
    ).toEqual(['2026-H1', '2026-H2']);
    await send('DELETE', '/api/rules/orglife.generalMeetingPeriod', { reason: '恢复默认值' }, 'sysadmin');
    const back = await compliance(env.fx.org.branchA2, 'districtA', '?from=2026-01&to=2026-03');
    expect(itemOf(back.items, 'general_meeting', '2026-Q1')).toBeTruthy();
  });
});

describe('reminders', () => {
  it('notify the secretary of items due within 14 days and the higher org of misses, once', async () => {
    const first = await runDailyJob(env.db, '2026-12-20');
    expect(first.notified).toBeGreaterThan(0);
    const again = await runDailyJob(env.db, '2026-12-20');
    expect(again.notified).toBe(0);

    const mine = json(await get('/api/notifications', 'secA1'));
    expect(mine.total).toBeGreaterThan(0);
    const due = mine.data.find((n: { kind: string }) => n.kind === 'orglife.due');
    expect(due.title).toContain('中共甲区幸福社区支部委员会');
    expect(due.body).toContain('剩余12天');
    expect(due.link).toBe(`/orgs/${env.fx.org.branchA1}/orglife`);
    // Missed November items go to the district, not to the branch.
    expect(mine.data.some((n: { kind: string }) => n.kind === 'orglife.missed')).toBe(false);
    const district = json(await get('/api/notifications?unread=true', 'districtA'));
    const missed = district.data.filter((n: { kind: string }) => n.kind === 'orglife.missed');
    expect(missed.map((n: { orgId: number }) => n.orgId).sort()).toEqual(
      [env.fx.org.branchA1, env.fx.org.branchA2].sort(),
    );
    expect(missed[0].body).toContain('未按要求');

    // Read state is per user; someone else's notification is 404.
    expect((await post(`/api/notifications/${due.id}/read`, {}, 'districtA')).statusCode).toBe(404);
    const read = await post(`/api/notifications/${due.id}/read`, {}, 'secA1');
    expect(json(read).readAt).toBeTruthy();
    const after = json(await get('/api/notifications', 'secA1'));
    expect(after.unread).toBe(mine.unread - 1);
    const all = await post('/api/notifications/read-all', {}, 'districtA');
    expect(json(all).updated).toBe(district.unread);
    expect(json(await get('/api/notifications?unread=true', 'districtA')).total).toBe(0);
    expect((await get('/api/notifications')).statusCode).toBe(401);
  });
});

describe('the subtree page after meetings, exemptions and rule changes', () => {
  it('still equals a count of the rows (the rollups follow every write)', async () => {
    for (const id of [env.fx.org.city, env.fx.org.districtA, env.fx.org.branchA1, env.fx.org.branchA2])
      await expectPageEqualsRows(id, 'admin');
  });

  it('is the same page whichever plan reads it (the scan of a small subtree, the rollups of a large one)', async () => {
    // Issue #21: a branch's page is read by one scan and counted in the server, a committee's from
    // the rollups; both plans must give every figure, list and heat row alike, at every level.
    const ctx = { actor: { scope: () => Scope.of(['1'], null) }, today: TODAY } as unknown as RequestContext;
    // Ties in the lists' order (same closing day, org and rule) may come in either order.
    const key = (i: { orgId: number; ruleId: string; periodKey: string; subjectId: number | null }) =>
      `${i.orgId} ${i.ruleId} ${i.periodKey} ${i.subjectId}`;
    const norm = (page: Awaited<ReturnType<typeof complianceOf>>) => ({
      ...page,
      missed: [...page.missed].sort((a, b) => key(a).localeCompare(key(b))),
      due: [...page.due].sort((a, b) => key(a).localeCompare(key(b))),
    });
    const orgIds = Object.values(env.fx.org);
    let compared = 0;
    for (const orgId of orgIds) {
      for (const [from, to] of [
        ['2026-01', '2026-12'],
        ['2025-06', '2026-03'],
        ['2026-11', '2027-02'],
        ['2026-11', '2026-11'],
      ]) {
        // The heat map's server-side order and filter too: the rows of every child ranked, then paged.
        for (const heat of [
          {},
          { rowsSort: 'worst' as const },
          { rowsSort: 'best' as const, rowsQ: '支部' },
        ]) {
          const scan = await complianceOf(env.db, ctx, orgId, { from, to, ...heat }, 'scan');
          const rollups = await complianceOf(env.db, ctx, orgId, { from, to, ...heat }, 'rollups');
          expect(norm(scan), `org ${orgId} ${from}–${to} ${JSON.stringify(heat)}`).toEqual(norm(rollups));
          // The rollups with the lists read from the subtree's rows (a county's) give them alike.
          const bySubtree = await complianceOf(
            env.db,
            ctx,
            orgId,
            { from, to, ...heat },
            'rollups-by-subtree',
          );
          expect(norm(bySubtree), `org ${orgId} by subtree`).toEqual(norm(rollups));
          compared += scan.missed.length + scan.due.length + scan.rows.length;
        }
      }
    }
    // The fixture gives the comparison something to compare.
    expect(compared).toBeGreaterThan(20);
  });

  it('pages the heat map through the children, the figures unchanged', async () => {
    const all = await compliance(env.fx.org.city, 'admin', '?from=2026-01&to=2026-12');
    expect([all.rowsTotal, all.rowsPage, all.rowsPageSize]).toEqual([2, 1, 50]);
    const later = await compliance(env.fx.org.city, 'admin', '?from=2026-01&to=2026-12&rowsPage=2');
    expect([later.rows, later.rowsTotal, later.rowsPage]).toEqual([[], 2, 2]);
    // Only the heat map pages: the totals, kinds, trend and lists are the subtree's on every page.
    const { rows: _a, rowsPage: _p, ...rest } = all;
    const { rows: _b, rowsPage: _q, ...restLater } = later;
    expect(restLater).toEqual(rest);
    const bad = await get(`/api/orgs/${env.fx.org.city}/compliance?rowsPage=0`, 'admin');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('热力图页码');
  });

  it('filters and ranks the heat map across all the children before paging (issue #21)', async () => {
    const range = '?from=2026-01&to=2026-12';
    const tree = await compliance(env.fx.org.city, 'admin', range);
    expect(tree.rows.length).toBeGreaterThan(1);
    // Ranked worst first: by rate, nothing started last, then the most missed.
    const worst = await compliance(env.fx.org.city, 'admin', `${range}&rowsSort=worst`);
    const rate = (r: { total: { rate: number | null } }) => r.total.rate ?? 2;
    expect(worst.rows.map(rate)).toEqual([...worst.rows.map(rate)].sort((a, b) => a - b));
    expect(new Set(worst.rows.map((r: { orgId: number }) => r.orgId))).toEqual(
      new Set(tree.rows.map((r: { orgId: number }) => r.orgId)),
    );
    expect(worst.rowsTotal).toBe(worst.rows.length);
    const best = await compliance(env.fx.org.city, 'admin', `${range}&rowsSort=best`);
    expect(best.rows.map((r: { orgId: number }) => r.orgId)).toEqual(
      [...best.rows].sort((a, b) => (b.total.rate ?? -1) - (a.total.rate ?? -1)).map((r) => r.orgId),
    );
    // The filter: the rows whose name holds the text, counted before paging; the figures unchanged.
    const name = tree.rows[tree.rows.length - 1].name as string;
    const found = await compliance(env.fx.org.city, 'admin', `${range}&rowsQ=${encodeURIComponent(name)}`);
    expect(found.rows.every((r: { name: string }) => r.name.includes(name))).toBe(true);
    expect(found.rows.map((r: { orgId: number }) => r.orgId)).toContain(
      tree.rows[tree.rows.length - 1].orgId,
    );
    expect(found.rowsTotal).toBeLessThanOrEqual(tree.rowsTotal);
    expect(found.total).toEqual(tree.total);
    const none = await compliance(
      env.fx.org.city,
      'admin',
      `${range}&rowsQ=${encodeURIComponent('不存在的组织')}`,
    );
    expect([none.rows, none.rowsTotal]).toEqual([[], 0]);
    const bad = await get(`/api/orgs/${env.fx.org.city}/compliance?rowsSort=random`, 'admin');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('热力图排序');
  });
});

describe("the compliance page's SQL", () => {
  it('is written to test/api/__sql__ (a change to a query shows in review)', async () => {
    const dialect = new PgDialect();
    const render = (q: Parameters<PgDialect['sqlToQuery']>[0]) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      // One statement per file, its parameters after it, so a reviewer reads what runs.
      return `${text.replace(/\n\s+/g, '\n  ').trim()};\n-- params: ${JSON.stringify(params)}\n`;
    };
    const branch = complianceQueries({ id: 4, path: '1.2.4', kind: 'branch' }, TODAY, '2026-01', '2026-11');
    const committee = complianceQueries(
      { id: 2, path: '1.2', kind: 'committee' },
      TODAY,
      '2026-01',
      '2026-11',
    );
    expect(committee.items).toBeNull();
    await expect(render(branch.agg)).toMatchFileSnapshot('./__sql__/compliance-rollups.sql');
    await expect(render(branch.missed)).toMatchFileSnapshot('./__sql__/compliance-missed.sql');
    await expect(render(branch.due)).toMatchFileSnapshot('./__sql__/compliance-due.sql');
    await expect(render(branch.dueTotal)).toMatchFileSnapshot('./__sql__/compliance-due-total.sql');
    await expect(render(branch.items as NonNullable<typeof branch.items>)).toMatchFileSnapshot(
      './__sql__/compliance-items.sql',
    );
    await expect(
      render(complianceScanSql({ id: 4, path: '1.2.4' }, TODAY, '2026-01', '2026-11')),
    ).toMatchFileSnapshot('./__sql__/compliance-branch-scan.sql');
  });
});
