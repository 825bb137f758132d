import { transfersApi } from '../../../shared/contracts/transfers.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const transferRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(transfersApi.list, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(transfersApi.targets, async (req) => service.targets(db, req.query.q)),
    bind(transfersApi.get, async (req) => service.get(db, ctxOf(req), req.params.id)),
    bind(transfersApi.create, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.create(db, ctx, req.body);
      return service.get(db, ctx, id);
    }),
    ...(['accept', 'reject', 'cancel'] as const).map((answer) =>
      bind(transfersApi[answer], async (req) => {
        const ctx = ctxOf(req);
        await service.respond(db, ctx, req.params.id, answer, req.body);
        return service.get(db, ctx, req.params.id);
      }),
    ),
  ];
};
