/**
 * The development module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export { developmentReminders } from './job.js';
export * as developmentService from './service.js';
