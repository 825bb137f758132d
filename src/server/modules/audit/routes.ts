import { auditApi } from '../../../shared/contracts/audit.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const auditRoutes = ({ database }: ModuleDeps) => [
  bind(auditApi.list, async (req) => service.list(database.db, ctxOf(req), req.query)),
];
