// The real server as a child process (`node --import tsx src/server/main.ts`), started, killed with
// SIGKILL, restarted on the same data, and stopped cleanly. Its output goes to one log file per run,
// so a start that fails (PGlite "Aborted()", a lock refused) can be quoted in the report.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ServerOptions {
  port: number;
  /** PGlite: the data directory reopened by every start. */
  dataDir?: string;
  /** PostgreSQL: the database every start connects to. */
  databaseUrl?: string;
  demoPassword: string;
  logFile: string;
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  private log: fs.WriteStream;
  readonly base: string;
  starts = 0;
  /** PostgreSQL without JICENG_DATA_KEY: a key made for this run (reuse a database with --reset). */
  private readonly dataKey = randomBytes(32).toString('base64');

  constructor(private readonly opts: ServerOptions) {
    this.base = `http://127.0.0.1:${opts.port}`;
    this.log = fs.createWriteStream(opts.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the server; resolves when /api/health/ready answers 200 (throws with the log's tail otherwise). */
  async start(timeoutMs = 240_000): Promise<number> {
    if (this.child) throw new Error('server already running');
    // Another server on the port would answer our probes in place of ours.
    const stray = await fetch(`${this.base}/api/health`).then(
      () => true,
      () => false,
    );
    if (stray) throw new Error(`port ${this.opts.port} is already in use: stop that server or pass --port`);
    const t0 = performance.now();
    this.starts++;
    this.log.write(`\n===== start #${this.starts} ${new Date().toISOString()} =====\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.opts.port),
      HOST: '127.0.0.1',
      JICENG_DEMO: '1',
      JICENG_DEMO_PASSWORD: this.opts.demoPassword,
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(this.opts.dataDir ?? '/nonexistent', 'no-web'),
      // The daily job would write at random moments of a round; the faults aim at known operations.
      JOBS_IN_PROCESS: '0',
      LOGIN_RATE_LIMIT: '1000',
      // A write slowed past the default 60 s of silence by a loaded machine would lose its
      // connection (the server then finishes it unseen): the calibration needs its answer.
      IDLE_TIMEOUT_SECONDS: '900',
    };
    if (this.opts.databaseUrl) {
      env.DATABASE_URL = this.opts.databaseUrl;
      // PostgreSQL needs the deployment key that seals ID numbers and phones; one per run.
      if (!env.JICENG_DATA_KEY && !env.JICENG_DATA_KEY_FILE) env.JICENG_DATA_KEY = this.dataKey;
      delete env.DATA_DIR;
    } else {
      env.DATA_DIR = this.opts.dataDir;
      // This bench's embedded kind is PGlite (it opens the directory with openPglite itself); the
      // default embedded engine is now PostgreSQL (decision 0052).
      env.JICENG_EMBEDDED = 'pglite';
      delete env.DATABASE_URL;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Never outlive the bench (an error in a round would leave the server running on its port).
    const orphan = () => child.kill('SIGKILL');
    process.on('exit', orphan);
    child.once('exit', () => process.off('exit', orphan));
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((c) => {
      exitCode = c;
    });
    while (performance.now() - t0 < timeoutMs) {
      if (exitCode !== undefined) {
        this.child = null;
        throw new StartFailure(`server exited with code ${exitCode} before it was ready`, this.tail());
      }
      try {
        const r = await fetch(`${this.base}/api/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.kill();
    throw new StartFailure(`server not ready within ${timeoutMs / 1000} s`, this.tail());
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM: the server closes the app and the database (main.ts), as an operator's stop does. */
  async stop(timeoutMs = 60_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  /** The last lines of the server's log (for a start that failed). */
  tail(lines = 15): string {
    try {
      const text = fs.readFileSync(this.opts.logFile, 'utf8');
      return text.split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  close(): void {
    this.log.end();
  }
}

export class StartFailure extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(message);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
