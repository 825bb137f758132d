import { pointsAwards, pointsEntries, pointsFlags, pointsTotals } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { lateDuesStep, onOrgsTouched, onSourcesTouched, scanStep } from './listen.js';
import { pointsRoutes } from './routes.js';

/** 党员积分 (issue #20): the ledger, the point-source catalog, manual awards, anomaly flags, rankings. */
export const pointsModule = defineModule({
  name: 'points',
  label: '党员积分',
  routes: pointsRoutes,
  dailySteps: [lateDuesStep, scanStep],
  auditActions: [
    'points.award.propose',
    'points.award.approve',
    'points.award.reject',
    'points.award.withdraw',
    'points.flag.decide',
  ],
  tables: [pointsEntries, pointsAwards, pointsFlags, pointsTotals],
  // The ranking's histogram per subtree (migration 0025), kept by triggers on points_totals.
  sqlTables: ['points_subtree'],
  // The ledger is derived from meetings (orglife), dues, classes (learning), credited hours (hours)
  // and who belongs where (members: transfers move the totals, leaving drops them from rankings).
  listens: [
    {
      topics: ['orglife', 'dues', 'learning', 'hours', 'members'],
      flush: (tx, ids, today) => onSourcesTouched(tx, ids, today),
    },
    { topics: ['orgs'], flush: (tx, ids) => onOrgsTouched(tx, ids) },
  ],
});
