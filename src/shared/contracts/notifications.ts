import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

/** The notifications area's error codes (`NOTIFICATIONS_…`): stable, each with its status and Chinese message. */
export const NOTIFICATIONS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const notificationsApi = {} satisfies ContractGroup;
