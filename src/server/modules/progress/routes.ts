import { progressApi } from '../../../shared/contracts/progress.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const progressRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(progressApi.summary, async (req) =>
      heavyRead(database, req, (reader) => service.summary(reader, ctxOf(req), req.params.id, req.query)),
    ),
    bind(progressApi.members, async (req) =>
      heavyRead(database, req, (reader) => service.members(reader, ctxOf(req), req.params.id, req.query)),
    ),
    bind(progressApi.training, async (req) =>
      heavyRead(database, req, (reader) => service.training(reader, ctxOf(req), req.params.id, req.query)),
    ),
    bind(progressApi.mine, async (req) => service.mine(db, ctxOf(req), req.query)),
  ];
};
