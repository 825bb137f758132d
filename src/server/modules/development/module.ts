import {
  developmentCases,
  developmentDocuments,
  developmentPlans,
  developmentSteps,
  memberDisciplines,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { developmentExports } from './exports.js';
import { developmentReminders } from './job.js';
import { developmentRoutes, developmentSetup } from './routes.js';

/** 发展党员 */
export const developmentModule = defineModule({
  name: 'development',
  label: '发展党员',
  routes: developmentRoutes,
  exports: developmentExports,
  setup: developmentSetup,
  dailySteps: [
    {
      name: 'development.reminders',
      run: async (tx, today) => ({ developmentNotified: await developmentReminders(tx, today) }),
    },
  ],
  auditActions: [
    'development.case.create',
    'development.step.record',
    'development.step.correct',
    'development.case.close',
    'development.plan.set',
    'development.document.add',
    'development.document.delete',
    'development.export',
    'member.discipline.create',
  ],
  tables: [developmentCases, developmentSteps, developmentDocuments, developmentPlans, memberDisciplines],
});
