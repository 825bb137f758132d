import { rulesApi } from '../../../shared/contracts/rules.js';
import { ctxOf } from '../../lib/context.js';
import { bind } from '../../lib/route.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './rules.js';

export const ruleRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(rulesApi.list, async () => service.listRules(db)),
    bind(rulesApi.override, async (req) =>
      service.overrideRule(
        db,
        ctxOf(req),
        req.params.id,
        req.body.value,
        req.body.reason,
        req.body.effectiveFrom,
      ),
    ),
    bind(rulesApi.reset, async (req) => service.resetRule(db, ctxOf(req), req.params.id, req.body.reason)),
  ];
};
