import type { FastifyPluginAsync } from 'fastify';
import type { ModuleDeps } from '../auth/routes.js';

export const orglifeRoutes =
  (_deps: ModuleDeps): FastifyPluginAsync =>
  async () => {};
