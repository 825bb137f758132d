/**
 * The data-directory lock's rules (lock.ts): who holds it, when a lock is stale, and that of several
 * processes finding the same stale lock exactly one wins. The same rules with the real entry points
 * (server, db:migrate, job:daily, user:create-admin) are in test/api/lock.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, heldLock, type LockHolder, lockFileFor } from './lock.js';

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-lockunit-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'data');
}
afterEach(() => {
  heldLock()?.release();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const holder = (patch: Partial<LockHolder>): LockHolder => ({
  pid: process.pid,
  host: os.hostname(),
  startedAt: new Date().toISOString(),
  purpose: 'server',
  id: 'someone-else',
  ...patch,
});

function writeLock(dataDir: string, h: LockHolder | string) {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.writeFileSync(lockFileFor(dataDir), typeof h === 'string' ? h : JSON.stringify(h), { mode: 0o600 });
}

/** The pid of a process that has exited. */
const deadPid = () =>
  new Promise<number>((resolve) => {
    const c = spawn(process.execPath, ['-e', '0']);
    c.on('exit', () => resolve(c.pid as number));
  });

describe('data-directory lock', () => {
  it('is a 0600 file beside a directory that need not exist, and creates nothing else', () => {
    const dataDir = tempDataDir();
    const lock = acquireDataDirLock(dataDir, 'migrate');
    const file = lockFileFor(dataDir);
    expect(file).toBe(`${dataDir}.lock`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'migrate' });
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(() => acquireDataDirLock(dataDir, 'migrate')).toThrow(/already holds/);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses while a live process holds it, naming its pid and purpose, and leaves its file alone', () => {
    const dataDir = tempDataDir();
    const live = holder({ pid: process.ppid, purpose: 'job-daily' });
    writeLock(dataDir, live);
    const error = (() => {
      try {
        acquireDataDirLock(dataDir, 'server');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`进程 ${process.ppid}，用途：每日任务 job:daily`);
    expect((error as Error).message).toContain(`pid ${process.ppid}, purpose: job-daily`);
    expect(JSON.parse(fs.readFileSync(lockFileFor(dataDir), 'utf8'))).toEqual(live);
  });

  it('never judges a holder on another host', () => {
    const dataDir = tempDataDir();
    writeLock(dataDir, holder({ host: `not-${os.hostname()}`, pid: 1 }));
    expect(() => acquireDataDirLock(dataDir, 'server')).toThrow(/另一台主机/);
  });

  it('takes over a lock whose holder is dead, whose pid is now ours, or that is unreadable and old', async () => {
    const stale = [
      holder({ pid: await deadPid() }),
      // A container's pid 1 restarted: the same pid, another process (another lock id).
      holder({ pid: process.pid, id: 'previous-run' }),
      holder({ pid: process.ppid, bootId: 'a-previous-boot' }),
      holder({ pid: process.ppid, pidStart: '1' }),
    ];
    for (const h of stale) {
      const dataDir = tempDataDir();
      writeLock(dataDir, h);
      const lock = acquireDataDirLock(dataDir, 'server');
      expect(JSON.parse(fs.readFileSync(lockFileFor(dataDir), 'utf8')).id).toBe(lock.holder.id);
      lock.release();
    }
    const dataDir = tempDataDir();
    writeLock(dataDir, '{"pid": 12');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFileFor(dataDir), old, old);
    acquireDataDirLock(dataDir, 'server').release();
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const dataDir = tempDataDir();
    const lock = acquireDataDirLock(dataDir, 'server');
    writeLock(dataDir, holder({ pid: process.ppid }));
    lock.release();
    expect(fs.existsSync(lockFileFor(dataDir))).toBe(true);
  });

  it('of several processes that find the same stale lock, exactly one takes it', async () => {
    const dataDir = tempDataDir();
    writeLock(dataDir, holder({ pid: await deadPid() }));
    const go = `${dataDir}.go`;
    const end = `${dataDir}.end`;
    const lockModule = path.join(import.meta.dirname, 'lock.ts');
    // Each child says it is ready and waits for the go file, so that they race on the stale lock
    // at the same moment; the winner holds the lock until the others have answered.
    const child = `
      import fs from 'node:fs';
      const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)});
      const wait = async (f) => { while (!fs.existsSync(f)) await new Promise((r) => setTimeout(r, 5)); };
      fs.writeFileSync(${JSON.stringify(go)} + '.ready.' + process.pid, '');
      await wait(${JSON.stringify(go)});
      try { acquireDataDirLock(${JSON.stringify(dataDir)}, 'race'); console.log('won'); await wait(${JSON.stringify(end)}); }
      catch (e) { console.log(e.name); }`;
    const outcomes: string[] = [];
    const runs = Array.from({ length: 4 }, () => {
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child]);
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      return new Promise<void>((resolve) =>
        c.on('close', () => {
          outcomes.push(out.trim());
          resolve();
        }),
      );
    });
    const folder = path.dirname(dataDir);
    const ready = () =>
      fs.readdirSync(folder).filter((f) => f.startsWith(`${path.basename(go)}.ready.`)).length;
    while (ready() < 4) await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(go, '');
    while (outcomes.length < 3) await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(end, '');
    await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataDirLockedError')).toHaveLength(3);
  }, 60_000);
});
