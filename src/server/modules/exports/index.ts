/**
 * The exports module's public surface: what a module's own exports (`<module>/exports.ts`) share.
 * Other modules import only this file (src/server/modules/registry.test.ts).
 */
export { describeQuery, type Labels, needsSubtree, orgOf, type Paged, yesNo } from './helpers.js';
