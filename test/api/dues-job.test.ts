import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { get, post } = requests(() => env);

beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

async function notes(username: string) {
  const r = (await env.db.execute(
    sql`select n.kind, n.title, n.link from notifications n join users u on u.id = n.user_id
        where u.username = ${username} and n.kind like 'dues.%' order by n.id`,
  )) as unknown as { rows: { kind: string; title: string; link: string }[] };
  return r.rows;
}

async function ok(res: { statusCode: number; body: string }, status = 201) {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return json(res as never);
}

/**
 * The daily job's dues reminders (today 2026-11-23): 李秀英 (plainA1, user memberA1) paid up to
 * April, so May–October are six unpaid months: she is warned in her own message box and her
 * branch's secretary is told of the warning and of the lapse flag; nothing is sent twice.
 */
describe('dues reminders in the daily job', () => {
  it('warns the member and flags the lapse to the branch, once', async () => {
    const a1 = env.fx.member.plainA1;
    await ok(
      await post(
        `/api/members/${a1}/dues-profiles`,
        { category: 'employed', effectiveMonth: '2026-01', baseFen: 400000 },
        'secA1',
      ),
    );
    for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) {
      await ok(
        await post(
          '/api/dues/payments',
          { memberId: a1, month, amountFen: 4000, paidOn: `${month}-15`, method: 'cash' },
          'secA1',
        ),
      );
    }
    const first = await runDailyJob(env.db, TODAY);
    expect(first.duesNotified).toBeGreaterThanOrEqual(3);
    const own = await notes('memberA1');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ kind: 'dues.warning', link: '/me/dues' });
    expect(own[0].title).toContain('连续6个月未交纳党费（2026年5—10月）');
    expect(own[0].title).toContain('240.00元');
    const branch = await notes('secA1');
    expect(branch.map((n) => n.kind).sort()).toEqual(['dues.lapse', 'dues.warning.branch']);
    expect(branch.find((n) => n.kind === 'dues.lapse')?.title).toContain('党章第九条');
    // Nobody outside the member's branch hears of her.
    expect(await notes('auditorB')).toHaveLength(0);

    const again = await runDailyJob(env.db, TODAY);
    expect(again.duesNotified).toBe(0);
  });

  it('tells the branch of a lapse run once; the run stays on the decision list after it is paid, until decided', async () => {
    const a1 = env.fx.member.plainA1;
    // She pays October (late, today): her streak ends, the run of May–October stays a fact.
    await ok(
      await post(
        '/api/dues/payments',
        { memberId: a1, month: '2026-10', amountFen: 4000, paidOn: TODAY, method: 'cash' },
        'secA1',
      ),
    );
    await env.db.execute(sql`delete from notifications where kind like 'dues.%'`);
    await runDailyJob(env.db, '2026-11-24');
    // Nothing new: the lapse was told once (kept on the run), the warning run no longer goes on.
    expect(await notes('secA1')).toEqual([]);
    const list = json(await get(`/api/dues/arrears?orgId=${env.fx.org.branchA1}&level=lapse`, 'secA1'));
    const row = list.data.find((r: { memberId: number }) => r.memberId === a1);
    expect(row.openRun).toMatchObject({
      level: 'lapse',
      firstMonth: '2026-05',
      lastMonth: '2026-10',
      status: 'open',
      ongoing: false,
    });
    expect(row.openRun.branchNotifiedAt).not.toBeNull();
    // Her warning history: the warning run, with when she was told.
    const warning = row.runs.find((r: { level: string }) => r.level === 'warning');
    expect(warning).toMatchObject({ firstMonth: '2026-05', lastMonth: '2026-10' });
    expect(warning.memberNotifiedAt).not.toBeNull();

    await ok(
      await post(
        '/api/dues/lapse-decisions',
        {
          runId: row.openRun.id,
          decision: 'deadline_set',
          decidedOn: TODAY,
          deadlineOn: '2026-12-31',
          note: '支部委员会谈话，限期补交',
        },
        'secA1',
      ),
    );
    const after = json(await get(`/api/dues/arrears?orgId=${env.fx.org.branchA1}&level=lapse`, 'secA1'));
    expect(after.data.some((r: { memberId: number }) => r.memberId === a1)).toBe(false);
    await runDailyJob(env.db, '2026-11-25');
    expect(await notes('secA1')).toEqual([]);
  });
});
