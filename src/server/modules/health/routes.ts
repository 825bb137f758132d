import { healthApi } from '../../../shared/contracts/health.js';
import { bind } from '../../lib/route.js';
import type { ModuleDeps } from '../manifest.js';
import { readiness } from './service.js';

export const healthRoutes = ({ database }: ModuleDeps) => [
  bind(healthApi.live, async () => ({ status: 'ok' as const })),
  bind(healthApi.ready, async () => readiness(database.db, database.reader)),
];
