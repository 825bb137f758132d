/**
 * Runs the daily reminders job once (for cron): `npm run job:daily [-- YYYY-MM-DD]`.
 *
 * An embedded database has one writer (src/server/db/lock.ts). When a server holds it, this command
 * does not open the files: it asks that server to run the job (POST /api/ops/daily-job over
 * loopback, with the control token the server wrote into its lock file) and prints the server's
 * answer. When nothing holds it, the command takes the lock and runs the job itself; on PostgreSQL
 * it always runs the job itself. Exit status: 0 when the job ran, 1 when it failed, 75 when
 * another command (a migration, another job) holds the database.
 */
import http from 'node:http';
import { isIsoDate, todayInZone } from '../src/domain/common/dates.js';
import { loadConfig } from '../src/server/config.js';
import { openForCommand } from '../src/server/db/client.js';
import { currentHolder, type LockHolder } from '../src/server/db/lock.js';
import { runMigrations } from '../src/server/db/migrate.js';
import type { DailyRun } from '../src/server/jobs/daily.js';
import { runDaily } from '../src/server/jobs/daily.js';
import { scrubText } from '../src/server/lib/log.js';
import { OPS_TOKEN_HEADER } from '../src/shared/contracts/ops.js';

const config = loadConfig();
const date = process.argv[2];
if (date !== undefined && !isIsoDate(date)) {
  console.error(`日期格式应为 YYYY-MM-DD：${date}`);
  process.exit(1);
}

function describe(run: Pick<DailyRun, 'today' | 'movedAgeBands'> & { result: Record<string, unknown> }) {
  const r = run.result;
  return `每日提醒（${run.today}）：待完成${r.dueItems}项，未完成${r.missedItems}项，新消息${r.notified}条${r.refreshed ? '，已更新合规数据' : ''}；年龄段统计已更新到当天（${run.movedAgeBands}人换段）`;
}

/** One POST to the running server; resolves with the status and the parsed body. */
function post(holder: LockHolder, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  // The server listens on every interface by default; loopback reaches it whatever HOST says,
  // except a server bound to one other address, which is then asked on that address.
  const host = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${holder.port}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host,
        port: holder.port,
        method: 'POST',
        path: '/api/ops/daily-job',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          // The server's own origin: a state-changing request from its own machine.
          origin,
          [OPS_TOKEN_HEADER]: holder.controlToken,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            parsed = { message: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    // No timeout: the job may take minutes on a large database; cron's own limits apply.
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks the running server; waits (up to two minutes) while it is still starting. */
async function viaServer(holder: LockHolder): Promise<number> {
  console.log(`数据库正由服务器（进程 ${holder.pid}，端口 ${holder.port}）使用，改由服务器执行每日任务…`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    let failure: string | undefined;
    let refused = false;
    try {
      answer = await post(holder, date ? { date } : {});
    } catch (err) {
      // Refused for a moment while the server hands its port from the start-up listener to the
      // app: try again. Any other failure (a reset while the job ran) is reported, not retried.
      refused = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      failure = refused
        ? (err as Error).message
        : `${(err as Error).message}（任务可能已在服务器上执行，请查看服务器日志）`;
    }
    const starting = refused || (answer?.status === 503 && answer.body.code === 'HEALTH_NOT_READY');
    if (starting && Date.now() < deadline) {
      await sleep(1_000);
      continue;
    }
    if (answer?.status === 200) {
      console.log(describe(answer.body as unknown as DailyRun));
      return 0;
    }
    console.error(
      answer
        ? `每日任务失败（HTTP ${answer.status} ${String(answer.body.code ?? '')}）：${String(answer.body.message ?? '')}${answer.body.requestId ? `（请求编号 ${String(answer.body.requestId)}，见服务器日志）` : ''}`
        : `无法连接服务器（端口 ${holder.port}）：${failure}`,
    );
    return 1;
  }
}

async function direct(): Promise<number> {
  // With no server: the lock, and the embedded database opened (the cluster started) for this run.
  const database = await openForCommand(config, 'job-daily');
  try {
    await runMigrations(database);
    const run = await runDaily(database.db, date ?? todayInZone(new Date(), config.timeZone));
    console.log(describe(run));
    return 0;
  } catch (err) {
    console.error(`每日任务失败：${scrubText((err as Error).message)}`);
    return 1;
  } finally {
    await database.close();
  }
}

const holder = config.databaseUrl ? undefined : currentHolder(config.dataDir);
process.exitCode =
  holder?.purpose === 'server' && holder.port && holder.controlToken
    ? await viaServer(holder)
    : await direct();
