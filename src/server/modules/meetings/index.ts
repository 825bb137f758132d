/**
 * The meetings module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export * as heartTalkService from './heartTalks.js';
export { categoryOn, committeeOn, membersOn, suspendedOn } from './repo.js';
export * as meetingService from './service.js';
