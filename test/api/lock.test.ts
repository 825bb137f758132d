/**
 * One writer per embedded database (src/server/db/lock.ts), with real processes: a server on a
 * temporary DATA_DIR, then a second server, `db:migrate` and `user:create-admin` on the same
 * directory (each refused before touching it), `job:daily` (run by the server through its control
 * endpoint), a server that cannot have its port (fails before creating the directory), and a stale
 * lock left by a dead process (taken over). No timing is asserted; the timeouts only bound a hang.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKED_EXIT_CODE, type LockHolder, lockFileFor } from '../../src/server/db/lock.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-lock-'));
const dataDir = path.join(dir, 'data');
const lockFile = lockFileFor(dataDir);

/**
 * The environment of every child: embedded database (no DATABASE_URL), no demo, no scheduler. The
 * PGlite engine (the fallback, JICENG_EMBEDDED=pglite): the one writer it needs is what this file
 * tests; the embedded PostgreSQL's commands run beside its server (test/api/embedded-commands.test.ts).
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    JICENG_DEMO: '0',
    JOBS_IN_PROCESS: '0',
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(dir, 'no-web'),
    JICENG_EMBEDDED: 'pglite',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.VITEST; // the child is a real process, not a test worker
  return env;
}

const tsx = (script: string, args: string[] = []) => ['--import', 'tsx', path.join(ROOT, script), ...args];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killed after `ms`, which only bounds a hang). */
function run(script: string, args: string[] = [], env = childEnv(), ms = 120_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsx(script, args), { cwd: ROOT, env });
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

const readHolder = (): LockHolder | undefined => {
  try {
    return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 150_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every file of the data directory with its size and modification time. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const s = fs.statSync(full);
        out.push(`${path.relative(root, full)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

// The lock guards the embedded database only, and every child here runs on it: the suite's second
// run (on PostgreSQL) would repeat the same processes, so it runs once, on the PGlite run.
describe.skipIf(!!process.env.DATABASE_URL)('one writer per embedded data directory', () => {
  let server: ChildProcess;
  let serverLog = '';
  let base = '';

  beforeAll(async () => {
    // Info level: the server logs the job it ran for job:daily.
    server = spawn(process.execPath, tsx('src/server/main.ts'), {
      cwd: ROOT,
      env: childEnv({ LOG_LEVEL: 'info' }),
    });
    server.stdout?.on('data', (c) => (serverLog += c));
    server.stderr?.on('data', (c) => (serverLog += c));
    const holder = await until('the server’s lock with its port', () => {
      const h = readHolder();
      return h?.port ? h : undefined;
    });
    expect(holder.pid).toBe(server.pid);
    base = `http://127.0.0.1:${holder.port}`;
    await until('the server to be ready', async () => {
      const res = await fetch(`${base}/api/health/ready`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the lock file names the server, is readable only by its account, and holds a control token', () => {
    const holder = readHolder();
    expect(holder).toMatchObject({ pid: server.pid, purpose: 'server', host: os.hostname() });
    expect(holder?.controlToken).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(lockFile).mode & 0o777).toBe(0o600);
  });

  it('a second server, db:migrate and user:create-admin are refused without touching the directory', async () => {
    const before = listing(dataDir);
    const second = await run('src/server/main.ts');
    const migrate = await run('src/server/db/migrate-cli.ts');
    const admin = await run('scripts/create-admin.ts', ['--username', 'second']);
    for (const [name, outcome] of Object.entries({ second, migrate, admin })) {
      expect(outcome.code, `${name}: ${outcome.stderr}`).toBe(LOCKED_EXIT_CODE);
      expect(outcome.stderr).toContain(`正被另一个进程使用（进程 ${server.pid}，用途：服务器 server`);
      expect(outcome.stderr).toContain(`is in use by another process (pid ${server.pid}, purpose: server`);
    }
    expect(listing(dataDir)).toEqual(before);
    expect(readHolder()?.pid).toBe(server.pid);
  });

  it('job:daily asks the running server to run the job, and the server stays healthy', async () => {
    const job = await run('scripts/job-daily.ts', ['2026-12-01']);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain(`改由服务器执行每日任务`);
    expect(job.stdout).toContain('每日提醒（2026-12-01）');
    const ready = await fetch(`${base}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(serverLog).toContain('daily job run for job:daily');
  });

  it('the control endpoint refuses a request without the token, or with a wrong one', async () => {
    for (const token of [undefined, 'f'.repeat(64)]) {
      const res = await fetch(`${base}/api/ops/daily-job`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { 'x-jiceng-control-token': token } : {}),
        },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('OPS_DENIED');
    }
  });

  it('SIGTERM stops the server and removes its lock', async () => {
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('a lock left by a dead process is taken over; job:daily then runs on its own', async () => {
    // The pid of a process that has exited.
    const deadPid = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['-e', '0']);
      c.on('exit', () => resolve(c.pid as number));
    });
    const stale = {
      pid: deadPid,
      host: os.hostname(),
      startedAt: new Date(0).toISOString(),
      purpose: 'server',
      id: 'x',
      port: 1,
      controlToken: 'y',
    };
    fs.writeFileSync(lockFile, JSON.stringify(stale), { mode: 0o600 });
    const job = await run('scripts/job-daily.ts', ['2026-12-02']);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).not.toContain('改由服务器');
    expect(job.stdout).toContain('每日提醒（2026-12-02）');
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('a server that cannot have its port exits before it creates or opens the data directory', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const fresh = path.join(dir, 'fresh');
    const res = await run('src/server/main.ts', [], childEnv({ DATA_DIR: fresh, PORT: String(port) }));
    taken.close();
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`端口 ${port} 已被占用`);
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.existsSync(lockFileFor(fresh))).toBe(false);
  });
});
