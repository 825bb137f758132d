import { jobRuns, notifications, orglifeCompliance, orglifeExemptions } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { orglifeRoutes } from './routes.js';

/** 组织生活落实 */
export const orglifeModule = defineModule({
  name: 'orglife',
  label: '组织生活落实',
  legacyRoutes: orglifeRoutes,
  auditActions: ['orglife.exemption.grant', 'orglife.exemption.withdraw'],
  tables: [orglifeExemptions, orglifeCompliance, notifications, jobRuns],
});
