/**
 * The orglife module's public surface: other modules import only this file (test/api/registry.test.ts).
 * Compliance is kept up to date by the unit of work (orglife's listener in module.ts): a write
 * touches `orglife`, `orgs`, `members` or `rules` and never calls the refresh itself.
 */
export { defaultRange, rollupStateSql } from './compliance.js';
