/**
 * Kept figures of a closed year (decision 0051): the daily job keeps last year; its report is read
 * from them (no replay); a back-dated correction through the API marks them stale in its own
 * transaction (the report computes live and says so, with the correction listed as pending); the
 * next daily job recomputes them and the report lists the correction that changed it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { queryRows } from '../../src/server/db/client.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import type { AnnualReportDto } from '../../src/shared/contracts/stats.js';
import { json, requests, setupEnv, type TestEnv, TODAY, writeRegisterHistory } from './harness.js';

let env: TestEnv;
const { get, send } = requests(() => env);

const report = async (orgId: number, query: string) => {
  const res = await get(`/api/orgs/${orgId}/report?${query}`, 'admin');
  expect(res.statusCode, res.body).toBe(200);
  return json<AnnualReportDto>(res);
};
const figure = (r: AnnualReportDto, key: string) =>
  r.tables.flatMap((t) => t.rows).find((x) => x.key === key)?.values[0];

beforeAll(async () => {
  env = await setupEnv();
  // The register history the seed writes: registered on joining, confirmed a year on.
  await writeRegisterHistory(env.db);
});
afterAll(async () => {
  await env?.app.close();
});

describe('kept figures of a closed year', () => {
  let before: AnnualReportDto;

  it('the daily job keeps last year; its report is read from them, equal to the live figures', async () => {
    const live = await report(env.fx.org.city, 'year=2025');
    expect(live.figures).toMatchObject({ source: 'live', keptAt: null, recomputing: false });

    const run = await runDailyJob(env.db, TODAY);
    expect(run.statsYearKept).toBe(true);
    const [kept] = await queryRows(
      env.db,
      sql`select count(*)::int as n from stats_figures where year = 2025`,
      z.object({ n: z.number() }),
    );
    expect(kept!.n).toBe(7); // every org of the fixture's tree on 2025-12-31

    before = await report(env.fx.org.city, 'year=2025');
    expect(before.figures.source).toBe('kept');
    expect(before.figures.recomputing).toBe(false);
    expect(before.corrections).toEqual([]);
    expect(before.tables).toEqual(live.tables);
    expect(before.reconciliation).toEqual(live.reconciliation);
    // The current year and an as-of date are always computed.
    expect((await report(env.fx.org.city, 'year=2026')).figures.source).toBe('live');
    expect((await report(env.fx.org.city, 'asOf=2025-06-30')).figures.source).toBe('live');
    // A second run keeps nothing again (idempotent).
    expect((await runDailyJob(env.db, TODAY)).statsYearKept).toBe(false);
  });

  it('a back-dated correction marks them stale at once; the report computes live and lists it', async () => {
    const closingBefore = figure(before, 'members.total')!;
    // Recorded today: the B1 member withdrew (退党) on 2025-08-15, a status change dated inside the kept year.
    const res = await send(
      'PATCH',
      `/api/members/${env.fx.member.b1}`,
      { status: 'left', leaveReason: 'withdrew', leftOn: '2025-08-15' },
      'admin',
    );
    expect(res.statusCode, res.body).toBe(200);

    const stale = await report(env.fx.org.city, 'year=2025');
    expect(stale.figures).toMatchObject({ source: 'live', recomputing: true });
    expect(figure(stale, 'members.total')).toBe(closingBefore - 1);
    expect(figure(stale, 'flows.decrease.withdrew')).toBe(1);
    expect(stale.corrections).toEqual([
      expect.objectContaining({
        what: '党员状态变更',
        occurredOn: '2025-08-15',
        recordedBy: '市委组织部',
        pending: true,
      }),
    ]);
    // 甲区委's subtree never held that member: its kept figures stay in use.
    const districtA = await report(env.fx.org.districtA, 'year=2025');
    expect(districtA.figures).toMatchObject({ source: 'kept', recomputing: false });
    expect(districtA.corrections).toEqual([]);
    // The current year is unaffected by the listing (only kept years have corrections).
    expect((await report(env.fx.org.city, 'year=2026')).corrections).toEqual([]);
  });

  it('the next daily job recomputes them; the report is kept again and lists the correction', async () => {
    const run = await runDailyJob(env.db, TODAY);
    expect(run.statsRecomputed).toBeGreaterThan(0);
    const after = await report(env.fx.org.city, 'year=2025');
    expect(after.figures).toMatchObject({ source: 'kept', recomputing: false });
    expect(figure(after, 'members.total')).toBe(figure(before, 'members.total')! - 1);
    expect(after.corrections).toEqual([
      expect.objectContaining({ what: '党员状态变更', occurredOn: '2025-08-15', pending: false }),
    ]);
    const branch = await report(env.fx.org.branchB1, 'year=2025');
    expect(branch.figures.source).toBe('kept');
    expect(branch.corrections).toHaveLength(1);
  });

  it('a correction dated in the current year changes no kept year', async () => {
    const res = await send('PATCH', `/api/members/${env.fx.member.a2}`, { status: 'mobile' }, 'admin');
    expect(res.statusCode, res.body).toBe(200);
    const r = await report(env.fx.org.city, 'year=2025');
    expect(r.figures).toMatchObject({ source: 'kept', recomputing: false });
    expect(r.corrections).toHaveLength(1);
  });
  it('a back-dated org move reaches both districts: stale, then recomputed and listed', async () => {
    const beforeA = await report(env.fx.org.districtA, 'year=2025');
    expect(beforeA.figures.source).toBe('kept');
    const res = await send(
      'POST',
      `/api/orgs/${env.fx.org.branchB1}/move`,
      { parentId: env.fx.org.districtA, effectiveOn: '2025-06-01', reason: '区划调整补录' },
      'admin',
    );
    expect(res.statusCode, res.body).toBe(200);
    for (const org of [env.fx.org.districtA, env.fx.org.districtB, env.fx.org.city]) {
      const r = await report(org, 'year=2025');
      expect(r.figures, `org ${org}`).toMatchObject({ source: 'live', recomputing: true });
      expect(r.corrections).toContainEqual(
        expect.objectContaining({ what: '党组织隶属关系调整', occurredOn: '2025-06-01', pending: true }),
      );
    }
    const stale = await report(env.fx.org.districtA, 'year=2025');
    expect(figure(stale, 'orgs.kind.branch')).toBe(figure(beforeA, 'orgs.kind.branch')! + 1);

    await runDailyJob(env.db, TODAY);
    const after = await report(env.fx.org.districtA, 'year=2025');
    expect(after.figures).toMatchObject({ source: 'kept', recomputing: false });
    expect(after.tables).toEqual(stale.tables);
    expect(after.corrections).toContainEqual(
      expect.objectContaining({ what: '党组织隶属关系调整', pending: false }),
    );
  });

  it('a development case opened late with a step dated inside the kept year corrects its pipeline', async () => {
    const beforeA = await report(env.fx.org.districtA, 'year=2025');
    expect(beforeA.figures.source).toBe('kept');
    const first17 = `620102${'19980412'}002`;
    const res = await send(
      'POST',
      '/api/development/cases',
      {
        orgId: env.fx.org.branchA1,
        name: '补录申请人',
        gender: 'female',
        idNumber: first17 + idNumberCheckDigit(first17),
        ethnicity: '01',
        education: 'bachelor',
        appliedOn: '2025-10-01',
      },
      'admin',
    );
    expect(res.statusCode, res.body).toBe(201);
    // Found by the daily sweep (or at once by the listener), recomputed and listed.
    await runDailyJob(env.db, TODAY);
    const after = await report(env.fx.org.districtA, 'year=2025');
    expect(after.figures).toMatchObject({ source: 'kept', recomputing: false });
    expect(figure(after, 'development.pipeline.applicants')).toBe(
      figure(beforeA, 'development.pipeline.applicants')! + 1,
    );
    expect(after.corrections).toContainEqual(
      expect.objectContaining({ what: '发展党员工作记录更正', occurredOn: '2025-10-01', pending: false }),
    );
    // A second sweep finds it no more (it is recorded once per report it changed).
    await runDailyJob(env.db, TODAY);
    expect((await report(env.fx.org.districtA, 'year=2025')).corrections).toHaveLength(
      after.corrections.length,
    );
  });
});
