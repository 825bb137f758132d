import { membersApi } from '../../../shared/contracts/members.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const memberRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(membersApi.list, async (req) => service.listMembers(db, ctxOf(req), req.query)),
    bind(membersApi.get, async (req) => service.getMember(db, ctxOf(req), req.params.id)),
    bind(membersApi.create, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.createMember(db, ctx, req.body);
      return service.getMember(db, ctx, id);
    }),
    bind(membersApi.update, async (req) => {
      const ctx = ctxOf(req);
      await service.updateMember(db, ctx, req.params.id, req.body);
      return service.getMember(db, ctx, req.params.id);
    }),
    bind(membersApi.reveal, async (req) => service.reveal(db, ctxOf(req), req.params.id, req.body)),
    bind(membersApi.events, async (req) => service.events(db, ctxOf(req), req.params.id)),
  ];
};
