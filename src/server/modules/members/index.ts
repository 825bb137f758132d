/**
 * The members module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as memberRepo from './repo.js';
export * as memberService from './service.js';
