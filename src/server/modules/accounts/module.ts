import { accountBatches, activationCodes, smsCodes } from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { accountRoutes } from './routes.js';
import { followRecords } from './service.js';

/** 党员账号: accounts for the whole register, activation, SMS sign-in and reset (decision 0039). */
export const accountsModule = defineModule({
  name: 'accounts',
  label: '党员账号',
  routes: accountRoutes,
  auditActions: [
    'account.issue',
    'account.reissue',
    'account.print',
    'account.activate',
    'account.activate_failed',
    'account.sms_login',
    'account.sms_failed',
    'account.password_reset_sms',
    'account.disable_left',
    'account.issue_case',
    'account.follow_admission',
    'account.disable_case',
  ],
  tables: [accountBatches, activationCodes, smsCodes],
  // A member's account follows the record: leaving the party disables it, a transfer moves the
  // member role to the new org. Whatever wrote the change touched `members` with the orgs. An
  // applicant's account follows the case (`development`): admitted, it moves to the member record;
  // ended (终止, 不予批准), it is disabled.
  listens: [{ topics: ['members', 'development'], flush: (tx, ids) => followRecords(tx, ids) }],
});
