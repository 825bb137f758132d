/**
 * Every module of the server, in the order their daily-job steps run. A module that is not listed
 * here serves nothing; since its contracts then stay unbound, the start-up refuses to go on
 * (app.ts), and the registry test names what is missing (test/api/registry.test.ts).
 */
import { setListeners } from '../lib/unit-of-work.js';
import { accountsModule } from './accounts/module.js';
import { auditModule } from './audit/module.js';
import { authModule } from './auth/module.js';
import { coverageModule } from './coverage/module.js';
import { dashboardModule } from './dashboard/module.js';
import { developmentModule } from './development/module.js';
import { duesModule } from './dues/module.js';
import { exportsModule } from './exports/module.js';
import { healthModule } from './health/module.js';
import { hoursModule } from './hours/module.js';
import { importsModule } from './imports/module.js';
import { learningModule } from './learning/module.js';
import type { ModuleManifest } from './manifest.js';
import { meetingsModule } from './meetings/module.js';
import { membersModule } from './members/module.js';
import { myModule } from './my/module.js';
import { notificationsModule } from './notifications/module.js';
import { opsModule } from './ops/module.js';
import { orglifeModule } from './orglife/module.js';
import { orgsModule } from './orgs/module.js';
import { pointsModule } from './points/module.js';
import { progressModule } from './progress/module.js';
import { settingsModule } from './settings/module.js';
import { statsModule } from './stats/module.js';
import { transfersModule } from './transfers/module.js';
import { usersModule } from './users/module.js';

export const MODULES: readonly ModuleManifest[] = [
  healthModule,
  authModule,
  usersModule,
  accountsModule,
  settingsModule,
  orgsModule,
  membersModule,
  transfersModule,
  meetingsModule,
  orglifeModule,
  notificationsModule,
  developmentModule,
  duesModule,
  learningModule,
  hoursModule,
  progressModule,
  pointsModule,
  importsModule,
  coverageModule,
  dashboardModule,
  statsModule,
  auditModule,
  exportsModule,
  opsModule,
  myModule,
];

setListeners(MODULES.flatMap((m) => (m.listens ?? []).map((l) => ({ ...l, module: m.name }))));
