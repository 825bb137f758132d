/** The points module's public surface: other modules import only this file (nothing imports points today; the bench and the seed do). */
export { dailyScan, scanOutliers, scanStudyFlags } from './flags.js';
export { type RankingOrg, rankingOf } from './read.js';
export { recomputePoints, refreshTotals } from './recompute.js';
