/**
 * The report's figures computed in SQL (live for one subtree, and kept for every org of a closed
 * year) equal the reference replay (`replayMember`, through `replayFigures`) on random register
 * histories written to a real database: registrations on the join date or later (补录), transfers
 * inside and across the subtrees' borders and out of the city, probation and confirmation, mobile
 * and lost-contact members, deaths, the four ways of leaving and others, restorations, events
 * without status or category (carried forward), same-day events, back-dated events (recorded after
 * later ones, so ids are out of date order), 29 February birthdays, and branches moving between
 * districts or dissolved during the years. Each run compares random subtrees, years and as-of dates.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personNameKeys } from '../../src/domain/common/pinyin.js';
import { EDUCATION_LEVELS } from '../../src/domain/member/education.js';
import { queryRows } from '../../src/server/db/client.js';
import { members, orgVersions } from '../../src/server/db/schema/index.js';
import { figuresOf } from '../../src/server/modules/stats/figures.js';
import { incrementalFigures } from '../../src/server/modules/stats/incremental.js';
import { closeYears, keepYear, keptFigures, markCorrections } from '../../src/server/modules/stats/kept.js';
import { replayFigures } from '../../src/server/modules/stats/replay-figures.js';
import { setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(async () => {
  await env?.app.close();
});

/** A small seeded generator (mulberry32): fast-check draws the seed, and reports it on a failure. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const day = (fromYear: number, toYear: number) => {
    const y = int(fromYear, toYear);
    const m = int(1, 12);
    const d = int(1, m === 2 ? 28 : 30);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  return { next, int, pick, day };
}

/** An org id in no tree: a transfer out of the city. */
const OUTSIDE = 999_999;

async function writeHistory(seed: number) {
  const r = rng(seed);
  const o = env.fx.org;
  await env.db.execute(
    sql`delete from member_events where member_id in (select id from members where name like '随机%')`,
  );
  await env.db.execute(sql`delete from members where name like '随机%'`);
  await env.db.execute(sql`delete from stats_figures`);
  await env.db.execute(sql`delete from stats_kept_years`);
  await env.db.execute(sql`delete from stats_closing`);
  await env.db.execute(sql`delete from stats_corrections`);

  // The branches move between the districts (and A2 may be dissolved) on random days.
  for (const [branch, home] of [
    [o.branchA2, o.districtA],
    [o.branchB1, o.districtB],
  ] as const) {
    await env.db.execute(sql`delete from org_versions where org_id = ${branch}`);
    const days = [...new Set(Array.from({ length: r.int(0, 3) }, () => r.day(2022, 2026)))]
      .filter((d) => d < TODAY)
      .sort();
    let from = '2010-07-01';
    let parent: number = home;
    let change = 'created';
    let status = 'active';
    for (const d of [...days, null]) {
      await env.db.insert(orgVersions).values({
        orgId: branch,
        validFrom: from,
        validTo: d,
        parentId: parent,
        name: `支部${branch}`,
        kind: 'branch',
        status,
        change,
      });
      if (!d) break;
      from = d;
      if (branch === o.branchA2 && r.next() < 0.2) {
        status = 'dissolved';
        change = 'dissolved';
      } else {
        parent = parent === o.districtA ? o.districtB : o.districtA;
        change = 'moved';
      }
    }
  }

  const places = [o.branchA1, o.branchA2, o.branchB1, o.groupA1, o.districtA, o.city, OUTSIDE];
  const educations = EDUCATION_LEVELS.map((e) => e.code);
  const births = ['1992-02-29', '2000-02-29', '1960-06-15', '1990-12-31', '2003-01-01'];
  const pending: { memberId: number; kind: string; occurredOn: string; orgId: number; data: object }[] = [];
  const count = r.int(8, 24);
  for (let i = 0; i < count; i++) {
    const joinedOn = r.next() < 0.5 ? r.day(2022, 2026) : r.day(1940, 2021);
    const k = personNameKeys('随机党员');
    const [m] = await env.db
      .insert(members)
      .values({
        orgId: o.branchA1,
        orgPath: '0',
        name: `随机${i}`,
        namePinyin: k.pinyin,
        nameInitials: k.initials,
        gender: r.pick(['male', 'female']),
        ethnicity: r.pick(['01', '01', '03']),
        birthDate: r.next() < 0.4 ? r.pick(births) : r.day(1930, 2004),
        education: r.pick(educations),
        category: 'probationary',
        joinedOn: joinedOn < TODAY ? joinedOn : '2021-05-05',
        confirmedOn: null,
      })
      .returning({ id: members.id, joinedOn: members.joinedOn });
    // Registered on joining (the seed, the import) or later (entered through the form: 补录).
    let on = r.next() < 0.7 ? m!.joinedOn : r.day(Number(m!.joinedOn.slice(0, 4)), 2026);
    if (on >= TODAY) on = m!.joinedOn;
    let org = r.pick(places.slice(0, 4));
    pending.push({
      memberId: m!.id,
      kind: 'registered',
      occurredOn: on,
      orgId: org,
      data: { status: 'active', category: 'probationary' },
    });
    for (let j = r.int(0, 6); j > 0; j--) {
      const when = r.next() < 0.15 ? on : r.day(Math.max(2021, Number(on.slice(0, 4))), 2026);
      if (when < on || when >= TODAY) continue;
      const x = r.next();
      if (x < 0.35) {
        org = r.pick(places);
        pending.push({ memberId: m!.id, kind: 'transferred', occurredOn: when, orgId: org, data: {} });
      } else if (x < 0.55) {
        pending.push({
          memberId: m!.id,
          kind: 'status_changed',
          occurredOn: when,
          orgId: org,
          data: { status: 'active', category: 'full' },
        });
      } else if (x < 0.85) {
        const status = r.pick(['active', 'mobile', 'lost_contact', 'deceased', 'left', 'left']);
        const leaveReason =
          status === 'left' ? r.pick(['expelled', 'removed', 'withdrew', 'lapsed', 'other']) : undefined;
        pending.push({
          memberId: m!.id,
          kind: 'status_changed',
          occurredOn: when,
          orgId: org,
          data: {
            status,
            ...(leaveReason ? { leaveReason } : {}),
            ...(r.next() < 0.5 ? { category: r.pick(['full', 'probationary']) } : {}),
          },
        });
      } else {
        // A correction of other fields: no status or category, both carried forward.
        pending.push({
          memberId: m!.id,
          kind: 'updated',
          occurredOn: when,
          orgId: org,
          data: { education: 'bachelor' },
        });
      }
    }
  }
  // Recorded in a shuffled order: a later id may carry an earlier day (a back-dated event).
  for (let i = pending.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [pending[i], pending[j]] = [pending[j]!, pending[i]!];
  }
  for (const e of pending) {
    await env.db.execute(sql`insert into member_events (member_id, kind, occurred_on, org_id, data)
      values (${e.memberId}, ${e.kind}, ${e.occurredOn}, ${e.orgId}, ${JSON.stringify(e.data)}::jsonb)`);
  }
  return r;
}

/** The rules' default `branch.minFullMembers`, which keepYear reads. */
const MIN_FULL = 3;
const roots = () => Object.values(env.fx.org);

describe('figures in SQL equal the replay', () => {
  it('live, for random subtrees, years and as-of dates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const r = await writeHistory(seed);
        for (let k = 0; k < 6; k++) {
          const root = r.pick(roots());
          const to = r.next() < 0.5 ? `${r.int(2022, 2025)}-12-31` : r.day(2022, 2026);
          if (to > TODAY) continue;
          const period = { from: `${to.slice(0, 4)}-01-01`, to };
          const expected = await replayFigures(env.db, root, period, MIN_FULL);
          const actual = (await figuresOf(env.db, { subtree: root }, period, MIN_FULL)).get(root) ?? {};
          expect(actual, `seed ${seed}, org ${root}, ${period.from}..${period.to}`).toEqual(expected ?? {});
        }
      }),
      { numRuns: 12 },
    );
  });

  it('kept, for every org of closed years', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        await writeHistory(seed);
        for (const year of [2023, 2024, 2025]) {
          await env.db.transaction((tx) => keepYear(tx, year));
          for (const root of roots()) {
            const period = { from: `${year}-01-01`, to: `${year}-12-31` };
            const expected = await replayFigures(env.db, root, period, MIN_FULL);
            const kept = await keptFigures(env.db, year, root);
            if (expected === null) expect(kept).toBeNull();
            else expect(kept?.figures ?? {}, `seed ${seed}, org ${root}, ${year}`).toEqual(expected);
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe('the incremental form equals the replay', () => {
  it('at random dates of the year after a kept year, with events, birthdays and corrections since', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const r = await writeHistory(seed);
        const kept = 2025;
        await env.db.transaction((tx) => keepYear(tx, kept));
        const check = async (label: string) => {
          for (let k = 0; k < 6; k++) {
            const root = r.pick(roots());
            // Dates of the next year up to today, 1 January and the days around the birthdays drawn.
            const to = r.pick([r.day(2026, 2026), '2026-01-01', '2026-02-28', '2026-06-15', '2026-11-22']);
            if (to > TODAY) continue;
            const period = { from: '2026-01-01', to };
            const expected = await replayFigures(env.db, root, period, MIN_FULL);
            const got = await incrementalFigures(env.db, root, period, MIN_FULL);
            if (expected === null) continue;
            if ('reason' in got) throw new Error(`${label}: computed in full (${got.reason})`);
            expect(got.figures, `${label}: seed ${seed}, org ${root}, ${period.to}`).toEqual(expected);
          }
        };
        await check('after keeping');
        // Events recorded after keeping: in the window (transfers, status changes) and back-dated
        // into the kept year (late corrections), as the register writes them.
        const ids = await queryRows(
          env.db,
          sql`select id from members where name like '随机%'`,
          z.object({ id: z.number() }),
        );
        const o = env.fx.org;
        let corrected = false;
        for (let i = 0; i < 6 && ids.length; i++) {
          const m = r.pick(ids).id;
          const backDated = r.next() < 0.4;
          corrected ||= backDated;
          const on = backDated ? r.day(2025, 2025) : r.day(2026, 2026);
          if (on >= TODAY) continue;
          const data = r.pick([
            {},
            { status: 'mobile' },
            { status: 'active', category: 'full' },
            { status: 'deceased' },
          ]);
          await env.db.execute(sql`insert into member_events (member_id, kind, occurred_on, org_id, data)
            values (${m}, ${Object.keys(data).length ? 'status_changed' : 'transferred'}, ${on},
              ${r.pick([o.branchA1, o.branchA2, o.branchB1, o.groupA1])}, ${JSON.stringify(data)}::jsonb)`);
        }
        // The daily step finds the corrections, marks the kept states stale and recomputes them.
        const marked = await env.db.transaction((tx) => markCorrections(tx, 'all'));
        if (corrected && marked) {
          const stale = await queryRows(
            env.db,
            sql`select count(*)::int as n from stats_closing where stale_since is not null`,
            z.object({ n: z.number() }),
          );
          if (stale[0]?.n) {
            const any = await incrementalFigures(
              env.db,
              o.city,
              { from: '2026-01-01', to: '2026-11-22' },
              MIN_FULL,
            );
            expect('reason' in any && any.reason).toBe('stale');
          }
        }
        await env.db.transaction((tx) => closeYears(tx, TODAY));
        await check('after corrections and their recomputation');
      }),
      { numRuns: 10 },
    );
  });
});
