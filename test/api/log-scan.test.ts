/**
 * No clear ID number or phone in the server log (issue #18: a failed query logged its params). The
 * errors here are provoked on purpose with an ID number and a phone in the statement's parameters,
 * in the driver's detail and in the message, through the app's own unhandled-error path; the lines
 * are checked here and also go to the suite's log, which `scripts/scan-logs.ts` scans after the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { users } from '../../src/server/db/schema/index.js';
import { ID_NUMBER_PATTERN, PHONE_PATTERN, serializeError } from '../../src/server/lib/log.js';
import { bind } from '../../src/server/lib/route.js';
import { MODULES } from '../../src/server/modules/registry.js';
import { healthApi } from '../../src/shared/contracts/health.js';
import { apiLogStream, setupEnv, type TestEnv, testDatabase } from './harness.js';

const ID = '620102198001010017';
const PHONE = '13800001111';

let env: TestEnv;
let app: App;
const lines: string[] = [];
const captured = () => lines.join('');

/** A failing statement whose parameters are an ID number and a phone. */
const failingQuery = (env: TestEnv) => env.db.execute(sql`select ${ID}::int as a, ${PHONE}::date as b`);

beforeAll(async () => {
  env = await setupEnv();
  // The registry's modules, with the health check's liveness route replaced by one whose query
  // fails: the contract is the same object, so the start-up checks still pass.
  const modules = MODULES.map((m) =>
    m.name !== 'health'
      ? m
      : {
          ...m,
          routes: (deps: Parameters<NonNullable<typeof m.routes>>[0]) => [
            bind(healthApi.live, async () => {
              await failingQuery(env);
              return { status: 'ok' as const };
            }),
            ...(m.routes?.(deps) ?? []).filter((b) => b.contract !== healthApi.live),
          ],
        },
  );
  const suiteLog = apiLogStream();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-logscan-'));
  app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'info', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }),
    database: await testDatabase(),
    modules,
    logStream: {
      write: (line: string) => {
        lines.push(line);
        suiteLog.write(line);
      },
    },
  });
  app.addHook('onClose', async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await env?.app.close();
});

const expectNoPersonalData = (text: string) => {
  expect(text).not.toContain(ID);
  expect(text).not.toContain(PHONE);
  expect([...text.matchAll(ID_NUMBER_PATTERN)]).toHaveLength(0);
  expect([...text.matchAll(PHONE_PATTERN)]).toHaveLength(0);
};

describe('the server log keeps no ID number or phone', () => {
  it('logs a failed query through the error handler with its code and shape, not its values', async () => {
    const res = await app.inject({ url: `/api/health?q=${PHONE}` });
    expect(res.statusCode).toBe(500);
    const line = lines.find((l) => l.includes('unhandled error'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line as string);
    // What a maintainer needs is kept: the SQLSTATE, the statement's shape, how many parameters.
    expect(entry.err.query).toMatch(/select \$1::int as a, \$2::date as b/);
    expect(entry.err.paramCount).toBe(2);
    expect(JSON.stringify(entry.err)).toMatch(/"code":"22003"|"code":"22P02"/);
    expectNoPersonalData(captured());
  });

  it('drops the driver detail that quotes a duplicate value, keeping the constraint', async () => {
    const row = { username: ID, displayName: PHONE, passwordHash: 'x' };
    await env.db.insert(users).values(row);
    const err = await env.db
      .insert(users)
      .values(row)
      .then(() => null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // The raw error does carry the values (this is what used to be logged).
    const raw = `${(err as Error).message} ${JSON.stringify(err)}`;
    expect(raw).toContain(ID);
    const serialized = JSON.stringify(serializeError(err));
    expect(serialized).toContain('users_username_idx');
    expect(serialized).toContain('23505');
    expectNoPersonalData(serialized);
    app.log.error({ err }, 'provoked duplicate');
    expectNoPersonalData(captured());
  });

  it('redacts named fields and scrubs values written into a message', async () => {
    app.log.info({ member: { idNumber: ID, phone: PHONE }, password: 'hunter2' }, `导入 ${ID} ${PHONE}`);
    app.log.warn(`phone +86 138-0000-1111, id ${ID.slice(0, 17)}X`);
    const tail = lines.slice(-2).join('');
    expect(tail).toContain('[已隐去]');
    expect(tail).not.toContain('hunter2');
    expect(tail).toContain('[身份证号已隐去]');
    expect(tail).toContain('[手机号已隐去]');
    expectNoPersonalData(captured());
  });

  it('serializes a cause chain and a non-error throw without values', async () => {
    const err = await failingQuery(env).catch((e: unknown) => e);
    const wrapped = new Error('import failed', { cause: err });
    const out = serializeError(wrapped);
    expect((out.cause as Record<string, unknown>).paramCount).toBe(2);
    expectNoPersonalData(JSON.stringify(out));
    expectNoPersonalData(JSON.stringify(serializeError(`thrown ${ID}`)));
  });
});
