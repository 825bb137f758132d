/**
 * The unit of work (src/server/lib/unit-of-work.ts): a write marks what it touched and every module
 * listening to those topics brings its derived data up to date once, before commit, in the same
 * transaction.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import { meetings } from '../../src/server/db/schema/index.js';
import { inUnitOfWork, type Listener, setListeners, workIn } from '../../src/server/lib/unit-of-work.js';
import { refreshAllCompliance } from '../../src/server/modules/orglife/refresh.js';
import { MODULES } from '../../src/server/modules/registry.js';
import { setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;

/** The listeners the registry installs (restored after a test installs its own). */
const registryListeners = (): Listener[] =>
  MODULES.flatMap((m) => (m.listens ?? []).map((l) => ({ ...l, module: m.name })));

beforeAll(async () => {
  env = await setupEnv();
  await refreshAllCompliance(env.db, TODAY);
});
afterAll(async () => {
  setListeners(registryListeners());
  await env.app.close();
});

/** What the compliance table says was held of `kind` in the period containing 2026-11-20. */
async function heldIn(db: DbOrTx, orgId: number, kind: string) {
  const [{ held }] = await queryRows(
    db,
    sql`select coalesce(sum(held), 0)::int as held from orglife_compliance
        where org_id = ${orgId} and meeting_kind = ${kind}
          and period_start <= '2026-11-20' and period_end >= '2026-11-20'`,
    z.object({ held: z.number() }),
  );
  return held;
}

/** A submitted meeting of the branch, as the meetings module writes one. */
async function insertMeeting(db: DbOrTx, kind: string) {
  const orgId = env.fx.org.branchA1;
  const [org] = await queryRows(
    db,
    sql`select path::text as path from orgs where id = ${orgId}`,
    z.object({ path: z.string() }),
  );
  await db.insert(meetings).values({
    orgId,
    orgPath: org.path,
    kind,
    title: '测试会议',
    heldOn: '2026-11-20',
    startsAt: new Date('2026-11-20T09:00:00+08:00'),
    status: 'submitted',
  });
}

describe('the unit of work', () => {
  it('flushes each listener once per commit, with the union of the ids touched under its topics', async () => {
    const calls: Array<[string, number[]]> = [];
    setListeners([
      {
        module: 'a',
        topics: ['orgs', 'orglife'],
        flush: async (_tx, ids) => void calls.push(['a', [...ids].sort()]),
      },
      { module: 'b', topics: ['members'], flush: async (_tx, ids) => void calls.push(['b', ids]) },
    ]);
    try {
      const result = await inUnitOfWork(env.db, TODAY, async (tx) => {
        expect(tx.today).toBe(TODAY);
        tx.touch('orglife', [1, 2]);
        tx.touch('orgs', [2, 3, null, undefined]);
        tx.touch('orglife', [1]);
        tx.touch('members', []);
        // Nothing runs before the work is done.
        expect(calls).toEqual([]);
        return 'done';
      });
      expect(result).toBe('done');
      // Once, with 1, 2 and 3; `b` heard of no org and is not called.
      expect(calls).toEqual([['a', [1, 2, 3]]]);
    } finally {
      setListeners(registryListeners());
    }
  });

  it('brings compliance up to date inside the transaction that touched it', async () => {
    const branch = env.fx.org.branchA1;
    const before = await heldIn(env.db, branch, 'general_meeting');
    await inUnitOfWork(env.db, TODAY, async (tx) => {
      await insertMeeting(tx, 'general_meeting');
      tx.touch('orglife', [branch]);
    });
    expect(await heldIn(env.db, branch, 'general_meeting')).toBe(before + 1);
  });

  it('leaves compliance unchanged when the transaction rolls back', async () => {
    const branch = env.fx.org.branchA1;
    const before = await heldIn(env.db, branch, 'theme_day');
    // Flushed, then rolled back: the derived rows go with the write.
    await expect(
      env.db.transaction(async (raw) => {
        const { tx, flush } = workIn(raw, TODAY);
        await insertMeeting(tx, 'theme_day');
        tx.touch('orglife', [branch]);
        await flush();
        expect(await heldIn(tx, branch, 'theme_day')).toBe(before + 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await heldIn(env.db, branch, 'theme_day')).toBe(before);
    // A unit of work that fails before its end flushes nothing and writes nothing.
    await expect(
      inUnitOfWork(env.db, TODAY, async (tx) => {
        await insertMeeting(tx, 'theme_day');
        tx.touch('orglife', [branch]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await heldIn(env.db, branch, 'theme_day')).toBe(before);
  });

  it('refuses a touch when the module registry is not loaded (nothing may be dropped silently)', async () => {
    // A second instance of the module, as a script that never imported the registry would have.
    const path = '../../src/server/lib/unit-of-work.js?without-registry';
    const bare = (await import(
      /* @vite-ignore */ path
    )) as typeof import('../../src/server/lib/unit-of-work.js');
    expect(bare.inUnitOfWork).not.toBe(inUnitOfWork);
    await expect(
      bare.inUnitOfWork(env.db, TODAY, async (tx) => {
        await insertMeeting(tx, 'party_lecture');
        tx.touch('orglife', [env.fx.org.branchA1]);
      }),
    ).rejects.toThrow(/registry is not loaded/);
    // The write went back with it; work that touches nothing needs no listener.
    expect(await heldIn(env.db, env.fx.org.branchA1, 'party_lecture')).toBe(0);
    await expect(bare.inUnitOfWork(env.db, TODAY, async () => 1)).resolves.toBe(1);
  });
});
