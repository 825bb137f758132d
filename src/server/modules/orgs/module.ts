import { committeeMembers, orgs, orgTerms, orgVersions } from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';
import { defineModule } from '../manifest.js';
import { orgRoutes } from './routes.js';

/** 党组织 */
export const orgsModule = defineModule({
  name: 'orgs',
  label: '党组织',
  routes: orgRoutes,
  auditActions: ['org.create', 'org.update', 'org.move', 'org.dissolve', 'org.term_create'],
  tables: [orgs, orgVersions, orgTerms, committeeMembers],
  // The org rows kept by `findOrg` (repo.ts): any org change drops them, in every process as the
  // change commits. The topic also carries committee changes (renewals): rare, and harmless.
  listens: [{ topics: ['orgs'], flush: (tx) => invalidate(tx, { orgs: true }) }],
});
