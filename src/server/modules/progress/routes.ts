import { progressApi } from '../../../shared/contracts/progress.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const progressRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(progressApi.summary, async (req) => service.summary(db, ctxOf(req), req.params.id, req.query)),
    bind(progressApi.members, async (req) => service.members(db, ctxOf(req), req.params.id, req.query)),
    bind(progressApi.training, async (req) => service.training(db, ctxOf(req), req.params.id, req.query)),
    bind(progressApi.mine, async (req) => service.mine(db, ctxOf(req), req.query)),
  ];
};
