/**
 * Exports (.xlsx) of the lists: each is the list's query without paging and a file response. The
 * module that owns the list declares the export in its manifest (`exports`); the exports module
 * registers them all with the watermark and the audit entry.
 */
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

/** The exports area's error codes (`EXPORTS_…`). */
export const EXPORTS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const exportsApi = {} satisfies ContractGroup;
