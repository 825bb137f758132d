/**
 * The orgs module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export { divisionName } from './divisions.js';
export * as orgRepo from './repo.js';
export { findOrg } from './repo.js';
export { defaultApprovesDevelopment } from './service.js';
