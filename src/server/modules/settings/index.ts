/**
 * The settings module's public surface: other modules import only this file (test/api/registry.test.ts).
 */
export { loadRuleHistory, loadRules } from './rules.js';
