import { defineModule } from '../manifest.js';
import { myRoutes } from './routes.js';

/**
 * 我的: the member's own app (home, meetings, 参加 / 请假). It owns no table: it reads the member's
 * own rows of other modules' tables and writes their answers to `meeting_responses`, which the
 * meetings module owns (the grid shows them).
 */
export const myModule = defineModule({
  name: 'my',
  label: '我的',
  routes: myRoutes,
  auditActions: ['my.meeting_response'],
  tables: [],
});
