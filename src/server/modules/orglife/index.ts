/**
 * The orglife module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export { defaultRange, rollupStateSql } from './compliance.js';
export { refreshAllCompliance, refreshCompliance } from './refresh.js';
