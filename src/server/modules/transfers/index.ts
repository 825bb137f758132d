/**
 * The transfers module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as transferService from './service.js';
