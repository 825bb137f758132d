import { dataKeys, settings } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { ruleRoutes } from './routes.js';

/** 规则库 */
export const settingsModule = defineModule({
  name: 'settings',
  label: '规则库',
  routes: ruleRoutes,
  auditActions: ['rule.override', 'rule.reset'],
  tables: [settings, dataKeys],
});
