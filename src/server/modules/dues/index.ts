/**
 * The dues module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export { arrearsList } from './arrears.js';
export { duesReminders } from './job.js';
export { paymentsOfMember } from './repo.js';
export { moveOpenRuns } from './runs.js';
export * as duesService from './service.js';
export { ensureCurrentLedger } from './service.js';
export { monthsOfYearToDate, rateOf } from './summary.js';
