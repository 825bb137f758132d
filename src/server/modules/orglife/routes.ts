import { orglifeApi } from '../../../shared/contracts/orglife.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import { complianceOf } from './compliance.js';
import * as exemptions from './exemptions.js';

export const orglifeRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(orglifeApi.compliance, async (req) =>
      heavyRead(database, req, (reader) => complianceOf(reader, ctxOf(req), req.params.id, req.query)),
    ),
    bind(orglifeApi.exemptions, async (req) => exemptions.list(db, ctxOf(req), req.params.id)),
    bind(orglifeApi.grantExemption, async (req) => exemptions.grant(db, ctxOf(req), req.params.id, req.body)),
    bind(orglifeApi.withdrawExemption, async (req) =>
      exemptions.withdraw(db, ctxOf(req), req.params.id, req.params.exemptionId),
    ),
  ];
};
