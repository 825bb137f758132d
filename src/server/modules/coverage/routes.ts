import { coverageApi } from '../../../shared/contracts/coverage.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const coverageRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(coverageApi.list, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(coverageApi.create, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.create(db, ctx, req.body);
      return service.get(db, ctx, id);
    }),
    bind(coverageApi.update, async (req) => {
      const ctx = ctxOf(req);
      await service.update(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),
  ];
};
