import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

/** What a service needs to know about the request: who, which request, and what day it is. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
  /** Today in Asia/Shanghai as YYYY-MM-DD. */
  today: string;
  now: Date;
}

/**
 * The context of a route that required sign-in (the auth plugin sets `request.ctx` and its
 * preValidation hook guarantees it). Here rather than in the auth module so that a module auth
 * itself reads from (settings, for the password rules) can use it without an import cycle.
 */
export function ctxOf(request: FastifyRequest): RequestContext {
  const ctx = (request as FastifyRequest & { ctx?: RequestContext | null }).ctx;
  if (!ctx) throw new AppError('UNAUTHENTICATED');
  return ctx;
}
