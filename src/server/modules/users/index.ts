/**
 * The users module's public surface: other modules import only this file (test/api/registry.test.ts).
 */

export { roleHoldersAt } from './repo.js';
export * as userService from './service.js';
