/**
 * The notifications module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export type { NewNotification } from './service.js';
export { listFor, notify } from './service.js';
