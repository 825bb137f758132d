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

export const readinessDto = z.object({
  status: z.literal('ready'),
  /** Migrations applied to the database and migrations this build ships. */
  migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
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
    summary: '就绪检查：数据库可用且迁移已全部执行（否则 503）',
    responses: { 200: readinessDto },
    errors: ['HEALTH_NOT_READY'],
  }),
} satisfies ContractGroup;
