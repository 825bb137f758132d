/**
 * 健康检查: whether the server is up (liveness) and whether it can serve (readiness: the database
 * answers and every migration of this build is applied). Public, for load balancers and probes;
 * they say nothing about the data.
 */
import { z } from 'zod';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const HEALTH_ERRORS = {
  HEALTH_NOT_READY: { status: 503, message: '服务尚未就绪' },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

/** Reads routed to the replica or the primary since the process started (decision 0050). */
const replicaReadsDto = z.object({
  replica: z.number().int(),
  primary: z.number().int(),
  /** Reads begun on the replica and run again on the primary (the replica went away). */
  fallbacks: z.number().int(),
  /** Reads that waited for the replica to replay the caller's own write. */
  waited: z.number().int(),
  replicaQueries: z.number().int(),
});

/**
 * The read replica (DATABASE_READ_URL) as the server sees it: streaming and how far behind, or
 * down (the heavy reads then go to the primary: the server stays ready).
 */
export const replicaHealthDto = z.object({
  status: z.enum(['streaming', 'not-standby', 'down']),
  /** WAL bytes written on the primary and not yet replayed on the replica. */
  lagBytes: z.number().int().nullable(),
  /** Seconds behind: 0 when level with the primary, else the age of the last replayed commit. */
  lagSeconds: z.number().nullable(),
  primaryLsn: z.string(),
  replayLsn: z.string().nullable(),
  lastReplayAt: z.string().nullable(),
  readsFrom: z.enum(['replica', 'primary']),
  error: z.string().nullable(),
  reads: replicaReadsDto,
});

export const readinessDto = z.object({
  status: z.literal('ready'),
  /** Migrations applied to the database and migrations this build ships. */
  migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
  /** Only with a read replica configured. */
  replica: replicaHealthDto.optional(),
});

export const healthApi = {
  live: defineRoute({
    method: 'GET',
    path: '/api/health',
    permission: 'public',
    tag: 'system',
    summary: '存活检查：进程在运行',
    responses: { 200: z.object({ status: z.literal('ok') }) },
  }),
  ready: defineRoute({
    method: 'GET',
    path: '/api/health/ready',
    permission: 'public',
    tag: 'system',
    summary: '就绪检查：数据库可用且迁移已全部执行（否则 503）；配置只读副本时含其复制延迟',
    responses: { 200: readinessDto },
    errors: ['HEALTH_NOT_READY'],
  }),
} satisfies ContractGroup;
