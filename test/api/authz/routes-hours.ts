/** The matrix entries of the hours module (issue #20; see kit.ts for what an entry declares). */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Side, sheet } from './base.js';
import { PDF, type World } from './fixture.js';
import { type ContractKey, data, type Me, nothing, type Spec } from './kit.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** A published text item of the org (one per org, made in the database). */
const items = new WeakMap<World, Map<number, number>>();
async function itemOf(w: World, orgId: number) {
  const cache = items.get(w) ?? new Map<number, number>();
  items.set(w, cache);
  const known = cache.get(orgId);
  if (known) return known;
  const [row] = rows<{ id: number }>(
    await w.env.db.execute(sql`insert into learning_items (org_id, org_path, title, kind, body, length_seconds,
        audience, publish_on, status)
      select id, path, '学习党章', 'text', '第一章 党员', 600, '["all"]'::jsonb, '2026-01-01', 'published'
      from orgs where id = ${orgId} returning id`),
  );
  cache.set(orgId, Number(row.id));
  return Number(row.id);
}

async function branchOf(w: World, memberId: number) {
  const [r] = rows<{ org: number }>(
    await w.env.db.execute(sql`select org_id as org from members where id = ${memberId}`),
  );
  return Number(r.org);
}

/**
 * Side A: the caller's own (an item of their branch, their session, their record); side B: branch
 * A2's member 赵刚, whom no identity is (so out of every member's own record: 404).
 */
const target = (w: World, s: Side, me: Me) => (s === 'A' && me.memberId ? me.memberId : w.env.fx.member.a2);

/** A session of the member, made in the database; the token goes with the request. */
async function session(w: World, memberId: number) {
  const token = randomBytes(24).toString('base64url');
  const itemId = await itemOf(w, await branchOf(w, memberId));
  const [[u]] = [
    rows<{ id: number }>(await w.env.db.execute(sql`select id from users where username = 'admin'`)),
  ];
  // One active session per member: the previous case's goes (as a new start would supersede it).
  await w.env.db.execute(
    sql`update study_sessions set status = 'superseded' where member_id = ${memberId} and status = 'active'`,
  );
  await w.env.db.execute(sql`insert into study_sessions (token_hash, member_id, item_id, user_id, device_hash,
      started_at, last_beat_at) values (${sha(token)}, ${memberId}, ${itemId}, ${u.id}, ${sha('device')}, now(), now())`);
  return token;
}

const external = (memberId: number) => ({
  memberId,
  source: 'xuexi',
  title: '学习习近平新时代中国特色社会主义思想',
  studiedOn: '2026-11-01',
  minutes: 40,
});

/** A pending record of the member entered by the root org admin. */
async function record(w: World, memberId: number, evidence = false) {
  const r = await w.admin('POST', '/api/hours/external', external(memberId));
  if (evidence)
    await w.upload(`/api/hours/external/${r.id}/evidence`, {}, { name: '证书.pdf', content: PDF });
  return r.id as number;
}

const own = (evidence = false): Spec => ({
  build: async (w, s, me) => {
    const m = target(w, s, me);
    return { params: { id: await record(w, m, evidence) }, member: m };
  },
});

const atSide =
  (evidence = false): Spec['build'] =>
  async (w, s) => ({
    params: { id: await record(w, w.side[s].member, evidence) },
    org: w.side[s].branch,
  });

export const SPECS_HOURS = {
  // The member's study: only the caller's own member record (learning.study is the member role's).
  'hours.start': {
    build: async (w, s, me) => {
      const m = target(w, s, me);
      return {
        body: { itemId: await itemOf(w, await branchOf(w, m)), deviceId: 'authz-matrix-device' },
        member: m,
      };
    },
  },
  'hours.beat': {
    build: async (w, s, me) => {
      const m = target(w, s, me);
      return {
        body: { token: await session(w, m), seq: 0, position: 0, visible: true, playing: true },
        member: m,
      };
    },
  },
  'hours.end': {
    build: async (w, s, me) => {
      const m = target(w, s, me);
      return { body: { token: await session(w, m), position: 0 }, member: m };
    },
  },
  'hours.myItems': nothing,
  'hours.myLedger': { one: true, build: () => ({ query: { year: 2026 } }) },
  'hours.myExternal': nothing,
  'hours.mySubmitExternal': {
    one: true,
    build: () => ({
      body: { source: 'school', title: '市委党校专题培训', studiedOn: '2026-10-20', minutes: 90 },
    }),
  },
  'hours.myUploadEvidence': {
    build: async (w, s, me) => {
      const m = target(w, s, me);
      return {
        params: { id: await record(w, m) },
        upload: { fields: {}, file: { name: '截图.pdf', content: PDF } },
        member: m,
      };
    },
  },
  'hours.myEvidence': own(true),
  'hours.myWithdrawExternal': own(),

  // The branch's side: a record of the side's branch.
  'hours.externalList': {
    build: (w, s) => ({ query: { orgId: w.side[s].branch }, org: w.side[s].branch }),
    rows: data,
  },
  'hours.externalCreate': {
    build: (w, s) => ({ body: external(w.side[s].member), org: w.side[s].branch }),
  },
  // Names are looked up in the caller's scope; names outside it are row errors (200), never rows.
  'hours.externalImport': {
    one: true,
    build: async () => ({
      upload: {
        fields: {},
        file: {
          name: '学习强国.xlsx',
          content: await sheet('学习记录', [
            ['姓名', '日期', '分钟', '内容'],
            ['李秀英', '2026-11-02', 30, '学习党章'],
          ]),
        },
      },
    }),
  },
  'hours.externalUploadEvidence': {
    build: async (w, s) => ({
      ...(await atSide()(w, s, { username: null, userId: null, memberId: null })),
      upload: { fields: {}, file: { name: '证书.pdf', content: PDF } },
    }),
  },
  'hours.externalEvidence': { build: atSide(true) },
  'hours.externalDecide': {
    build: async (w, s) => ({
      ...(await atSide()(w, s, { username: null, userId: null, memberId: null })),
      body: { decision: 'approve' },
    }),
    // The root org admin entered the record: the two-person rule refuses their own approval.
    alsoOk: [409],
  },
  'hours.externalDelete': { build: atSide() },
  'hours.memberLedger': {
    build: (w, s) => ({
      params: { memberId: w.side[s].member },
      query: { year: 2026 },
      org: w.side[s].branch,
    }),
  },
  'hours.onlineTrace': {
    build: async (w, s) => ({
      params: { memberId: w.side[s].member },
      query: { itemId: await itemOf(w, w.side[s].branch), day: '2026-11-23' },
      org: w.side[s].branch,
    }),
  },
} satisfies Partial<Record<ContractKey, Spec>>;
