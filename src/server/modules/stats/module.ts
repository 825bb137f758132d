import { statsClosing, statsCorrections, statsFigures, statsKeptYears } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { closeYears, markCorrections } from './kept.js';
import { statsRoutes } from './routes.js';

/**
 * 统计年报. Keeps the figures of closed years (decision 0051): the daily job keeps last year once
 * it has closed and recomputes kept figures made stale; a write to the register or the tree that
 * is dated inside a kept year marks them stale in its own transaction.
 */
export const statsModule = defineModule({
  name: 'stats',
  label: '统计年报',
  routes: statsRoutes,
  dailySteps: [{ name: 'stats.close_years', run: (tx, today) => closeYears(tx, today) }],
  auditActions: ['stats.report_export'],
  tables: [statsKeptYears, statsFigures, statsCorrections, statsClosing],
  listens: [
    {
      // development: a step dated inside a kept year corrects its pipeline (the daily sweep finds
      // the steps written without touching the topic)
      topics: ['members', 'orgs', 'development'],
      flush: async (tx, ids) => {
        await markCorrections(tx, ids);
      },
    },
  ],
});
