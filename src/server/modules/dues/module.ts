import fastifyMultipart from '@fastify/multipart';
import {
  duesArrearsRuns,
  duesImports,
  duesLapseDecisions,
  duesLedger,
  duesPaymentCallbacks,
  duesPaymentOrders,
  duesPayments,
  duesProfiles,
  duesRemittances,
  idempotencyKeys,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { loadRules } from '../settings/index.js';
import { duesExports } from './exports.js';
import { MAX_IMPORT_BYTES } from './imports.js';
import { duesReminders } from './job.js';
import { activeOnline, duesOnlineRoutes, keepRawJson } from './online/routes.js';
import { reconcile } from './online/service.js';
import { duesRoutes } from './routes.js';
import { duesFinanceRoutes } from './routes-finance.js';
import { ensureCurrentLedger } from './service.js';

/** 党费 */
export const duesModule = defineModule({
  name: 'dues',
  label: '党费',
  routes: (deps) => [...duesRoutes(deps), ...duesFinanceRoutes(deps), ...duesOnlineRoutes(deps)],
  exports: duesExports,
  // Multipart bodies are parsed only in this module's scope, for the import upload.
  setup: async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 },
    });
    // A payment provider's callback is verified against its raw body (online/routes.ts).
    keepRawJson(scope);
  },
  dailySteps: [
    {
      // The current month's ledger rows of every member (idempotent: only missing rows are made).
      name: 'dues.ledger',
      run: async (tx, today) => {
        await ensureCurrentLedger(tx, today, await loadRules(tx));
        return {};
      },
    },
    { name: 'dues.reminders', run: async (tx, today) => ({ duesNotified: await duesReminders(tx, today) }) },
    {
      // Online orders whose callback never came: the provider is asked, paid ones booked, expired
      // ones closed (each order in a savepoint of the job's transaction).
      name: 'dues.online',
      run: async (tx) => {
        const online = activeOnline();
        if (!online?.provider) return {};
        const r = await reconcile(online, null, null, tx);
        return { duesOnlineBooked: r.booked, duesOnlineClosed: r.closed };
      },
    },
  ],
  auditActions: [
    'dues.profile.create',
    'dues.profile.approve',
    'dues.profile.reject',
    'dues.payment.create',
    'dues.payment.batch',
    'dues.payment.void',
    'dues.remittance.create',
    'dues.remittance.confirm',
    'dues.import.preview',
    'dues.import.commit',
    'dues.lapse.decide',
    'dues.arrears.export',
    'dues.ledger.export',
    'dues.approvals.export',
    'dues.online_order',
    'dues.online_cancel',
    'dues.online_paid',
    'dues.online_reconcile',
  ],
  tables: [
    duesProfiles,
    duesLedger,
    duesPayments,
    idempotencyKeys,
    duesRemittances,
    duesArrearsRuns,
    duesLapseDecisions,
    duesImports,
    duesPaymentOrders,
    duesPaymentCallbacks,
  ],
  // The summary's distinct members per subtree (migration 0028), kept by triggers on the ledger.
  sqlTables: ['dues_member_years', 'dues_subtree'],
});
