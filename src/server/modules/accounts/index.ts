/**
 * The accounts module's public surface: other modules import only this file. The SMS outbox of the
 * console provider is here for the test harness and the demo's journeys (in-process only).
 */
export { smsOutbox } from './sms.js';
