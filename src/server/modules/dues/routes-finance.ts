import type { FastifyPluginAsync } from 'fastify';
import type { ModuleDeps } from '../auth/routes.js';

/** 党费: subtree summaries, remittances, reconciliation, import of bases, ledger export. */
export const duesFinanceRoutes =
  (_deps: ModuleDeps): FastifyPluginAsync =>
  async () => {};
