/**
 * The auth module's public surface: other modules import only this file (test/api/registry.test.ts).
 */

export { checkPassword } from './password.js';
export { ctxOf, hashToken, SESSION_COOKIE } from './plugin.js';
// For the accounts module (issue #19): activation and SMS sign-in end in the same kind of session,
// and their guesses are throttled by the same back-off as a password's.
export * as authRepo from './repo.js';
export type { ModuleDeps } from './routes.js';
export { beginAttempt, startSession } from './service.js';
export { LoginThrottle } from './throttle.js';
