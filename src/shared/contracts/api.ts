/**
 * Every endpoint's contract, by API area. The server refuses to start while one of them has no
 * route (a module missing from the registry); the web calls them through src/web/api/contract.ts.
 */
import { accountsApi } from './accounts.js';
import { auditApi } from './audit.js';
import { authApi } from './auth.js';
import { coverageApi } from './coverage.js';
import { dashboardApi } from './dashboard.js';
import { developmentApi } from './development.js';
import { duesApi } from './dues.js';
import { duesOnlineApi } from './dues-online.js';
import { exportsApi } from './exports.js';
import { healthApi } from './health.js';
import { hoursApi } from './hours.js';
import { importsApi } from './imports.js';
import { learningApi } from './learning.js';
import { meetingsApi } from './meetings.js';
import { membersApi } from './members.js';
import { myApi } from './my.js';
import { notificationsApi } from './notifications.js';
import { opsApi } from './ops.js';
import { orglifeApi } from './orglife.js';
import { orgsApi } from './orgs.js';
import { pointsApi } from './points.js';
import { progressApi } from './progress.js';
import type { ContractGroup, RouteContract } from './route.js';
import { rulesApi } from './rules.js';
import { statsApi } from './stats.js';
import { transfersApi } from './transfers.js';
import { usersApi } from './users.js';

export const API = {
  accounts: accountsApi,
  audit: auditApi,
  auth: authApi,
  coverage: coverageApi,
  dashboard: dashboardApi,
  development: developmentApi,
  dues: duesApi,
  duesOnline: duesOnlineApi,
  exports: exportsApi,
  health: healthApi,
  hours: hoursApi,
  imports: importsApi,
  learning: learningApi,
  meetings: meetingsApi,
  members: membersApi,
  my: myApi,
  notifications: notificationsApi,
  ops: opsApi,
  orglife: orglifeApi,
  orgs: orgsApi,
  points: pointsApi,
  progress: progressApi,
  rules: rulesApi,
  stats: statsApi,
  transfers: transfersApi,
  users: usersApi,
} satisfies Record<string, ContractGroup>;

export const API_CONTRACTS: readonly RouteContract[] = Object.values(
  API as Record<string, ContractGroup>,
).flatMap((group) => Object.values(group));
