/**
 * What a module tells the platform about itself (docs/ARCHITECTURE.md, "Adding a module"). The
 * registry (./registry.ts) lists every module's manifest; app.ts, the daily job, the exports
 * route, the audit labels and the test reset read it, so a module that is not in the registry
 * serves no route, runs no job and, because its contracts stay unbound, stops the start-up.
 */

import type { PgTable } from 'drizzle-orm/pg-core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { IsoDate } from '../../domain/common/dates.js';
import type { AuditAction } from '../../shared/contracts/audit.js';
import type { RouteContract } from '../../shared/contracts/route.js';
import type { AppConfig } from '../config.js';
import type { Database, Db, Tx } from '../db/client.js';
import type { RequestContext } from '../lib/context.js';
import type { RouteBinding } from '../lib/route.js';
import type { Listener } from '../lib/unit-of-work.js';

export interface ModuleDeps {
  config: AppConfig;
  database: Database;
  clock: () => Date;
  /** Every module's manifest (the exports module registers the others' export definitions). */
  modules: readonly ModuleManifest[];
}

/** One step of the daily job, run inside the job's transaction in registry order. */
export interface DailyStep {
  /** `module.step`, e.g. `dues.reminders`. */
  name: string;
  /** Answers figures for the job's result (notifications written, items found). */
  run(tx: Tx, today: IsoDate): Promise<Record<string, number | boolean>>;
}

/**
 * An .xlsx export of a list: the contract (GET, the list's query without paging, a file response)
 * and the function that streams every row the filters match. The exports module registers each one
 * with the watermark and the audit entry.
 */
export interface ExportDefinition<C extends RouteContract = RouteContract> {
  contract: C;
  /** What the file holds, for the audit entry and the sheet's title (党员名册). */
  what: string;
  run(
    reply: FastifyReply,
    db: Db,
    ctx: RequestContext,
    query: z.output<NonNullable<C['query']>>,
  ): Promise<unknown>;
}

/** Keeps an export's query and function typed together in a manifest's list. */
export const exportOf = <C extends RouteContract>(def: ExportDefinition<C>) =>
  def as unknown as ExportDefinition;

export interface ModuleManifest {
  /** The folder name under src/server/modules. */
  name: string;
  /** The module in Chinese (党费). */
  label: string;
  /** Its endpoints: one binding per contract it serves. */
  routes?: (deps: ModuleDeps) => readonly RouteBinding[];
  /**
   * Prepares the module's own Fastify scope before its routes (e.g. multipart with its own size
   * limits). Each module's routes live in their own encapsulated scope.
   */
  setup?: (scope: FastifyInstance, deps: ModuleDeps) => Promise<void>;
  dailySteps?: readonly DailyStep[];
  exports?: readonly ExportDefinition[];
  /** The audit actions the module writes (their labels live in src/shared/contracts/audit.ts). */
  auditActions: readonly AuditAction[];
  /** The tables it owns; the test reset truncates them. */
  tables: readonly PgTable[];
  /**
   * Tables it owns that exist only in SQL migrations (kept figures maintained by triggers, not in
   * the Drizzle schema); the test reset truncates them with `tables`.
   */
  sqlTables?: readonly string[];
  /** Tables it owns whose rows a migration writes (kept by the test reset). */
  seededTables?: readonly PgTable[];
  /** Derived data it keeps up to date when a unit of work touches a topic. */
  listens?: readonly Omit<Listener, 'module'>[];
}

export const defineModule = (m: ModuleManifest): ModuleManifest => m;
