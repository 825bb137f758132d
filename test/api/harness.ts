import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { expect, inject } from 'vitest';
import { z } from 'zod';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { type Database, type Db, openPglite, openPostgres, queryRows } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import {
  committeeMembers,
  dataKeys,
  memberEvents,
  members,
  orgs,
  orgTerms,
  orgVersions,
  roleAssignments,
  users,
} from '../../src/server/db/schema/index.js';
import { dropCaches } from '../../src/server/lib/cache.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { loadDataKeys, parseKek, seal } from '../../src/server/lib/pii.js';
import { MODULES } from '../../src/server/modules/registry.js';
import { databaseFromTemplate } from '../embedded-cluster.js';

/**
 * The suite's deployment key (lib/pii.ts), fixed so that a PostgreSQL test database kept between
 * runs still opens; every app the suite builds reads it from the environment like production.
 */
process.env.JICENG_DATA_KEY ??= Buffer.alloc(32, 0x6a).toString('base64');
export const TEST_KEK = parseKek(process.env.JICENG_DATA_KEY, 'JICENG_DATA_KEY');

/**
 * The API suite's database. By default a database of each test file's own on the embedded
 * PostgreSQL the global setup started (test/api/global-setup.ts), made from the migrated template:
 * what a file's app leaves running in the background (an import's commit, a job) cannot reach the
 * next file's rows or locks. With DATABASE_URL (the CI's second pass, on the system PostgreSQL 15)
 * one database, reset before each file; PGlite in memory, one per worker, when the embedded
 * PostgreSQL cannot run here or JICENG_EMBEDDED=pglite.
 */
const apiCluster = process.env.DATABASE_URL ? null : inject('apiCluster');
/** Whether the suite runs on PostgreSQL (embedded or DATABASE_URL) rather than PGlite. */
export const ON_POSTGRES = !!(process.env.DATABASE_URL || apiCluster);
let files = 0;
/** The current file's database on the embedded cluster (a name of this process and file). */
let fileDatabaseUrl: string | undefined;

/** The suite's database address now: DATABASE_URL, or the file's database on the embedded cluster. */
export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL ?? fileDatabaseUrl;

let shared: Promise<Database> | null = null;
let sharedFor: string | undefined;
export function testDatabase(): Promise<Database> {
  // The workers run many files each (isolate: false): a file of its own on the embedded cluster.
  const file = apiCluster ? (expect.getState().testPath ?? '') : '';
  if (!shared || sharedFor !== file) {
    sharedFor = file;
    shared = (async () => {
      if (apiCluster) {
        fileDatabaseUrl = await databaseFromTemplate(
          apiCluster.url,
          `jiceng_api_${process.pid}_${++files}`,
          apiCluster.template,
        );
      }
      const url = testDatabaseUrl();
      // The previous file's pool is left open: its idle connections close by themselves (10 s),
      // and whatever that file's app still runs finishes on its own database.
      const database = url ? await openPostgres(url, 4) : await openPglite(undefined);
      await runMigrations(database);
      return database;
    })();
  }
  return shared;
}

export const PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | null = null;

/**
 * Empties every table a module owns (the registry's `tables`; `seededTables` keep what the
 * migrations wrote). A module's new table is reset without touching this file.
 */
export async function resetDatabase(db: Db) {
  // The data keys stay: this process holds them (lib/pii.ts), and every sealed value goes anyway.
  const names = [
    ...MODULES.flatMap((m) => m.tables)
      .filter((t) => t !== dataKeys)
      .map((t) => getTableName(t)),
    ...MODULES.flatMap((m) => m.sqlTables ?? []),
  ].map((name) => sql.identifier(name));
  await db.execute(sql`truncate table ${sql.join(names, sql`, `)} restart identity cascade`);
  // Sessions and rules kept in the process (lib/cache.ts) belonged to the rows just emptied.
  dropCaches();
}

/**
 * A test that writes users, grants, sessions or rules straight into the tables (not through the
 * application, which invalidates what it changes) drops what the process keeps afterwards.
 */
export { dropCaches };

/** Today in the tests; the clock below is set to noon Shanghai time of this day. */
export const TODAY = '2026-11-23';
export const NOW = new Date('2026-11-23T04:00:00Z');

export interface Fixture {
  org: Record<'city' | 'districtA' | 'districtB' | 'branchA1' | 'branchA2' | 'branchB1' | 'groupA1', number>;
  member: Record<'secA1' | 'plainA1' | 'probA1' | 'a2' | 'b1', number>;
}

type OrgSeed = {
  key: keyof Fixture['org'];
  parent: keyof Fixture['org'] | null;
  name: string;
  kind: string;
  sector: string;
};

/**
 * A small tree: 市委 → 甲区委 (branches A1 with a group, A2) and 乙区委 (branch B1), with
 * members in each branch and users holding every role.
 */
export async function seedFixture(db: Db): Promise<Fixture> {
  await loadDataKeys(db, { kek: TEST_KEK });
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const spec: OrgSeed[] = [
    { key: 'city', parent: null, name: '中共测试市委员会', kind: 'committee', sector: 'government' },
    { key: 'districtA', parent: 'city', name: '中共甲区委员会', kind: 'committee', sector: 'government' },
    { key: 'districtB', parent: 'city', name: '中共乙区委员会', kind: 'committee', sector: 'government' },
    {
      key: 'branchA1',
      parent: 'districtA',
      name: '中共甲区幸福社区支部委员会',
      kind: 'branch',
      sector: 'community',
    },
    {
      key: 'branchA2',
      parent: 'districtA',
      name: '中共甲区和平村支部委员会',
      kind: 'branch',
      sector: 'rural',
    },
    {
      key: 'branchB1',
      parent: 'districtB',
      name: '中共乙区光明社区支部委员会',
      kind: 'branch',
      sector: 'community',
    },
    { key: 'groupA1', parent: 'branchA1', name: '第一党小组', kind: 'group', sector: 'community' },
  ];
  // 有发展党员审批权: the city and district committees approve the admissions of their branches.
  const approving = new Set<keyof Fixture['org']>(['city', 'districtA', 'districtB']);
  const org = {} as Fixture['org'];
  const paths: Record<string, string> = {};
  for (const s of spec) {
    const parentId = s.parent ? org[s.parent] : null;
    const parentPath = s.parent ? paths[s.parent] : null;
    const [row] = await db
      .insert(orgs)
      .values({
        parentId,
        path: parentPath ?? '0',
        depth: parentPath ? parentPath.split('.').length : 0,
        name: s.name,
        namePinyin: '',
        nameInitials: '',
        kind: s.kind,
        sector: s.sector,
        foundedOn: '2010-07-01',
        approvesDevelopment: approving.has(s.key),
      })
      .returning({ id: orgs.id });
    const path = parentPath ? `${parentPath}.${row.id}` : String(row.id);
    await db.update(orgs).set({ path }).where(sql`id = ${row.id}`);
    await db.insert(orgVersions).values({
      orgId: row.id,
      validFrom: '2010-07-01',
      parentId,
      name: s.name,
      kind: s.kind,
      status: 'active',
      change: 'created',
    });
    org[s.key] = row.id;
    paths[s.key] = path;
  }
  // Set the pinyin search keys the way the app does.
  const { orgNameKeys, personNameKeys } = await import('../../src/domain/common/pinyin.js');
  for (const s of spec) {
    const k = orgNameKeys(s.name);
    await db
      .update(orgs)
      .set({ namePinyin: k.pinyin, nameInitials: k.initials })
      .where(sql`id = ${org[s.key]}`);
  }
  const person = (
    name: string,
    orgKey: keyof Fixture['org'],
    extra: Partial<typeof members.$inferInsert> = {},
  ): typeof members.$inferInsert => {
    const k = personNameKeys(name);
    return {
      orgId: org[orgKey],
      orgPath: paths[orgKey],
      name,
      namePinyin: k.pinyin,
      nameInitials: k.initials,
      gender: 'male',
      ethnicity: '01',
      birthDate: '1980-01-01',
      education: 'bachelor',
      category: 'full',
      status: 'active',
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
      ...extra,
    };
  };
  const sealedPerson = (idNumber: string, phone: string) => {
    const id = seal('idNumber', idNumber);
    const p = seal('phone', phone);
    return {
      ...{ idNumberEnc: id.enc, idNumberHash: id.hash, idNumberMasked: id.masked },
      ...{ phoneEnc: p.enc, phoneHash: p.hash, phoneMasked: p.masked },
    };
  };
  // 620102198001010017 is a valid GB 11643 number for a man born 1980-01-01.
  const rows = await db
    .insert(members)
    .values([
      person('张建国', 'branchA1', sealedPerson('620102198001010017', '13800001111')),
      person('李秀英', 'branchA1', { gender: 'female', birthDate: '1985-03-08' }),
      person('王小明', 'branchA1', {
        category: 'probationary',
        birthDate: '2000-05-04',
        joinedOn: '2026-06-01',
        confirmedOn: null,
      }),
      person('赵刚', 'branchA2'),
      person('陈静', 'branchB1', {
        gender: 'female',
        birthDate: '1990-09-09',
        joinedOn: '2012-07-01',
        confirmedOn: '2013-07-01',
      }),
    ])
    .returning({ id: members.id });
  const member = {
    secA1: rows[0].id,
    plainA1: rows[1].id,
    probA1: rows[2].id,
    a2: rows[3].id,
    b1: rows[4].id,
  };
  const [term] = await db
    .insert(orgTerms)
    .values({ orgId: org.branchA1, termStart: '2024-03-01', termEnd: '2027-03-01' })
    .returning();
  await db.insert(committeeMembers).values({
    orgId: org.branchA1,
    termId: term.id,
    memberId: member.secA1,
    role: 'secretary',
    startedOn: '2024-03-01',
  });
  const userSpec: Array<[string, string, number | null, Array<[string, keyof Fixture['org']]>]> = [
    ['admin', '市委组织部', null, [['org_admin', 'city']]],
    ['districtA', '甲区委组织部', null, [['org_admin', 'districtA']]],
    [
      'secA1',
      '张建国',
      member.secA1,
      [
        ['secretary', 'branchA1'],
        ['member', 'branchA1'],
      ],
    ],
    ['memberA1', '李秀英', member.plainA1, [['member', 'branchA1']]],
    ['auditor', '审计员', null, [['auditor', 'city']]],
    ['auditorB', '乙区审计员', null, [['auditor', 'districtB']]],
    ['sysadmin', '系统管理员', null, [['sysadmin', 'city']]],
    ['secadmin', '安全管理员', null, [['security_admin', 'city']]],
  ];
  for (const [username, displayName, memberId, grants] of userSpec) {
    const [u] = await db
      .insert(users)
      .values({ username, displayName, passwordHash: hash, memberId })
      .returning();
    await db
      .insert(roleAssignments)
      .values(grants.map(([role, key]) => ({ userId: u.id, role, orgId: org[key] })));
  }
  return { org, member };
}

/**
 * The suite's server log: info and above, appended to one file per worker
 * (reports/api-logs/<pid>.log, emptied when the run starts) and never to stdout.
 * `scripts/scan-logs.ts` scans it for ID numbers and phones after the run (docs/security.md).
 */
export const API_LOG_DIR = path.resolve('reports/api-logs');
let logStream: DestinationStream | null = null;
export function apiLogStream(): DestinationStream {
  if (!logStream) {
    fs.mkdirSync(API_LOG_DIR, { recursive: true });
    const file = path.join(API_LOG_DIR, `${process.pid}.log`);
    // Appended synchronously: a worker that dies still leaves every line it wrote. A run started
    // meanwhile empties the directory (test/api/global-setup.ts): make it again rather than fail.
    const append = (line: string) => fs.appendFileSync(file, line);
    logStream = {
      write: (line: string) => {
        try {
          append(line);
        } catch {
          fs.mkdirSync(API_LOG_DIR, { recursive: true });
          append(line);
        }
      },
    };
  }
  return logStream;
}

export interface TestEnv {
  app: App;
  db: Db;
  fx: Fixture;
  /** Signs in and returns the cookie header for the user. */
  login(username: string): Promise<string>;
  clock: { now: Date };
}

export async function setupEnv(): Promise<TestEnv> {
  const database = await testDatabase();
  await resetDatabase(database.db);
  const fx = await seedFixture(database.db);
  const clock = { now: NOW };
  // Files the app keeps (uploads being checked) go to a directory of this run, never ./data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-api-'));
  const config = {
    ...loadConfig({ LOG_LEVEL: 'info', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }),
    loginRateLimit: 1000,
  };
  const app = await buildApp({ config, database, clock: () => clock.now, logStream: apiLogStream() });
  app.addHook('onClose', async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  await app.ready();
  const cookies = new Map<string, string>();
  return {
    app,
    db: database.db,
    fx,
    clock,
    async login(username: string) {
      const cached = cookies.get(username);
      if (cached) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0];
      cookies.set(username, cookie);
      return cookie;
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely, each assertion says what it expects
export const json = <T = any>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;

/** Request helpers for a suite's env: `user` signs in as that user, none sends no cookie. */
export function requests(envOf: () => TestEnv) {
  const headers = async (user?: string) => (user ? { cookie: await envOf().login(user) } : {});
  const send = async (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload: unknown,
    user?: string,
  ) => envOf().app.inject({ method, url, payload: payload as object, headers: await headers(user) });
  return {
    get: async (url: string, user?: string) => envOf().app.inject({ url, headers: await headers(user) }),
    send,
    post: (url: string, payload: unknown, user?: string) => send('POST', url, payload, user),
  };
}

/**
 * The register history the seed and the import write for every member: registered at joining
 * (probationary), confirmed a year on (full). The reports replay it.
 */
export async function writeRegisterHistory(db: Db) {
  const rows = await queryRows(
    db,
    sql`select id, org_id, joined_on::text as joined, confirmed_on::text as confirmed from members`,
    z.object({ id: z.number(), org_id: z.number(), joined: z.string(), confirmed: z.string().nullable() }),
  );
  for (const m of rows) {
    await db.insert(memberEvents).values({
      memberId: m.id,
      kind: 'registered',
      occurredOn: m.joined,
      orgId: m.org_id,
      data: { status: 'active', category: 'probationary' },
    });
    if (m.confirmed) {
      await db.insert(memberEvents).values({
        memberId: m.id,
        kind: 'status_changed',
        occurredOn: m.confirmed,
        orgId: m.org_id,
        data: { status: 'active', category: 'full' },
      });
    }
  }
}
