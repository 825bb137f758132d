/**
 * The auth module's public surface: other modules import only this file (test/api/registry.test.ts).
 */

export { checkPassword } from './password.js';
export { ctxOf, hashToken } from './plugin.js';
export type { ModuleDeps } from './routes.js';
