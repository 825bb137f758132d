import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client.js';
import { readiness } from '../../src/server/modules/health/service.js';
import { json, setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

/** Runs `fn` in a transaction that is always rolled back. */
async function rolledBack(db: Db, fn: (tx: Db) => Promise<void>) {
  await db
    .transaction(async (tx) => {
      await fn(tx as unknown as Db);
      tx.rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Error && /rollback/i.test(e.message))) throw e;
    });
}

describe('health module', () => {
  it('is live and, with every migration applied, ready: for anyone, without a session', async () => {
    const live = await env.app.inject({ url: '/api/health' });
    expect(live.statusCode).toBe(200);
    expect(json(live)).toEqual({ status: 'ok' });
    const ready = await env.app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    const body = json(ready);
    expect(body.status).toBe('ready');
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThanOrEqual(16);
  });

  it('is not ready (503 HEALTH_NOT_READY, naming the count) while a migration of this build is missing', async () => {
    await rolledBack(env.db, async (tx) => {
      await tx.execute(
        sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
      );
      await expect(readiness(tx)).rejects.toMatchObject({
        code: 'HEALTH_NOT_READY',
        status: 503,
        message: expect.stringMatching(/迁移未完成（\d+\/\d+）/),
      });
    });
    expect((await env.app.inject({ url: '/api/health/ready' })).statusCode).toBe(200);
  });
});
