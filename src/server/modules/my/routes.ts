import { myApi } from '../../../shared/contracts/my.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const myRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(myApi.home, async (req) => service.home(db, ctxOf(req))),
    bind(myApi.meetings, async (req) => service.meetings(db, ctxOf(req), req.query)),
    bind(myApi.meeting, async (req) => service.meeting(db, ctxOf(req), req.params.id)),
    bind(myApi.respond, async (req) => service.respond(db, ctxOf(req), req.params.id, req.body)),
    bind(myApi.withdraw, async (req) => service.withdraw(db, ctxOf(req), req.params.id)),
  ];
};
