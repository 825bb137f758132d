import { pointsAwards, pointsEntries, pointsFlags, pointsTotals } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';

/** 党员积分: 党员积分 (issue #20): the ledger, the point-source catalog, manual awards, anomaly flags, rankings. */
export const pointsModule = defineModule({
  name: 'points',
  label: '党员积分',
  auditActions: [],
  tables: [pointsEntries, pointsAwards, pointsFlags, pointsTotals],
});
