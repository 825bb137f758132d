/**
 * The dashboard module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as rollups from './rollups.js';
