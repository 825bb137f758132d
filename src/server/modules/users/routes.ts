import { usersApi } from '../../../shared/contracts/users.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as grants from './grants.js';
import * as links from './links.js';
import * as service from './service.js';

export const userRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(usersApi.list, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(usersApi.orgs, async (req) => service.searchOrgs(db, ctxOf(req), req.query.q)),
    bind(usersApi.get, async (req) => service.get(db, ctxOf(req), req.params.id)),
    bind(usersApi.create, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.create(db, ctx, req.body);
      return service.get(db, ctx, id);
    }),
    bind(usersApi.update, async (req) => {
      const ctx = ctxOf(req);
      await service.update(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),
    bind(usersApi.proposeGrant, async (req) => grants.propose(db, ctxOf(req), req.params.id, req.body)),
    bind(usersApi.grantRequests, async (req) => grants.list(db, ctxOf(req), req.query)),
    bind(usersApi.decideGrant, async (req) => grants.decide(db, ctxOf(req), req.params.id, req.body)),
    bind(usersApi.withdrawGrant, async (req) => grants.withdraw(db, ctxOf(req), req.params.id)),
    bind(usersApi.revokeRole, async (req) => grants.revoke(db, ctxOf(req), req.params.id, req.body)),
    bind(usersApi.requestMemberLink, async (req) => links.request(db, ctxOf(req), req.params.id, req.body)),
    bind(usersApi.memberLinks, async (req) => links.list(db, ctxOf(req), req.query)),
    bind(usersApi.decideMemberLink, async (req) => links.decide(db, ctxOf(req), req.params.id, req.body)),
  ];
};
