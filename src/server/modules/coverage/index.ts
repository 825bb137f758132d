/**
 * The coverage module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as coverageService from './service.js';
