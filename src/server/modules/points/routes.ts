import { pointsApi } from '../../../shared/contracts/points.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as awards from './awards.js';
import * as flags from './flags.js';
import * as read from './read.js';

export const pointsRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(pointsApi.sources, async (req) => read.sources(db, ctxOf(req), req.query)),
    bind(pointsApi.ranking, async (req) =>
      heavyRead(database, req, (reader) => read.ranking(reader, ctxOf(req), req.query)),
    ),
    bind(pointsApi.memberLedger, async (req) => read.memberLedger(db, ctxOf(req), req.params.id, req.query)),
    bind(pointsApi.my, async (req) => read.my(db, ctxOf(req), req.query)),
    bind(pointsApi.awards, async (req) => awards.list(db, ctxOf(req), req.query)),
    bind(pointsApi.proposeAward, async (req) => awards.propose(db, ctxOf(req), req.body)),
    bind(pointsApi.decideAward, async (req) => awards.decide(db, ctxOf(req), req.params.id, req.body)),
    bind(pointsApi.withdrawAward, async (req) => awards.withdraw(db, ctxOf(req), req.params.id)),
    bind(pointsApi.flags, async (req) => flags.list(db, ctxOf(req), req.query)),
    bind(pointsApi.decideFlag, async (req) => flags.decide(db, ctxOf(req), req.params.id, req.body)),
  ];
};
