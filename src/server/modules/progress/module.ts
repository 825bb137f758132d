import { defineModule } from '../manifest.js';
import { progressExports } from './exports.js';
import { progressReminders } from './job.js';
import { progressRoutes } from './routes.js';

/** 学时进度 (issue #20): targets by role as of a date, progress per member, branch and subtree, reminders. */
export const progressModule = defineModule({
  name: 'progress',
  label: '学时进度',
  routes: progressRoutes,
  dailySteps: [progressReminders],
  exports: progressExports,
  auditActions: ['progress.export'],
  tables: [],
  // 学时进度's kept figures (migrations 0026–0027), kept by triggers on learning_progress, members
  // and committee_members.
  sqlTables: ['progress_members', 'progress_subtree'],
});
