import { dashboardApi } from '../../../shared/contracts/dashboard.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const dashboardRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [bind(dashboardApi.get, async (req) => service.dashboard(db, ctxOf(req), req.params.id))];
};
