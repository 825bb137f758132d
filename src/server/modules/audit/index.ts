/**
 * The audit module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as auditService from './service.js';
