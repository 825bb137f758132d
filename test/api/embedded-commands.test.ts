/**
 * The commands beside the embedded PostgreSQL (decision 0052, src/server/db/client.ts
 * openForCommand), with real processes: a server on a temporary DATA_DIR, then `db:migrate` and
 * `user:create-admin` while it serves (they connect to its cluster through the port in the
 * cluster's postmaster.pid: PostgreSQL takes many connections, so nothing is refused), and
 * `user:create-admin` with no server (it starts the cluster for its run and stops it). The
 * one-writer rule of PGlite is lock.test.ts's. No timing is asserted; the timeouts bound a hang.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPostgresMissing, runningClusterUrl } from '../../src/server/db/embedded-postgres.js';
import { type LockHolder, lockFileFor } from '../../src/server/db/lock.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-commands-'));
// mkdtemp's 0700 would keep out the account the cluster runs as when the tests run as root.
fs.chmodSync(dir, 0o755);
const dataDir = path.join(dir, 'data');

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    JICENG_DEMO: '0',
    JOBS_IN_PROCESS: '0',
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(dir, 'no-web'),
    JICENG_EMBEDDED: 'postgres',
    JICENG_ADMIN_PASSWORD: 'Cmd-test-pass-2026!',
  };
  delete env.DATABASE_URL;
  delete env.VITEST;
  return env;
}

const tsx = (script: string, args: string[] = []) => ['--import', 'tsx', path.join(ROOT, script), ...args];

function run(script: string, args: string[] = [], ms = 300_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, tsx(script, args), { cwd: ROOT, env: childEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 300_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const missing = await embeddedPostgresMissing();

// The processes are the embedded engine's own: once, on the default run (not again on DATABASE_URL).
describe.skipIf(!!process.env.DATABASE_URL || !!missing)(
  'the commands beside the embedded PostgreSQL',
  () => {
    let server: ChildProcess;

    beforeAll(async () => {
      server = spawn(process.execPath, tsx('src/server/main.ts'), { cwd: ROOT, env: childEnv() });
      const holder = await until('the server’s lock with its port', () => {
        try {
          const h = JSON.parse(fs.readFileSync(lockFileFor(dataDir), 'utf8')) as LockHolder;
          return h.port ? h : undefined;
        } catch {
          return undefined;
        }
      });
      await until('the server to be ready', async () => {
        const res = await fetch(`http://127.0.0.1:${holder.port}/api/health/ready`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      });
    }, 360_000);

    afterAll(async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('db:migrate and user:create-admin run while the server serves, on its cluster', {
      timeout: 600_000,
    }, async () => {
      const url = runningClusterUrl(dataDir);
      expect(url).toMatch(/^postgres:\/\/postgres:.+@127\.0\.0\.1:\d+\/postgres$/);
      const migrate = await run('src/server/db/migrate-cli.ts');
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toContain('migrations applied (pg)');
      const admin = await run('scripts/create-admin.ts', [
        '--username',
        'beside',
        '--root-name',
        '中共测试市委员会',
      ]);
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toContain('已创建');
      // The server still owns its cluster: the same postmaster serves.
      expect(runningClusterUrl(dataDir)).toBe(url);
    });

    it('with no server, user:create-admin starts the cluster for its run and stops it', {
      timeout: 600_000,
    }, async () => {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      expect(runningClusterUrl(dataDir)).toBeUndefined();
      const admin = await run('scripts/create-admin.ts', ['--username', 'alone', '--role', 'auditor']);
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toContain('已创建');
      expect(runningClusterUrl(dataDir)).toBeUndefined();
      expect(fs.existsSync(lockFileFor(dataDir))).toBe(false);
    });
  },
);
