/** The matrix entries of the learning module (issue #20; see kit.ts for what an entry declares). */
import { addDays } from '../../../src/domain/common/dates.js';
import { TODAY } from '../harness.js';
import type { Side, World } from './fixture.js';
import { br, type ContractKey, data, listAt, nothing, type Spec } from './kit.js';

const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(40 * 1024, 3)]);

const text = (w: World, s: Side, over: Record<string, unknown> = {}) => ({
  orgId: br(w, s),
  title: '学习党章党规',
  kind: 'text',
  body: '党章是党的根本大法，是全党必须遵循的总规矩。',
  lengthSeconds: 600,
  publishOn: '2026-11-01',
  ...over,
});

async function item(w: World, s: Side, over: Record<string, unknown> = {}) {
  return (await w.admin('POST', '/api/learning/items', text(w, s, over))).id as number;
}
async function publishedItem(w: World, s: Side) {
  const id = await item(w, s);
  await w.admin('POST', `/api/learning/items/${id}/publish`, {});
  return id;
}
async function videoItem(w: World, s: Side) {
  const id = await item(w, s, { kind: 'video', body: '', lengthSeconds: 60 });
  await w.upload(`/api/learning/items/${id}/file`, {}, { name: '党课.webm', content: WEBM });
  return id;
}
async function klass(w: World, s: Side, over: Record<string, unknown> = {}) {
  const c = await w.admin('POST', '/api/learning/classes', {
    orgId: br(w, s),
    kind: 'tutorial',
    title: '专题辅导：党纪学习教育',
    startsOn: addDays(TODAY, -2),
    endsOn: addDays(TODAY, 2),
    creditHours: 2,
    ...over,
  });
  return c.id as number;
}
async function rosteredClass(w: World, s: Side) {
  const id = await klass(w, s);
  await w.admin('POST', `/api/learning/classes/${id}/roster`, { memberIds: [w.side[s].member] });
  return id;
}

/** Records made once per side (the reads and the idempotent writes aim at them). */
const once = new WeakMap<World, Map<string, Promise<number>>>();
function shared(w: World, key: string, make: () => Promise<number>) {
  const m = once.get(w) ?? new Map<string, Promise<number>>();
  once.set(w, m);
  const p = m.get(key) ?? make();
  m.set(key, p);
  return p;
}
const sharedItem = (w: World, s: Side) => shared(w, `item${s}`, () => publishedItem(w, s));
const sharedVideo = (w: World, s: Side) =>
  shared(w, `video${s}`, async () => {
    const id = await videoItem(w, s);
    await w.admin('POST', `/api/learning/items/${id}/publish`, {});
    return id;
  });
const sharedClass = (w: World, s: Side) => shared(w, `class${s}`, () => rosteredClass(w, s));

export const SPECS_LEARNING = {
  'learning.items': { build: listAt(), rows: data },
  'learning.item': { build: async (w, s) => ({ params: { id: await sharedItem(w, s) }, org: br(w, s) }) },
  'learning.createItem': { build: (w, s) => ({ body: text(w, s), org: br(w, s) }) },
  'learning.patchItem': {
    build: async (w, s) => ({
      params: { id: await sharedItem(w, s) },
      body: { summary: '修订简介' },
      org: br(w, s),
    }),
  },
  'learning.uploadItemFile': {
    build: async (w, s) => ({
      params: { id: await item(w, s, { kind: 'video', body: '', lengthSeconds: 60 }) },
      upload: { fields: { lengthSeconds: '60' }, file: { name: '党课.webm', content: WEBM } },
      org: br(w, s),
    }),
  },
  'learning.itemFile': {
    build: async (w, s) => ({ params: { id: await sharedVideo(w, s) }, org: br(w, s) }),
  },
  'learning.publishItem': { build: async (w, s) => ({ params: { id: await item(w, s) }, org: br(w, s) }) },
  'learning.withdrawItem': {
    build: async (w, s) => ({ params: { id: await publishedItem(w, s) }, org: br(w, s) }),
  },
  // The member's own list: whatever org the member role is held at; an item is found only when
  // it is visible to the caller (published above their branch for their audience), else 404.
  'learning.myItems': nothing,
  'learning.myItem': { build: async (w, s) => ({ params: { id: await sharedItem(w, s) } }), alsoOk: [404] },
  'learning.myItemFile': {
    build: async (w, s) => ({ params: { id: await sharedVideo(w, s) } }),
    alsoOk: [404],
  },
  'learning.myClasses': nothing,
  'learning.classes': { build: listAt({ year: 2026 }), rows: data },
  'learning.class': { build: async (w, s) => ({ params: { id: await sharedClass(w, s) }, org: br(w, s) }) },
  'learning.createClass': {
    build: (w, s) => ({
      body: {
        orgId: br(w, s),
        kind: 'training',
        title: '新党员集中培训',
        startsOn: TODAY,
        endsOn: addDays(TODAY, 1),
        creditHours: 8,
      },
      org: br(w, s),
    }),
  },
  'learning.patchClass': {
    build: async (w, s) => ({
      params: { id: await sharedClass(w, s) },
      body: { place: '党群服务中心' },
      org: br(w, s),
    }),
  },
  'learning.cancelClass': { build: async (w, s) => ({ params: { id: await klass(w, s) }, org: br(w, s) }) },
  'learning.finishClass': {
    build: async (w, s) => ({
      params: { id: await klass(w, s, { startsOn: TODAY, endsOn: TODAY }) },
      org: br(w, s),
    }),
  },
  'learning.rosterCandidates': {
    build: async (w, s) => ({ params: { id: await sharedClass(w, s) }, org: br(w, s) }),
  },
  'learning.addRoster': {
    build: async (w, s) => ({
      params: { id: await klass(w, s) },
      body: { memberIds: [w.side[s].member] },
      org: br(w, s),
    }),
  },
  'learning.removeRoster': {
    build: async (w, s) => ({
      params: { id: await rosteredClass(w, s), memberId: w.side[s].member },
      org: br(w, s),
    }),
  },
  'learning.setAttendance': {
    build: async (w, s) => ({
      params: { id: await sharedClass(w, s) },
      body: { memberId: w.side[s].member, day: TODAY, present: true },
      org: br(w, s),
    }),
  },
  'learning.createDayToken': {
    build: async (w, s) => ({ params: { id: await sharedClass(w, s) }, body: { day: TODAY }, org: br(w, s) }),
  },
  'learning.checkinPreview': {
    one: true,
    build: async (w) => ({ body: { classId: await sharedClass(w, 'A'), token: 'not-a-real-code-000' } }),
  },
  'learning.checkin': {
    one: true,
    build: async (w) => ({ body: { classId: await sharedClass(w, 'A'), token: 'not-a-real-code-000' } }),
    // A wrong code signs nobody in (400 names the token field); what matters: no 5xx, 401/403 as due.
    alsoOk: [400],
  },
} satisfies Partial<Record<ContractKey, Spec>>;
