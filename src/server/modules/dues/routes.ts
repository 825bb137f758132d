import type { FastifyPluginAsync } from 'fastify';
import type { ModuleDeps } from '../auth/routes.js';

/** 党费: profiles, ledger, payments, arrears, lapse decisions (filled in by the core work). */
export const duesRoutes =
  (_deps: ModuleDeps): FastifyPluginAsync =>
  async () => {};
