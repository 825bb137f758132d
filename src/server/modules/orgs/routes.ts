import { orgsApi } from '../../../shared/contracts/orgs.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const orgRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(orgsApi.roots, async (req) => service.roots(db, ctxOf(req), req.query.asOf)),
    bind(orgsApi.search, async (req) => {
      const { q, kind, limit } = req.query;
      return service.search(db, ctxOf(req), q, kind, limit);
    }),
    bind(orgsApi.get, async (req) => service.getOrg(db, ctxOf(req), req.params.id)),
    bind(orgsApi.children, async (req) => service.children(db, ctxOf(req), req.params.id, req.query)),
    bind(orgsApi.ancestors, async (req) => service.ancestors(db, ctxOf(req), req.params.id)),
    bind(orgsApi.history, async (req) => service.history(db, ctxOf(req), req.params.id)),
    bind(orgsApi.create, async (req) => ({ id: await service.createOrg(db, ctxOf(req), req.body) })),
    // The writes answer the org as it now reads (the page replaces its copy with it).
    bind(orgsApi.update, async (req) => {
      const ctx = ctxOf(req);
      await service.updateOrg(db, ctx, req.params.id, req.body);
      return service.getOrg(db, ctx, req.params.id);
    }),
    bind(orgsApi.move, async (req) => {
      const ctx = ctxOf(req);
      await service.moveOrg(db, ctx, req.params.id, req.body);
      return service.getOrg(db, ctx, req.params.id);
    }),
    bind(orgsApi.dissolve, async (req) => {
      const ctx = ctxOf(req);
      await service.dissolveOrg(db, ctx, req.params.id, req.body);
      return service.getOrg(db, ctx, req.params.id);
    }),
    bind(orgsApi.renewTerm, async (req) => {
      const ctx = ctxOf(req);
      await service.renewTerm(db, ctx, req.params.id, req.body);
      return service.getOrg(db, ctx, req.params.id);
    }),
  ];
};
