import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../src/server/modules/orglife/job.js';
import { json, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
const { post } = requests(() => env);

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
          { memberId: a1, month, amountFen: 4000, paidOn: TODAY, method: 'cash' },
          'secA1',
        ),
      );
    }
    const first = await runDailyJob(env.db, TODAY);
    expect(first.duesNotified).toBeGreaterThanOrEqual(3);
    const own = await notes('memberA1');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ kind: 'dues.warning', link: '/me/dues' });
    expect(own[0].title).toContain('连续6个月未交纳党费（2026-05至2026-10）');
    expect(own[0].title).toContain('240.00元');
    const branch = await notes('secA1');
    expect(branch.map((n) => n.kind).sort()).toEqual(['dues.lapse', 'dues.warning.branch']);
    expect(branch.find((n) => n.kind === 'dues.lapse')?.title).toContain('党章第九条');
    // Nobody outside the member's branch hears of her.
    expect(await notes('auditorB')).toHaveLength(0);

    const again = await runDailyJob(env.db, TODAY);
    expect(again.duesNotified).toBe(0);
  });

  it('stops telling the branch of the lapse once it has recorded a decision on the streak', async () => {
    const a1 = env.fx.member.plainA1;
    await ok(
      await post(
        '/api/dues/lapse-decisions',
        {
          memberId: a1,
          decision: 'deadline_set',
          decidedOn: TODAY,
          deadlineOn: '2026-12-31',
          note: '支部委员会谈话，限期补交',
        },
        'secA1',
      ),
    );
    await env.db.execute(sql`delete from notifications where kind like 'dues.%'`);
    await runDailyJob(env.db, '2026-11-24');
    expect((await notes('secA1')).map((n) => n.kind)).toEqual(['dues.warning.branch']);
    expect((await notes('memberA1')).map((n) => n.kind)).toEqual(['dues.warning']);
  });
});
