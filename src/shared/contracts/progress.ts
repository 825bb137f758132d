/**
 * 学时进度 (issue #20): targets by role as of a date, progress per member, branch and subtree, reminders.
 */
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const PROGRESS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const progressApi = {} satisfies ContractGroup;
