import { performance } from 'node:perf_hooks';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, ageOn } from '../../src/domain/common/dates.js';
import { EDUCATION_LEVELS } from '../../src/domain/member/education.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { type Database, openPglite } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import {
  committeeMembers,
  memberEvents,
  members,
  orgs,
  orgTerms,
  roleAssignments,
  transfers,
  users,
} from '../../src/server/db/schema/index.js';
import { buildDemo, type SeedDemoResult, seedDemo } from './demo.js';

const TODAY = '2026-11-23';
const SEED = 20240626;

let database: Database;
let result: SeedDemoResult;
let orgRows: (typeof orgs.$inferSelect)[];
let memberRows: (typeof members.$inferSelect)[];

beforeAll(async () => {
  database = await openPglite(undefined);
  await runMigrations(database);
  const t0 = performance.now();
  result = await seedDemo(database.db, { password: 'demo-password', today: TODAY, seed: SEED });
  const ms = performance.now() - t0;
  console.log(`seedDemo: ${result.orgs} orgs, ${result.members} members in ${Math.round(ms)} ms`);
  orgRows = await database.db.select().from(orgs).orderBy(asc(orgs.id));
  memberRows = await database.db.select().from(members).orderBy(asc(members.id));
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const current = () => memberRows.filter((m) => m.status !== 'left' && m.status !== 'deceased');
const share = (rows: unknown[], total: number) => rows.length / total;

describe('seedDemo', () => {
  it('writes a municipal tree of 300+ orgs and 8,000+ members', () => {
    expect(result.orgs).toBe(orgRows.length);
    expect(result.members).toBe(memberRows.length);
    expect(orgRows.length).toBeGreaterThanOrEqual(300);
    expect(memberRows.length).toBeGreaterThanOrEqual(8000);
    const kinds = new Set(orgRows.map((o) => o.kind));
    for (const k of ['committee', 'general_branch', 'branch', 'joint_branch', 'group'])
      expect(kinds).toContain(k);
    const sectors = new Set(orgRows.map((o) => o.sector));
    for (const s of [
      'government',
      'community',
      'rural',
      'state_enterprise',
      'private_enterprise',
      'school',
    ]) {
      expect(sectors).toContain(s);
    }
    expect(sectors).toContain('social_organization');
    expect(orgRows.filter((o) => o.status === 'dissolved')).toHaveLength(1);
    for (const o of orgRows.filter((x) => x.kind === 'joint_branch')) {
      expect(o.coveredUnits.length).toBeGreaterThanOrEqual(2);
      expect(o.coveredUnits.length).toBeLessThanOrEqual(5);
    }
  });

  it('keeps paths consistent: own id last, parent path first', () => {
    const byId = new Map(orgRows.map((o) => [o.id, o]));
    for (const o of orgRows) {
      const parts = o.path.split('.');
      expect(parts[parts.length - 1]).toBe(String(o.id));
      expect(o.depth).toBe(parts.length - 1);
      if (o.parentId === null) expect(o.path).toBe(String(o.id));
      else expect(o.path.startsWith(`${byId.get(o.parentId)?.path}.`)).toBe(true);
    }
  });

  it('puts members only in branches and joint branches, with their org path', () => {
    const byId = new Map(orgRows.map((o) => [o.id, o]));
    for (const m of memberRows) {
      const org = byId.get(m.orgId);
      expect(org && ['branch', 'joint_branch'].includes(org.kind)).toBe(true);
      expect(org?.status).toBe('active');
      expect(m.orgPath).toBe(org?.path);
      if (m.groupId !== null) expect(byId.get(m.groupId)?.parentId).toBe(m.orgId);
    }
  });

  it('follows the national shares', () => {
    const rows = current();
    const n = rows.length;
    const college = new Set<string>(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code));
    const women = share(
      rows.filter((m) => m.gender === 'female'),
      n,
    );
    const minorities = share(
      rows.filter((m) => m.ethnicity !== '01'),
      n,
    );
    const educated = share(
      rows.filter((m) => college.has(m.education)),
      n,
    );
    const old = share(
      rows.filter((m) => ageOn(m.birthDate, TODAY) >= 61),
      n,
    );
    console.log(
      `shares: women ${(women * 100).toFixed(1)} %, minorities ${(minorities * 100).toFixed(1)} %, ` +
        `college ${(educated * 100).toFixed(1)} %, 61+ ${(old * 100).toFixed(1)} %`,
    );
    expect(women).toBeGreaterThanOrEqual(0.28);
    expect(women).toBeLessThanOrEqual(0.34);
    expect(minorities).toBeGreaterThanOrEqual(0.05);
    expect(minorities).toBeLessThanOrEqual(0.11);
    expect(educated).toBeGreaterThanOrEqual(0.52);
    expect(educated).toBeLessThanOrEqual(0.63);
    expect(old).toBeGreaterThanOrEqual(0.23);
    expect(old).toBeLessThanOrEqual(0.33);
    for (const m of memberRows) {
      const age = ageOn(m.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(19);
      expect(age).toBeLessThanOrEqual(95);
    }
  });

  it('gives every member a valid ID number that agrees with birth date and gender', () => {
    const seen = new Set<string>();
    for (const m of memberRows) {
      const id = m.idNumber ?? '';
      expect(id).toMatch(/^62\d{15}[\dX]$/);
      expect(id[17]).toBe(idNumberCheckDigit(id.slice(0, 17)));
      expect(id.slice(6, 14)).toBe(m.birthDate.replaceAll('-', ''));
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(m.gender);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (m.phone !== null) expect(m.phone).toMatch(/^1\d{10}$/);
    }
  });

  it('has no member who joined before 18, and consistent categories', () => {
    for (const m of memberRows) {
      expect(m.joinedOn >= addYears(m.birthDate, 18)).toBe(true);
      expect(m.joinedOn <= TODAY).toBe(true);
      if (m.category === 'full') {
        expect(m.confirmedOn).not.toBeNull();
        expect((m.confirmedOn ?? '') <= TODAY).toBe(true);
      } else {
        expect(m.confirmedOn).toBeNull();
        // Probation runs a year; a few are a few weeks past it, awaiting the branch's discussion.
        expect(m.joinedOn > addYears(TODAY, -2)).toBe(true);
      }
      if (m.status === 'left') expect(m.leaveReason && m.leftOn).toBeTruthy();
    }
    const probationary = share(
      memberRows.filter((m) => m.category === 'probationary'),
      memberRows.length,
    );
    expect(probationary).toBeGreaterThan(0.02);
    expect(probationary).toBeLessThan(0.06);
    const overdue = memberRows.filter(
      (m) => m.category === 'probationary' && m.joinedOn < addYears(TODAY, -1),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(memberRows.filter((m) => m.category === 'probationary').length / 5);
  });

  it('registers every member in member_events', async () => {
    const events = await database.db
      .select({ memberId: memberEvents.memberId })
      .from(memberEvents)
      .where(eq(memberEvents.kind, 'registered'));
    expect(new Set(events.map((e) => e.memberId)).size).toBe(memberRows.length);
    const moved = await database.db.select().from(memberEvents).where(eq(memberEvents.kind, 'transferred'));
    expect(moved).toHaveLength(1);
  });

  it('varies branch sizes and records committees with exactly one probationary member', async () => {
    const counts = new Map<number, number>();
    for (const m of current()) counts.set(m.orgId, (counts.get(m.orgId) ?? 0) + 1);
    const sizes = [...counts.values()];
    expect(sizes.filter((s) => s > 50).length).toBeGreaterThanOrEqual(3);
    expect(sizes.filter((s) => s < 3).length).toBeGreaterThanOrEqual(2);
    const seats = await database.db
      .select({ memberId: committeeMembers.memberId, orgId: committeeMembers.orgId })
      .from(committeeMembers);
    const byId = new Map(memberRows.map((m) => [m.id, m]));
    expect(seats.filter((s) => byId.get(s.memberId)?.category === 'probationary')).toHaveLength(1);
    const terms = await database.db.select().from(orgTerms);
    expect(terms.some((t) => t.termEnd < TODAY)).toBe(true);
    expect(terms.length).toBeGreaterThan(200);
  });

  it('is deterministic: same seed, same people', () => {
    // The database was seeded with SEED: a fresh generation with SEED gives the same people.
    const again = buildDemo({ today: TODAY, seed: SEED }).members.slice(0, 20);
    expect(again.map((m) => m.name)).toEqual(memberRows.slice(0, 20).map((m) => m.name));
    expect(again.map((m) => m.idNumber)).toEqual(memberRows.slice(0, 20).map((m) => m.idNumber));
    const other = buildDemo({ today: TODAY, seed: SEED + 1 }).members.slice(0, 20);
    expect(other.map((m) => m.name)).not.toEqual(again.map((m) => m.name));
  });

  it('creates the six demo users and the transfers', async () => {
    const rows = await database.db.select().from(users);
    expect(rows.map((u) => u.username).sort()).toEqual([...result.users].sort());
    expect([...result.users].sort()).toEqual([
      'admin',
      'auditor',
      'district',
      'member',
      'secretary',
      'sysadmin',
    ]);
    const roles = await database.db.select().from(roleAssignments);
    expect(roles.length).toBe(7);
    const secretary = rows.find((u) => u.username === 'secretary');
    const member = rows.find((u) => u.username === 'member');
    expect(secretary?.memberId).not.toBeNull();
    expect(member?.memberId).not.toBeNull();
    const t = await database.db.select().from(transfers);
    expect(t.map((x) => x.status).sort()).toEqual(['accepted', 'pending', 'pending', 'rejected']);
  });
});
