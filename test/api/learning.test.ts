/**
 * Learning content and classes (issue #20, decision 0045): items created, uploaded, published and
 * seen by their audience in the publishing org's subtree; files streamed with range requests;
 * classes with a roster, manual and QR attendance and completion; scope and validation.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeMembers, roleAssignments, users } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { completedClassesOf, visibleItemForMember } from '../../src/server/modules/learning/index.js';
import { multipart } from './authz/base.js';
import { json, PASSWORD, requests, setupEnv, type TestEnv, TODAY } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
  const hash = await hashPassword(PASSWORD);
  // 陈静 of branch B1 and 王小明 (probationary, A1) get member accounts.
  for (const [username, displayName, memberId, orgId] of [
    ['memberB1', '陈静', env.fx.member.b1, env.fx.org.branchB1],
    ['probA1', '王小明', env.fx.member.probA1, env.fx.org.branchA1],
  ] as const) {
    const [u] = await env.db
      .insert(users)
      .values({ username, displayName, passwordHash: hash, memberId })
      .returning();
    await env.db.insert(roleAssignments).values({ userId: u.id, role: 'member', orgId });
  }
});
afterAll(() => env.app.close());
const { get, post, send } = requests(() => env);

const WEBM_HEAD = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
/** 100 KB that begins like a WebM file (the server checks the first bytes, it does not decode). */
const fakeWebm = Buffer.concat([WEBM_HEAD, Buffer.alloc(100 * 1024 - WEBM_HEAD.length, 7)]);

async function upload(
  id: number,
  name: string,
  content: Buffer,
  fields: Record<string, string> = {},
  user = 'districtA',
) {
  const m = multipart(fields, { name, content });
  return env.app.inject({
    method: 'POST',
    url: `/api/learning/items/${id}/file`,
    payload: m.payload,
    headers: { cookie: await env.login(user), 'content-type': m.contentType },
  });
}

const textItem = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.org.districtA,
  title: '学习贯彻党的二十大精神辅导读本',
  kind: 'text',
  summary: '第一讲',
  body: '高举中国特色社会主义伟大旗帜，全面贯彻新时代中国特色社会主义思想。'.repeat(3),
  lengthSeconds: 900,
  publishOn: '2026-11-01',
  ...over,
});

async function createItem(body: Record<string, unknown>, user = 'districtA') {
  const res = await post('/api/learning/items', body, user);
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

const myIds = async (user: string) =>
  (json(await get('/api/learning/my/items?pageSize=200', user)).data as Array<{ id: number }>).map(
    (x) => x.id,
  );

describe('items', () => {
  it('refuses what is wrong, naming the field', async () => {
    const res = await post(
      '/api/learning/items',
      textItem({ title: '学', lengthSeconds: 5, body: '' }),
      'districtA',
    );
    expect(res.statusCode).toBe(400);
    const fields = (json(res).details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'lengthSeconds']));
    // A text item needs its text.
    const noBody = await post('/api/learning/items', textItem({ body: '' }), 'districtA');
    expect(noBody.statusCode).toBe(400);
    expect(json(noBody).details[0]).toMatchObject({ field: 'body' });
    // An org outside the caller's scope is not found.
    const out = await post('/api/learning/items', textItem({ orgId: env.fx.org.districtB }), 'districtA');
    expect(out.statusCode).toBe(404);
    // A member may study, not publish.
    expect((await post('/api/learning/items', textItem(), 'memberA1')).statusCode).toBe(403);
  });

  it('a published item reaches the members of the subtree from its publish date, by audience', async () => {
    const all = await createItem(textItem());
    const leaders = await createItem(
      textItem({ title: '基层党组织书记履职要点', audience: ['secretaries'] }),
    );
    const prob = await createItem(textItem({ title: '预备党员教育：党章学习', audience: ['probationary'] }));
    const later = await createItem(textItem({ title: '十二月学习资料', publishOn: '2026-12-01' }));
    const activists = await createItem(textItem({ title: '入党积极分子培训教材', audience: ['activists'] }));
    // Drafts reach nobody.
    expect(await myIds('memberA1')).not.toContain(all);
    for (const id of [all, leaders, prob, later, activists]) {
      const res = await post(`/api/learning/items/${id}/publish`, {}, 'districtA');
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res).status).toBe('published');
    }
    const plain = await myIds('memberA1');
    expect(plain).toContain(all);
    expect(plain).not.toContain(leaders);
    expect(plain).not.toContain(prob);
    expect(plain).not.toContain(later); // published for 2026-12-01; today is 2026-11-23
    expect(plain).not.toContain(activists); // no member is an activist (decision 0045)
    const sec = await myIds('secA1');
    expect(sec).toEqual(expect.arrayContaining([all, leaders]));
    expect(sec).not.toContain(prob);
    expect(await myIds('probA1')).toEqual(expect.arrayContaining([all, prob]));
    // Another district's member sees none of district A's items.
    expect(await myIds('memberB1')).not.toContain(all);
    // The list gives the study page what it needs.
    const row = json(await get('/api/learning/my/items?pageSize=200', 'memberA1')).data.find(
      (x: { id: number }) => x.id === all,
    );
    expect(row).toMatchObject({
      kind: 'text',
      lengthSeconds: 900,
      required: false,
      orgName: '中共甲区委员会',
      publishOn: '2026-11-01',
      fileUrl: null,
    });
    const detail = json(await get(`/api/learning/my/items/${all}`, 'memberA1'));
    expect(detail.body).toContain('中国特色社会主义');
    expect((await get(`/api/learning/my/items/${leaders}`, 'memberA1')).statusCode).toBe(404);
    // The hours module's question, answered the same way.
    expect(await visibleItemForMember(env.db, env.fx.member.plainA1, all, TODAY)).toMatchObject({
      id: all,
      kind: 'text',
      lengthSeconds: 900,
      orgId: env.fx.org.districtA,
    });
    expect(await visibleItemForMember(env.db, env.fx.member.plainA1, leaders, TODAY)).toBeNull();
    expect(await visibleItemForMember(env.db, env.fx.member.b1, all, TODAY)).toBeNull();
    // Withdrawn: gone from the list.
    expect((await post(`/api/learning/items/${all}/withdraw`, {}, 'districtA')).statusCode).toBe(200);
    expect(await myIds('memberA1')).not.toContain(all);
    expect((await post(`/api/learning/items/${all}/withdraw`, {}, 'districtA')).statusCode).toBe(409);
  });

  it('a committee member in office is 班子成员; one whose office ended is not', async () => {
    const committee = await createItem(textItem({ title: '班子成员专题学习', audience: ['committee'] }));
    await post(`/api/learning/items/${committee}/publish`, {}, 'districtA');
    expect(await myIds('memberA1')).not.toContain(committee);
    const [row] = await env.db
      .insert(committeeMembers)
      .values({
        orgId: env.fx.org.branchA1,
        memberId: env.fx.member.plainA1,
        role: 'organization_member',
        startedOn: '2025-01-01',
      })
      .returning();
    expect(await myIds('memberA1')).toContain(committee);
    await env.db.execute(sql`update committee_members set ended_on = '2026-06-30' where id = ${row.id}`);
    expect(await myIds('memberA1')).not.toContain(committee);
  });

  it('staff see their subtree; out of scope is 404, in read scope without write 403', async () => {
    const id = await createItem(textItem({ title: '甲区学习资料' }));
    expect((await get(`/api/learning/items/${id}`, 'admin')).statusCode).toBe(200);
    expect((await get(`/api/learning/items/${id}`, 'secA1')).statusCode).toBe(404);
    const list = json(await get('/api/learning/items?pageSize=200', 'secA1')).data as Array<{
      orgId: number;
    }>;
    expect(list.every((x) => x.orgId === env.fx.org.branchA1)).toBe(true);
    expect((await send('PATCH', `/api/learning/items/${id}`, { title: '改名' }, 'secA1')).statusCode).toBe(
      404,
    );
    const patched = await send(
      'PATCH',
      `/api/learning/items/${id}`,
      { title: '甲区学习资料（修订）', required: true },
      'admin',
    );
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toMatchObject({ title: '甲区学习资料（修订）', required: true, editable: true });
    const audit = await env.db.execute(
      sql`select action from audit_log where entity = 'learning_item' and entity_id = ${id} order by id`,
    );
    expect((audit as unknown as { rows: Array<{ action: string }> }).rows.map((r) => r.action)).toEqual([
      'learning.item.create',
      'learning.item.update',
    ]);
  });
});

describe('files', () => {
  let video: number;

  it('a video item needs its file before it is published; the type is checked by its bytes', async () => {
    video = await createItem(
      textItem({
        title: '党课视频：伟大建党精神',
        kind: 'video',
        body: '',
        lengthSeconds: 60,
        required: true,
      }),
    );
    expect((await post(`/api/learning/items/${video}/publish`, {}, 'districtA')).statusCode).toBe(409);
    // A PDF named .webm.
    const wrong = await upload(video, '党课.webm', Buffer.from('%PDF-1.7\n%%EOF\n'));
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).details[0].field).toBe('file');
    // A length that does not fit the size (10 hours for 100 KB).
    const implausible = await upload(video, '党课.webm', fakeWebm, { lengthSeconds: '36000' });
    expect(implausible.statusCode).toBe(400);
    expect(json(implausible).details[0].field).toBe('lengthSeconds');
    // A text item has no file.
    const text = await createItem(textItem({ title: '图文' }));
    expect((await upload(text, 'a.webm', fakeWebm)).statusCode).toBe(400);
    // Out of scope: 404 before the upload is read.
    expect((await upload(video, '党课.webm', fakeWebm, {}, 'secA1')).statusCode).toBe(404);
    const ok = await upload(video, '党课.webm', fakeWebm, { lengthSeconds: '62' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({
      fileName: '党课.webm',
      mimeType: 'video/webm',
      size: fakeWebm.length,
      lengthSeconds: 62,
      fileUrl: `/api/learning/items/${video}/file`,
    });
    expect((await post(`/api/learning/items/${video}/publish`, {}, 'districtA')).statusCode).toBe(200);
    // Published: the file cannot be swapped under those studying it.
    expect((await upload(video, '党课2.webm', fakeWebm)).statusCode).toBe(409);
  });

  it('streams with range requests: 200 whole, 206 a range, 416 past the end', async () => {
    const url = `/api/learning/items/${video}/file`;
    const headers = { cookie: await env.login('districtA') };
    const whole = await env.app.inject({ url, headers });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/webm');
    expect(Number(whole.headers['content-length'])).toBe(fakeWebm.length);
    expect(whole.rawPayload.equals(fakeWebm)).toBe(true);
    expect(String(whole.headers['cache-control'])).toContain('no-store');

    const first = await env.app.inject({ url, headers: { ...headers, range: 'bytes=0-99' } });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${fakeWebm.length}`);
    expect(first.rawPayload.equals(fakeWebm.subarray(0, 100))).toBe(true);

    const open = await env.app.inject({
      url,
      headers: { ...headers, range: `bytes=${fakeWebm.length - 5}-` },
    });
    expect(open.statusCode).toBe(206);
    expect(open.rawPayload.length).toBe(5);

    const suffix = await env.app.inject({ url, headers: { ...headers, range: 'bytes=-10' } });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(
      `bytes ${fakeWebm.length - 10}-${fakeWebm.length - 1}/${fakeWebm.length}`,
    );

    const beyond = await env.app.inject({ url, headers: { ...headers, range: `bytes=${fakeWebm.length}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${fakeWebm.length}`);
    expect(json(beyond).code).toBe('LEARNING_RANGE_NOT_SATISFIABLE');

    // A range the server does not serve (several ranges, another unit): the whole file.
    const many = await env.app.inject({ url, headers: { ...headers, range: 'bytes=0-1,5-6' } });
    expect(many.statusCode).toBe(200);
  });

  it('a member streams a visible item through their own route; others get 404', async () => {
    const mine = `/api/learning/my/items/${video}/file`;
    const row = json(await get('/api/learning/my/items?required=true', 'memberA1')).data.find(
      (x: { id: number }) => x.id === video,
    );
    expect(row).toMatchObject({
      kind: 'video',
      required: true,
      lengthSeconds: 62,
      fileUrl: mine,
      mimeType: 'video/webm',
    });
    const res = await env.app.inject({
      url: mine,
      headers: { cookie: await env.login('memberA1'), range: 'bytes=0-3' },
    });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload.equals(fakeWebm.subarray(0, 4))).toBe(true);
    expect((await get(mine, 'memberB1')).statusCode).toBe(404);
    // The member holds no learning.read: the staff route is refused.
    expect((await get(`/api/learning/items/${video}/file`, 'memberA1')).statusCode).toBe(403);
  });
});

describe('classes', () => {
  let id: number;
  let code: string;

  it('creates a class with the rule defaults and refuses bad dates', async () => {
    const bad = await post(
      '/api/learning/classes',
      {
        orgId: env.fx.org.districtA,
        kind: 'training',
        title: '书记轮训班',
        startsOn: '2026-11-24',
        endsOn: '2026-11-20',
        creditHours: 8,
      },
      'districtA',
    );
    expect(bad.statusCode).toBe(400);
    expect(json(bad).details[0].field).toBe('endsOn');
    const half = await post(
      '/api/learning/classes',
      {
        orgId: env.fx.org.districtA,
        kind: 'training',
        title: '书记轮训班',
        startsOn: '2026-11-20',
        endsOn: '2026-11-24',
        creditHours: 0.3,
      },
      'districtA',
    );
    expect(json(half).details[0].field).toBe('creditHours');
    const res = await post(
      '/api/learning/classes',
      {
        orgId: env.fx.org.districtA,
        kind: 'training',
        title: '2026年基层党组织书记轮训班',
        startsOn: '2026-11-20',
        endsOn: '2026-11-24',
        creditHours: 8,
        place: '区委党校',
      },
      'districtA',
    );
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    id = c.id;
    // 8 学时 × 45 minutes (learning.minutesPerHour); 80 % of 5 days (learning.classCompletionPercent).
    expect(c).toMatchObject({
      organiser: '中共甲区委员会',
      days: 5,
      creditSeconds: 8 * 45 * 60,
      creditHours: 8,
      completionPercent: 80,
      daysToComplete: 4,
      status: 'planned',
      dayList: ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'],
    });
  });

  it('adds members of the organiser subtree to the roster, no one else', async () => {
    const outside = await post(
      `/api/learning/classes/${id}/roster`,
      { memberIds: [env.fx.member.b1] },
      'districtA',
    );
    expect(outside.statusCode).toBe(400);
    expect(json(outside).details[0].field).toBe('memberIds.0');
    const cands = json(await get(`/api/learning/classes/${id}/candidates?q=李`, 'districtA')) as Array<{
      memberId: number;
    }>;
    expect(cands.map((c) => c.memberId)).toContain(env.fx.member.plainA1);
    const res = await post(
      `/api/learning/classes/${id}/roster`,
      { memberIds: [env.fx.member.plainA1, env.fx.member.secA1, env.fx.member.a2] },
      'districtA',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res).rosterCount).toBe(3);
    const removed = await send(
      'DELETE',
      `/api/learning/classes/${id}/roster/${env.fx.member.a2}`,
      undefined,
      'districtA',
    );
    expect(json(removed).rosterCount).toBe(2);
  });

  it('manual attendance counts towards completion; a future day or a day outside the class is refused', async () => {
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) {
      const res = await send(
        'PUT',
        `/api/learning/classes/${id}/attendance`,
        { memberId: env.fx.member.plainA1, day, present: true },
        'districtA',
      );
      expect(res.statusCode, res.body).toBe(200);
    }
    const future = await send(
      'PUT',
      `/api/learning/classes/${id}/attendance`,
      { memberId: env.fx.member.plainA1, day: '2026-11-24', present: true },
      'districtA',
    );
    expect(json(future).details[0].field).toBe('day');
    const outside = await send(
      'PUT',
      `/api/learning/classes/${id}/attendance`,
      { memberId: env.fx.member.plainA1, day: '2026-11-19', present: true },
      'districtA',
    );
    expect(json(outside).details[0].field).toBe('day');
    const c = json(await get(`/api/learning/classes/${id}`, 'districtA'));
    const row = c.roster.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1);
    expect(row.attended).toHaveLength(3);
    expect(row.completed).toBe(false); // 3 of 5 days, 4 needed
    expect(await completedClassesOf(env.db, [env.fx.member.plainA1])).toEqual([]);
  });

  it('a day QR code signs in roster members only, today only', async () => {
    const past = await post(`/api/learning/classes/${id}/checkin-token`, { day: '2026-11-21' }, 'districtA');
    expect(past.statusCode).toBe(400);
    expect(json(past).details[0].field).toBe('day');
    const res = await post(`/api/learning/classes/${id}/checkin-token`, { day: TODAY }, 'districtA');
    expect(res.statusCode, res.body).toBe(200);
    const t = json(res);
    code = t.token;
    expect(t.url).toBe(`/learning/checkin?c=${id}&t=${code}`);
    expect(t.expiresAt).toBe('2026-11-23T16:00:00.000Z');
    const stored = (await env.db.execute(
      sql`select token_hash from learning_class_tokens where class_id = ${id}`,
    )) as unknown as {
      rows: Array<{ token_hash: string }>;
    };
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0].token_hash).not.toBe(code);

    // Before login: what the code is for, nothing about members.
    const preview = await post('/api/learning/checkin/preview', { classId: id, token: code });
    expect(json(preview)).toMatchObject({
      state: 'open',
      class: { classId: id, day: TODAY, title: '2026年基层党组织书记轮训班' },
    });
    expect(
      json(await post('/api/learning/checkin/preview', { classId: id, token: 'x'.repeat(43) })),
    ).toMatchObject({
      state: 'unknown',
      class: null,
    });

    const wrong = await post('/api/learning/checkin', { classId: id, token: 'x'.repeat(43) }, 'memberA1');
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).details[0].field).toBe('token');
    const notOnRoster = await post('/api/learning/checkin', { classId: id, token: code }, 'probA1');
    expect(notOnRoster.statusCode).toBe(409);
    expect(json(notOnRoster).code).toBe('LEARNING_NOT_ON_ROSTER');

    const ok = await post('/api/learning/checkin', { classId: id, token: code }, 'memberA1');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({
      memberName: '李秀英',
      day: TODAY,
      already: false,
      attendedDays: 4,
      days: 5,
      completed: true,
    });
    const again = await post('/api/learning/checkin', { classId: id, token: code }, 'memberA1');
    expect(json(again)).toMatchObject({ already: true, attendedDays: 4 });

    const c = json(await get(`/api/learning/classes/${id}`, 'districtA'));
    const row = c.roster.find((r: { memberId: number }) => r.memberId === env.fx.member.plainA1);
    expect(row.attended.at(-1)).toEqual({ day: TODAY, method: 'qr' });
    expect(c.completedCount).toBe(1);
    const done = await completedClassesOf(env.db, [env.fx.member.plainA1, env.fx.member.secA1], 2026);
    expect(done).toEqual([
      {
        memberId: env.fx.member.plainA1,
        classId: id,
        orgId: env.fx.org.districtA,
        orgPath: expect.any(String),
        endsOn: '2026-11-24',
        creditSeconds: 8 * 45 * 60,
        kind: 'training',
      },
    ]);
    expect(await completedClassesOf(env.db, [env.fx.member.plainA1], 2025)).toEqual([]);
    const mine = json(await get('/api/learning/my/classes', 'memberA1'));
    expect(mine[0]).toMatchObject({ id, attendedDays: 4, daysToComplete: 4, completed: true });
  });

  it('scope: another district neither sees nor runs the class', async () => {
    expect((await get(`/api/learning/classes/${id}`, 'secA1')).statusCode).toBe(404);
    expect((await post(`/api/learning/classes/${id}/cancel`, {}, 'secA1')).statusCode).toBe(404);
    const list = json(await get('/api/learning/classes?year=2026', 'admin')).data as Array<{ id: number }>;
    expect(list.map((c) => c.id)).toContain(id);
  });

  it('finishing waits for the last day; cancelling takes the completion away', async () => {
    const early = await post(`/api/learning/classes/${id}/finish`, {}, 'districtA');
    expect(early.statusCode).toBe(409);
    const cancelled = await post(`/api/learning/classes/${id}/cancel`, {}, 'districtA');
    expect(json(cancelled).status).toBe('cancelled');
    expect(await completedClassesOf(env.db, [env.fx.member.plainA1])).toEqual([]);
    // Locked now.
    expect(
      (await post(`/api/learning/classes/${id}/roster`, { memberIds: [env.fx.member.a2] }, 'districtA'))
        .statusCode,
    ).toBe(409);
    const preview = json(await post('/api/learning/checkin/preview', { classId: id, token: code }));
    expect(preview.state).toBe('closed');
  });
});
