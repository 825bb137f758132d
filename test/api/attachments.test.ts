import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import {
  json,
  NOW,
  PASSWORD,
  requests,
  resetDatabase,
  seedFixture,
  type TestEnv,
  testDatabase,
} from './harness.js';

/**
 * Like setupEnv, but with the data directory in a fresh temporary folder: uploads are written to
 * disk, and the harness's config would put them under ./data.
 */
let env: TestEnv;
let dataDir: string;
beforeAll(async () => {
  const database = await testDatabase();
  await resetDatabase(database.db);
  const fx = await seedFixture(database.db);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jiceng-attachments-'));
  const clock = { now: NOW };
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }),
    loginRateLimit: 1000,
  };
  const app = await buildApp({ config, database, clock: () => clock.now });
  await app.ready();
  const cookies = new Map<string, string>();
  env = {
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
});
afterAll(async () => {
  await env.app.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});
const { get, post, send } = requests(() => env);

const BOUNDARY = '----jicengTestBoundary7MA4YWxkTrZu0gW';
function form(fileName: string, content: Buffer) {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
async function upload(meetingId: number, fileName: string, content: Buffer, user = 'secA1') {
  return env.app.inject({
    method: 'POST',
    url: `/api/meetings/${meetingId}/attachments`,
    payload: form(fileName, content),
    headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
/** The start of a .docx: a zip whose entries live under word/. */
const DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26, 0),
  Buffer.from('[Content_Types].xml'),
  Buffer.from('word/document.xml'),
]);
const XLSX_AS_DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26, 0),
  Buffer.from('xl/workbook.xml'),
]);

describe('meeting attachments', () => {
  let meetingId: number;
  let photoId: number;

  beforeAll(async () => {
    const res = await post(
      '/api/meetings',
      {
        orgId: env.fx.org.branchA1,
        kind: 'theme_day',
        title: '十一月主题党日',
        heldOn: '2026-11-20',
        startTime: '09:00',
        minutes: '参观革命纪念馆。',
        attendees: [{ memberId: env.fx.member.secA1, attendance: 'present' }],
      },
      'secA1',
    );
    meetingId = json(res).id;
  });

  it('stores an image under a random name and lists it on the meeting', async () => {
    const res = await upload(meetingId, '活动照片.png', PNG);
    expect(res.statusCode).toBe(201);
    const a = json(res);
    photoId = a.id;
    expect(a).toMatchObject({ fileName: '活动照片.png', mimeType: 'image/png', size: PNG.length });
    const files = await fs.readdir(path.join(dataDir, 'attachments', String(meetingId)));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}$/);
    const m = json(await get(`/api/meetings/${meetingId}`, 'secA1'));
    expect(m.attachments).toEqual([a]);
  });

  it('accepts PDF, Word and JPEG files that are what their extension says', async () => {
    expect((await upload(meetingId, '会议记录.pdf', PDF)).statusCode).toBe(201);
    expect((await upload(meetingId, '学习材料.docx', DOCX)).statusCode).toBe(201);
    const jpeg = json(await upload(meetingId, 'C:\\Users\\x\\合影.JPG', JPEG));
    // The folders of the uploaded path are dropped.
    expect(jpeg).toMatchObject({ fileName: '合影.JPG', mimeType: 'image/jpeg' });
  });

  it('refuses other types, and files whose content does not match the extension', async () => {
    const message = '附件：只能上传图片（JPG/PNG/WEBP）或PDF、Word、Excel文档';
    for (const [name, content] of [
      ['程序.exe', Buffer.from('MZ\x90\x00')],
      ['假图片.png', JPEG],
      ['脚本.pdf', Buffer.from('<script>alert(1)</script>')],
      ['表格.docx', XLSX_AS_DOCX],
      ['无扩展名', PNG],
    ] as const) {
      const res = await upload(meetingId, name, content);
      expect(res.statusCode, name).toBe(400);
      expect(json(res).message, name).toBe(message);
    }
    const empty = await upload(meetingId, '空.png', Buffer.alloc(0));
    expect(json(empty).message).toBe('附件：文件是空的');
  });

  it('refuses files over 10 MB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024, 0)]);
    const res = await upload(meetingId, '大图.png', big);
    expect(res.statusCode).toBe(413);
    expect(json(res)).toMatchObject({ code: 'VALIDATION', message: '附件不能超过10MB' });
  });

  it('serves the file with its type and name', async () => {
    const res = await get(`/api/meetings/${meetingId}/attachments/${photoId}`, 'districtA');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('活动照片.png')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.equals(PNG)).toBe(true);
    const list = json(await get(`/api/meetings/${meetingId}`, 'secA1')).attachments;
    const pdf = list.find((a: { fileName: string }) => a.fileName === '会议记录.pdf');
    const doc = await get(`/api/meetings/${meetingId}/attachments/${pdf.id}`, 'secA1');
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(String(doc.headers['content-disposition'])).toMatch(/^attachment; /);
  });

  it('keeps to the scope', async () => {
    const b1 = json(
      await post(
        '/api/meetings',
        {
          orgId: env.fx.org.branchB1,
          kind: 'theme_day',
          title: '乙区主题党日',
          heldOn: '2026-11-20',
          startTime: '09:00',
        },
        'admin',
      ),
    );
    expect((await upload(b1.id, '照片.png', PNG)).statusCode).toBe(404);
    const own = json(await upload(b1.id, '照片.png', PNG, 'admin'));
    expect((await get(`/api/meetings/${b1.id}/attachments/${own.id}`, 'secA1')).statusCode).toBe(404);
    // An attachment is read through its own meeting only.
    expect((await get(`/api/meetings/${meetingId}/attachments/${own.id}`, 'secA1')).statusCode).toBe(404);
    expect((await upload(meetingId, '照片.png', PNG, 'memberA1')).statusCode).toBe(403);
    // Deleting the draft removes its files.
    expect((await send('DELETE', `/api/meetings/${b1.id}`, undefined, 'admin')).statusCode).toBe(200);
    await expect(fs.stat(path.join(dataDir, 'attachments', String(b1.id)))).rejects.toThrow();
  });

  it('deletes an attachment of a draft, but not of a submitted record', async () => {
    const list = json(await get(`/api/meetings/${meetingId}`, 'secA1')).attachments;
    const doc = list.find((a: { fileName: string }) => a.fileName === '学习材料.docx');
    const res = await send('DELETE', `/api/meetings/${meetingId}/attachments/${doc.id}`, undefined, 'secA1');
    expect(res.statusCode).toBe(200);
    expect(await fs.readdir(path.join(dataDir, 'attachments', String(meetingId)))).toHaveLength(3);
    expect((await post(`/api/meetings/${meetingId}/submit`, {}, 'secA1')).statusCode).toBe(200);
    const locked = await send(
      'DELETE',
      `/api/meetings/${meetingId}/attachments/${photoId}`,
      undefined,
      'secA1',
    );
    expect(locked.statusCode).toBe(409);
    expect(json(locked).code).toBe('MEETINGS_RECORD_LOCKED');
    expect((await upload(meetingId, '补充.png', PNG)).statusCode).toBe(409);
  });

  it('allows at most 20 files per meeting', async () => {
    const m = json(
      await post(
        '/api/meetings',
        {
          orgId: env.fx.org.branchA1,
          kind: 'theme_day',
          title: '照片很多的会',
          heldOn: '2026-11-21',
          startTime: '09:00',
        },
        'secA1',
      ),
    );
    for (let i = 0; i < 20; i++) expect((await upload(m.id, `照片${i}.png`, PNG)).statusCode).toBe(201);
    const res = await upload(m.id, '第21张.png', PNG);
    expect(res.statusCode).toBe(409);
    expect(json(res).message).toBe('每次会议最多上传20个附件');
    expect(json(res).code).toBe('MEETINGS_TOO_MANY_ATTACHMENTS');
    expect(await fs.readdir(path.join(dataDir, 'attachments', String(m.id)))).toHaveLength(20);
  });
});
