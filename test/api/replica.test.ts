/**
 * Reads on a streaming replica (issue #21, decision 0050), on a real hot standby: runs only with
 * DATABASE_URL (the primary) and DATABASE_READ_URL (its standby), as `.ci/run`'s api-replica step
 * does:
 *
 *   bash scripts/replica/setup.sh
 *   psql -h 127.0.0.1 -U postgres -c 'create database jc_replica_test'   # replicates by itself
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_replica_test \
 *   DATABASE_READ_URL=postgres://postgres@127.0.0.1:5433/jc_replica_test \
 *     npx vitest run --project api test/api/replica.test.ts
 *   bash scripts/replica/setup.sh teardown
 *
 * Which database served a read is proved, not assumed: the replica's replay is paused
 * (`pg_wal_replay_pause()`), so a read served by it shows the figure from before a write.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { type Database, queryRows, withReplica } from '../../src/server/db/client.js';
import { type ReadReplica, waitForReplay } from '../../src/server/db/replica.js';
import { WRITE_POSITION_COOKIE } from '../../src/server/db/replica-requests.js';
import {
  apiLogStream,
  type Fixture,
  json,
  NOW,
  PASSWORD,
  resetDatabase,
  seedFixture,
  testDatabase,
} from './harness.js';

const PRIMARY_URL = process.env.DATABASE_URL;
const READ_URL = process.env.DATABASE_READ_URL;

/**
 * The standby made by scripts/replica/setup.sh (same defaults), which this test may stop and start
 * again; a replica set up some other way is left alone (that case is skipped).
 */
const SCRIPT = path.resolve('scripts/replica/setup.sh');
const replicaPort = READ_URL ? new URL(READ_URL).port || '5432' : '';
const scriptDir =
  process.env.REPLICA_DIR ??
  (process.getuid?.() === 0
    ? `/var/lib/postgresql/jiceng-replica-${replicaPort}`
    : path.join(os.homedir(), `.jiceng-replica-${replicaPort}`));
const scriptStandby = fs.existsSync(path.join(scriptDir, 'standby.signal'));

/** A browser: keeps the cookies its answers set (the session and the write position). */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: () => App) {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string }>) this.cookies.set(c.name, c.value);
    return res;
  }
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async login(username: string) {
    const res = this.keep(
      await this.app().inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      }),
    );
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
    return this;
  }
  async get(url: string) {
    return this.keep(await this.app().inject({ url, headers: { cookie: this.header() } }));
  }
  async patch(url: string, payload: object) {
    return this.keep(
      await this.app().inject({ method: 'PATCH', url, payload, headers: { cookie: this.header() } }),
    );
  }
}

describe.skipIf(!PRIMARY_URL || !READ_URL)(
  'reads on a streaming replica (skipped without DATABASE_URL and DATABASE_READ_URL: bash scripts/replica/setup.sh)',
  () => {
    let primary: Database;
    let database: Database;
    let replica: ReadReplica;
    let app: App;
    let fx: Fixture;
    /** A superuser connection to the standby, to pause and resume its replay. */
    let standby: pg.Client;
    let dataDir: string;
    let writer: Browser;
    let other: Browser;

    const config = () => ({
      ...loadConfig({
        LOG_LEVEL: 'info',
        WEB_DIST: '/nonexistent',
        DATA_DIR: dataDir,
        DATABASE_URL: PRIMARY_URL,
        DATABASE_READ_URL: READ_URL,
      }),
      loginRateLimit: 1000,
    });

    const femaleIn = async (browser: Browser, orgId: number) => {
      const res = await browser.get(`/api/orgs/${orgId}/dashboard`);
      expect(res.statusCode).toBe(200);
      return json(res).members.female as number;
    };
    const connectStandby = () => {
      const client = new pg.Client({ connectionString: READ_URL });
      // Stopping the standby cuts this connection: that is expected, not a failure of the run.
      client.on('error', () => {});
      return client;
    };
    const counts = () => ({ ...replica.counts });
    const setGender = async (gender: 'male' | 'female') => {
      const res = await writer.patch(`/api/members/${fx.member.a2}`, { gender });
      expect(res.statusCode).toBe(200);
      return res;
    };
    const pauseReplay = async () => {
      await standby.query('select pg_wal_replay_pause()');
      // Pausing is requested, then takes effect at the next record: wait for it.
      for (;;) {
        const r = await standby.query<{ s: string }>('select pg_get_wal_replay_pause_state() as s');
        if (r.rows[0]?.s === 'paused') return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const resumeReplay = async () => {
      await standby.query('select pg_wal_replay_resume()');
      expect(await waitForReplay(primary.db, replica, 30_000)).toBe(true);
    };

    beforeAll(async () => {
      primary = await testDatabase();
      // The suite's migrations and reset run on the primary; the standby follows them.
      await resetDatabase(primary.db);
      fx = await seedFixture(primary.db);
      database = withReplica(primary, READ_URL as string, 200);
      replica = database.reader as ReadReplica;
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-replica-'));
      app = await buildApp({ config: config(), database, clock: () => NOW, logStream: apiLogStream() });
      await app.ready();
      standby = connectStandby();
      await standby.connect();
      writer = await new Browser(() => app).login('admin');
      other = await new Browser(() => app).login('districtA');
      // The migration, the reset, the fixture and both sign-ins replayed before the first read.
      expect(await waitForReplay(primary.db, replica, 30_000)).toBe(true);
    });

    afterAll(async () => {
      await standby?.query('select pg_wal_replay_resume()').catch(() => {});
      await standby?.end();
      await app?.close();
      // The primary's pool is the suite's (harness.ts); only the replica's is this file's.
      await replica?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('reads from a hot standby: the read URL is a server in recovery', async () => {
      const r = await standby.query<{ recovery: boolean }>('select pg_is_in_recovery() as recovery');
      expect(r.rows[0]?.recovery).toBe(true);
    });

    it("serves a heavy read of a user who wrote nothing on the replica's pool", async () => {
      const before = counts();
      expect(await femaleIn(other, fx.org.districtA)).toBe(1);
      const after = counts();
      expect(after.replica, `reads ${JSON.stringify(after)}, last error ${replica.lastError}`).toBe(
        before.replica + 1,
      );
      expect(after.primary).toBe(before.primary);
      expect(after.replicaQueries).toBeGreaterThan(before.replicaQueries);
    });

    it('a write answers with its WAL position, and an immediate heavy read by the same user sees it', async () => {
      const patched = await setGender('female');
      const cookie = (
        patched.cookies as Array<{ name: string; value: string; path?: string; httpOnly?: boolean }>
      ).find((c) => c.name === WRITE_POSITION_COOKIE);
      expect(cookie?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(cookie?.httpOnly).toBe(true);
      const before = counts();
      // 李秀英 and now 赵刚 in the city (陈静 too): the write is there, whichever database served it.
      expect(await femaleIn(writer, fx.org.city)).toBe(3);
      const after = counts();
      expect(after.replica + after.primary).toBe(before.replica + before.primary + 1);
    });

    it('while the replica is behind: the writer waits, then reads the primary; another user reads the replica as it is', async () => {
      await pauseReplay();
      try {
        await setGender('male');
        const before = counts();
        // The writer's read: the replica has not replayed the write, so after the wait the primary.
        expect(await femaleIn(writer, fx.org.city)).toBe(2);
        expect(counts().primary).toBe(before.primary + 1);
        // The other user's read is served by the paused replica: it still shows the figure from
        // before the write (赵刚 female), which proves where it came from.
        expect(await femaleIn(other, fx.org.districtA)).toBe(2);
        expect(counts().replica).toBe(before.replica + 1);
        // Health shows the replica behind the primary.
        const health = json(await app.inject({ url: '/api/health/ready' }));
        expect(health.replica.status).toBe('streaming');
        expect(health.replica.lagBytes).toBeGreaterThan(0);
        expect(health.replica.lagSeconds).toBeGreaterThanOrEqual(0);
      } finally {
        await resumeReplay();
      }
      // Replayed: both read the replica again, and both see the write.
      const before = counts();
      expect(await femaleIn(writer, fx.org.city)).toBe(2);
      expect(await femaleIn(other, fx.org.districtA)).toBe(1);
      expect(counts().replica).toBe(before.replica + 2);
    });

    it("shows the replica's lag and where the reads went on the health endpoint", async () => {
      expect(await waitForReplay(primary.db, replica, 30_000)).toBe(true);
      const res = await app.inject({ url: '/api/health/ready' });
      expect(res.statusCode).toBe(200);
      const { replica: r } = json(res);
      expect(r).toMatchObject({ status: 'streaming', readsFrom: 'replica', error: null });
      expect(r.lagBytes).toBeGreaterThanOrEqual(0);
      expect(typeof r.lagSeconds).toBe('number');
      expect(r.replayLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(r.reads.replica).toBeGreaterThan(0);
      expect(r.reads.primary).toBeGreaterThan(0);
    });

    it('routes the other heavy reads too: compliance, the annual report, progress, the points ranking, an export', async () => {
      const before = counts();
      const urls = [
        `/api/orgs/${fx.org.districtA}/compliance`,
        `/api/orgs/${fx.org.districtA}/report?year=2025`,
        `/api/progress/orgs/${fx.org.districtA}`,
        `/api/points/ranking?orgId=${fx.org.districtA}`,
        `/api/members/export?orgId=${fx.org.districtA}`,
      ];
      let watermark = '';
      for (const url of urls) {
        const res = await other.get(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
        if (url.includes('/export')) watermark = String(res.headers['x-watermark-id']);
      }
      expect(counts().replica).toBe(before.replica + urls.length);
      expect(counts().fallbacks).toBe(before.fallbacks);
      // The export's rows came from the replica, its audit entry (the watermark) went to the primary.
      const [entry] = await queryRows(
        primary.db,
        sql`select action from audit_log where id = ${Number(watermark)}`,
        z.object({ action: z.string() }),
      );
      expect(entry?.action).toBe('member.export');
    });

    it('falls back to the primary when the replica cannot be reached: no error, health says so', async () => {
      // A port nobody listens on: the connection is refused, as when the replica's host is up and
      // its server is not.
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const gone = withReplica(primary, `postgres://postgres@127.0.0.1:${port}/nothing`, 200);
      const goneApp = await buildApp({
        config: config(),
        database: gone,
        clock: () => NOW,
        logStream: apiLogStream(),
      });
      try {
        const browser = await new Browser(() => goneApp).login('districtA');
        expect(await femaleIn(browser, fx.org.districtA)).toBe(1);
        const reads = gone.reader?.counts;
        expect(reads?.primary).toBe(1);
        expect(reads?.replica).toBe(0);
        const health = await goneApp.inject({ url: '/api/health/ready' });
        expect(health.statusCode).toBe(200);
        expect(json(health).replica).toMatchObject({ status: 'down', readsFrom: 'primary', lagBytes: null });
        expect(json(health).replica.error).toBe('ECONNREFUSED');
      } finally {
        await goneApp.close();
        await gone.reader?.close();
      }
    });

    it.skipIf(!scriptStandby)(
      'the standby stopped: reads go on from the primary, health says down; started again, reads return to it',
      async () => {
        execFileSync('bash', [SCRIPT, 'stop'], {
          stdio: 'pipe',
          env: { ...process.env, REPLICA_PORT: replicaPort },
        });
        try {
          await standby.end().catch(() => {});
          // The pool's idle connections were cut by the shutdown; the read still answers.
          expect(await femaleIn(other, fx.org.districtA)).toBe(1);
          const health = json(await app.inject({ url: '/api/health/ready' }));
          expect(health.replica).toMatchObject({ status: 'down', readsFrom: 'primary' });
          const before = counts();
          expect(await femaleIn(other, fx.org.districtA)).toBe(1);
          expect(counts().primary).toBe(before.primary + 1);
        } finally {
          execFileSync('bash', [SCRIPT, 'start'], {
            stdio: 'pipe',
            env: { ...process.env, REPLICA_PORT: replicaPort },
          });
          standby = connectStandby();
          await standby.connect();
        }
        // The health check finds it again and puts it back in service.
        const health = json(await app.inject({ url: '/api/health/ready' }));
        expect(health.replica).toMatchObject({ status: 'streaming', readsFrom: 'replica' });
        const before = counts();
        expect(await femaleIn(other, fx.org.districtA)).toBe(1);
        expect(counts().replica).toBe(before.replica + 1);
      },
    );
  },
);
