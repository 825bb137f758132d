/**
 * 党员积分 (issue #20): the ledger, the point-source catalog, manual awards, anomaly flags, rankings.
 */
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const POINTS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const pointsApi = {} satisfies ContractGroup;
