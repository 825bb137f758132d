import { dashboardApi } from '../../../shared/contracts/dashboard.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';

export const dashboardRoutes = ({ database }: ModuleDeps) => {
  return [
    bind(dashboardApi.get, async (req) =>
      heavyRead(database, req, (reader) => service.dashboard(reader, ctxOf(req), req.params.id, req.query)),
    ),
  ];
};
