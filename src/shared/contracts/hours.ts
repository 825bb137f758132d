/**
 * 学时 (issue #20): study sessions credited from heartbeats, external study, the hours ledger.
 */
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const HOURS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const hoursApi = {} satisfies ContractGroup;
