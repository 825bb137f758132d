/**
 * 运维: operations the server runs on behalf of a command on the same machine. Today one: the daily
 * job, which `npm run job:daily` asks a running embedded server to run instead of opening the
 * database files itself (an embedded database has one writer: src/server/db/lock.ts).
 *
 * The permission is 'public' for the session check only: the handler answers 403 unless the
 * request comes over loopback and carries the control token the server wrote into its lock file
 * (mode 0600, so only the account that runs the server can read it). No user session can reach it.
 */
import { z } from 'zod';
import { isoDate } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const OPS_ERRORS = {
  OPS_DENIED: { status: 403, message: '仅限本机运维命令调用（需要服务器锁文件中的控制令牌）' },
  OPS_JOB_FAILED: { status: 500, message: '每日任务执行失败，详见服务器日志' },
} as const satisfies ErrorMap;

/** The header carrying the control token. */
export const OPS_TOKEN_HEADER = 'x-jiceng-control-token';

// ---- routes ---------------------------------------------------------------------------------

export const dailyJobRunDto = z.object({
  today: isoDate,
  movedAgeBands: z.number().int(),
  /** The job's figures (reminders written, items found; flags as booleans). */
  result: z.record(z.string(), z.union([z.number(), z.boolean()])),
});
export type DailyJobRunDto = z.infer<typeof dailyJobRunDto>;

export const opsApi = {
  dailyJob: defineRoute({
    method: 'POST',
    path: '/api/ops/daily-job',
    permission: 'public',
    tag: 'system',
    summary: '运行每日任务（仅限本机 npm run job:daily，凭锁文件中的控制令牌）',
    headers: z.looseObject({ [OPS_TOKEN_HEADER]: z.string().max(128).optional() }),
    body: z.object({ date: isoDate.optional() }),
    responses: { 200: dailyJobRunDto },
    errors: ['OPS_DENIED', 'OPS_JOB_FAILED'],
  }),
} satisfies ContractGroup;
