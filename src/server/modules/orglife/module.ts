import { jobRuns, orglifeCompliance, orglifeExemptions } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { extendComplianceYear, orglifeReminders } from './job.js';
import { refreshAllCompliance, refreshCompliance } from './refresh.js';
import { orglifeRoutes } from './routes.js';

/** 组织生活落实 */
export const orglifeModule = defineModule({
  name: 'orglife',
  label: '组织生活落实',
  routes: orglifeRoutes,
  dailySteps: [extendComplianceYear, orglifeReminders],
  auditActions: ['orglife.exemption.grant', 'orglife.exemption.withdraw'],
  // job_runs is the daily job's bookkeeping (src/server/jobs/daily.ts); its table is declared with
  // orglife's, where the job began, and no other module owns the platform's tables.
  tables: [orglifeExemptions, orglifeCompliance, jobRuns],
  // Compliance is derived from the orgs (kind, dates, committee, groups), their members and their
  // records of organizational life: any of them touched, the orgs' rows are rewritten before commit.
  listens: [
    {
      topics: ['orgs', 'members', 'orglife'],
      flush: (tx, ids, today) => refreshCompliance(tx, ids, today),
    },
    // A rule override (deployment-wide) changes what is required of every branch.
    { topics: ['rules'], flush: (tx, _ids, today) => refreshAllCompliance(tx, today) },
  ],
});
