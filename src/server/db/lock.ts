/**
 * One writer per embedded database. PGlite keeps a whole PostgreSQL cluster in one process's
 * memory and writes its files without any inter-process locking: two processes on one DATA_DIR
 * both start, hand out the same ids and lose acknowledged writes, and a short-lived second opener
 * (a cron `npm run job:daily`) leaves the cluster unable to open. So every entry point that opens
 * the embedded database (the server, `db:migrate`, `job:daily`, `user:create-admin`) takes this
 * lock first, before any file of the directory is touched.
 *
 * The lock is a file beside the data directory, `<DATA_DIR>.lock` (a sibling, not a child: it must
 * exist before the directory does, and a restore that replaces the directory must not carry a lock
 * along). It is created with O_EXCL (`wx`), mode 0600, and holds JSON naming the holder: pid, host,
 * purpose, start time, and for the server its port and a control token (`npm run job:daily` uses
 * them to ask the running server to run the job instead of opening the files; see ops module).
 *
 * A lock whose holder is dead (same host, and the pid gone or now another process: boot id and the
 * process's start time are compared, so a recycled pid after a reboot or in a container does not
 * keep the lock forever) is stale and taken over. Two openers that find the same stale lock race
 * through a short-lived guard file, so exactly one of them wins. The lock is removed when the
 * process exits (normally, by signal through the caller's handler, or on an uncaught error);
 * after SIGKILL or an out-of-memory abort it stays and is taken over as stale by the next opener.
 * PostgreSQL needs none of this: it has its own locking.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LockPurpose = 'server' | 'migrate' | 'job-daily' | 'create-admin' | (string & {});

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  purpose: LockPurpose;
  /** The holder's own random id: release removes the file only while it is still ours. */
  id: string;
  /** Linux: the kernel's boot id and the process's start time, to tell a recycled pid. */
  bootId?: string;
  pidStart?: string;
  /** The server's port and control token (local operations such as the daily job). */
  port?: number;
  controlToken?: string;
}

/** What a second opener is told, and its exit status (EX_TEMPFAIL: try again later). */
export const LOCKED_EXIT_CODE = 75;

const PURPOSE_LABEL: Record<string, string> = {
  server: '服务器 server',
  migrate: '数据库迁移 db:migrate',
  'job-daily': '每日任务 job:daily',
  'create-admin': '创建管理员 user:create-admin',
};

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    const what = PURPOSE_LABEL[holder.purpose] ?? holder.purpose;
    const port = holder.port ? `，端口 ${holder.port}` : '';
    const sameHost = holder.host === os.hostname();
    super(
      [
        `数据目录 ${dataDir} 正被另一个进程使用（进程 ${holder.pid}，用途：${what}${port}，主机 ${holder.host}，始于 ${holder.startedAt}）。`,
        '内嵌数据库同一时间只能由一个进程打开；本进程未触碰该目录，现在退出。',
        `The data directory ${dataDir} is in use by another process (pid ${holder.pid}, purpose: ${holder.purpose}${holder.port ? `, port ${holder.port}` : ''}, host ${holder.host}, since ${holder.startedAt}).`,
        'An embedded database is opened by one process at a time; this process has not touched the directory and exits.',
        sameHost
          ? `锁文件 (lock file): ${lockFile}`
          : `锁文件 (lock file): ${lockFile}（持有者在另一台主机上，无法判断其是否存活；确认其已停止后再删除此文件 / the holder is on another host: delete the file only once sure it has stopped）`,
      ].join('\n'),
    );
    this.name = 'DataDirLockedError';
  }
}

export const lockFileFor = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

const readOptional = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** The lock file's text; undefined when there is none. Unreadable (another account's): an error saying so. */
function readLockText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new Error(
      `无法读取锁文件 ${file}（${code}），它可能属于另一个系统账号的进程；请用运行服务器的账号执行 (cannot read the lock file: run this as the account that runs the server)`,
    );
  }
}

const bootId = () => readOptional('/proc/sys/kernel/random/boot_id');

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); after the `)` of the name. */
function processStart(pid: number): string | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** Whether the holder may still be running. Another host's holder cannot be judged: it counts as alive. */
export function holderAlive(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return true;
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return false;
  // Our own pid in a lock we do not hold: a previous run of a process that always gets this pid
  // (pid 1 in a container restarted by its supervisor).
  if (h.pid === process.pid) return held?.holder.id === h.id;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: alive, another user's process.
  }
  const start = processStart(h.pid);
  return !(h.pidStart && start && start !== h.pidStart);
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  if (!text) return undefined;
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.id === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The live holder of a data directory's lock, if any (a stale lock reads as none). */
export function currentHolder(dataDir: string): LockHolder | undefined {
  const h = parseHolder(readLockText(lockFileFor(dataDir)));
  return h && holderAlive(h) ? h : undefined;
}

/** Creates `file` with `content` only if it does not exist; false if it does. */
function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const ageMs = (file: string): number | undefined => {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

export interface DataDirLock {
  readonly dataDir: string;
  readonly file: string;
  readonly holder: LockHolder;
  /** Rewrites the holder's details (the port once bound); the file stays ours throughout. */
  update(patch: Partial<Pick<LockHolder, 'port'>>): void;
  release(): void;
}

let held: DataDirLock | undefined;

/** The lock this process holds, if any (the ops module reads the control token from it). */
export const heldLock = (): DataDirLock | undefined => held;

/**
 * Takes the data directory's lock or throws DataDirLockedError naming the holder. Synchronous, so
 * nothing else runs between the check and the first use of the directory.
 */
export function acquireDataDirLock(
  dataDir: string,
  purpose: LockPurpose,
  opts: { port?: number; control?: boolean } = {},
): DataDirLock {
  if (held) throw new Error(`this process already holds the lock of ${held.dataDir}`);
  const file = lockFileFor(dataDir);
  const guard = `${file}.takeover`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    purpose,
    id: randomBytes(16).toString('hex'),
    bootId: bootId(),
    pidStart: processStart(process.pid),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.control ? { controlToken: randomBytes(32).toString('hex') } : {}),
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createExclusive(file, JSON.stringify(holder))) return adopt(dataDir, file, holder);
    const text = readLockText(file);
    if (text === undefined) continue; // released meanwhile: try again
    const other = parseHolder(text);
    if (other && holderAlive(other)) throw new DataDirLockedError(path.resolve(dataDir), file, other);
    // An unreadable lock younger than a second is being written by its creator: wait for it.
    if (!other && (ageMs(file) ?? 0) < 1_000) {
      sleepSync(25);
      continue;
    }
    // Stale. Whoever holds the guard removes it, and only if it is still the same stale file
    // (another opener may have replaced it since we read it); then everyone races on `wx` again.
    if (createExclusive(guard, String(process.pid))) {
      try {
        if (readLockText(file) === text) fs.rmSync(file, { force: true });
      } finally {
        fs.rmSync(guard, { force: true });
      }
    } else {
      // A guard left by an opener killed in those few lines.
      if ((ageMs(guard) ?? 0) > 10_000) fs.rmSync(guard, { force: true });
      sleepSync(25);
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function adopt(dataDir: string, file: string, holder: LockHolder): DataDirLock {
  const ours = () => parseHolder(readOptional(file))?.id === holder.id;
  const lock: DataDirLock = {
    dataDir: path.resolve(dataDir),
    file,
    holder,
    update(patch) {
      Object.assign(holder, patch);
      // Write beside and rename over: a reader never sees a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    release() {
      process.off('exit', onExit);
      if (held === lock) held = undefined;
      try {
        if (ours()) fs.rmSync(file, { force: true });
      } catch {
        // Exiting anyway: a lock left behind is stale and taken over by the next opener.
      }
    },
  };
  const onExit = () => lock.release();
  // 'exit' runs on process.exit(), on an empty event loop and after an uncaught error.
  process.on('exit', onExit);
  held = lock;
  return lock;
}

/**
 * For the command-line entry points: takes the lock or prints who holds it and exits with
 * LOCKED_EXIT_CODE. With `signals`, SIGINT and SIGTERM release it and exit (the server installs
 * its own handlers, which close the database first).
 */
export function lockOrExit(
  dataDir: string,
  purpose: LockPurpose,
  opts: { port?: number; control?: boolean; signals?: boolean } = {},
): DataDirLock {
  let lock: DataDirLock;
  try {
    lock = acquireDataDirLock(dataDir, purpose, opts);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(err.message);
    process.exit(LOCKED_EXIT_CODE);
  }
  if (opts.signals) {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      process.once(signal, () => {
        lock.release();
        process.exit(code);
      });
    }
  }
  return lock;
}
