import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { queryRows } from '../../src/server/db/client.js';
import { TOO_BIG } from '../../src/server/lib/excel/index.js';
import { headerText, MEMBER_COLUMNS } from '../../src/server/modules/imports/columns.js';
import { json, PASSWORD, setupEnv, type TestEnv, testDatabase } from './harness.js';

/**
 * What an upload may do to the server (issue #18): a zip bomb is refused before it expands (its
 * directory read, then every part inflated once counting, never kept), one import at a time per
 * org, and whatever a client sends or breaks off answers 400 naming the field, never 500, with no
 * file left behind in the imports folder.
 */
let env: TestEnv;
let app: Awaited<ReturnType<typeof buildApp>>;
let cookie = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-f-limits-'));
const folder = path.join(dataDir, 'imports');

beforeAll(async () => {
  env = await setupEnv();
  // A server of its own, so that the test knows its imports folder.
  app = await buildApp({
    config: { ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: dataDir }) },
    database: await testDatabase(),
    clock: () => env.clock.now,
  });
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'secA1', password: PASSWORD },
  });
  cookie = String(login.headers['set-cookie']).split(';')[0];
});
afterAll(async () => {
  await app.close();
  await env.app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const BOUNDARY = '----jicengLimits';
const part = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

function body(file: Buffer | null, opts: { fileName?: string; fields?: string; end?: boolean } = {}) {
  const fields = opts.fields ?? part('kind', 'members') + part('orgId', String(env.fx.org.branchA1));
  if (!file) return Buffer.from(`${fields}--${BOUNDARY}--\r\n`);
  return Buffer.concat([
    Buffer.from(
      `${fields}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName ?? 'members.xlsx'}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file,
    Buffer.from(opts.end === false ? '' : `\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const upload = (payload: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  app.inject({
    method: 'POST',
    url: '/api/imports',
    payload,
    headers: { cookie, 'content-type': contentType },
  });

const leftInFolder = () => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);

async function settled(id: number) {
  for (let i = 0; i < 3000; i++) {
    const res = await app.inject({ url: `/api/imports/${id}`, headers: { cookie } });
    const b = json(res);
    if (b.status !== 'parsing') return b;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import ${id} did not finish`);
}

/** The parts of a real (tiny) workbook with the members header, to build bombs around. */
async function workbookParts() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('党员信息').addRow(MEMBER_COLUMNS.map(headerText));
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const parts: { name: string; data: Buffer }[] = [];
  for (const name of Object.keys(zip.files)) {
    if (!zip.files[name].dir) parts.push({ name, data: await zip.files[name].async('nodebuffer') });
  }
  return parts;
}

/** `mb` megabytes of shared strings, deflated as they are made (never whole in memory). */
async function sharedStringsBomb(mb: number) {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => deflate.on('end', r));
  let crc = 0;
  const write = (b: Buffer) => {
    crc = zlib.crc32(b, crc);
    deflate.write(b);
  };
  write(
    Buffer.from(
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    ),
  );
  const chunk = Buffer.from('<si><t>炸</t></si>'.repeat(60_000)); // ~1 MB
  let size = 0;
  for (let i = 0; i < mb; i++) {
    write(chunk);
    size += chunk.length;
  }
  write(Buffer.from('</sst>'));
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size: size + 100 };
}

/**
 * A zip of stored/deflated parts written by hand, so that its directory can tell the truth or lie
 * (`declared`: the size the directory gives the bomb part).
 */
type ZipEntry = { name: string; method: 0 | 8; data: Buffer; crc: number; size: number; declared?: number };
function zipOf(
  entries: { name: string; method: 0 | 8; data: Buffer; crc: number; size: number; declared?: number }[],
) {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declared ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function bomb(mb: number, lie: boolean) {
  const parts = await workbookParts();
  const strings = await sharedStringsBomb(mb);
  const entries: ZipEntry[] = parts
    .filter((p) => p.name !== 'xl/sharedStrings.xml')
    .map((p) => ({
      name: p.name,
      method: 0 as const,
      data: p.data,
      crc: zlib.crc32(p.data),
      size: p.data.length,
    }));
  entries.push({
    name: 'xl/sharedStrings.xml',
    method: 8,
    data: strings.data,
    crc: strings.crc,
    size: strings.size,
    ...(lie ? { declared: 1024 } : {}),
  });
  return zipOf(entries);
}

const heap = () => process.memoryUsage().heapUsed;

describe('zip bombs', () => {
  it('a workbook whose directory says it expands to 400 MB is refused at the upload, 400 on `file`', async () => {
    const file = await bomb(400, false);
    expect(file.length).toBeLessThan(3 * 1024 * 1024);
    const before = heap();
    const res = await upload(body(file));
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res).details).toEqual([{ field: 'file', message: `文件：${TOO_BIG}` }]);
    // Nothing was inflated: the heap did not take the strings (400 MB as text, more as JS strings).
    expect(heap() - before).toBeLessThan(100 * 1024 * 1024);
    expect(leftInFolder()).toEqual([]);
  });

  it('a directory that lies about the size is caught by inflating once, counting: failed, nothing kept', async () => {
    const file = await bomb(300, true);
    const before = heap();
    const res = await upload(body(file));
    expect(res.statusCode, res.body).toBe(202);
    const done = await settled(json(res).id);
    expect(done).toMatchObject({ status: 'failed', failure: TOO_BIG, errorCount: 0 });
    expect(heap() - before).toBeLessThan(100 * 1024 * 1024);
    expect(leftInFolder()).toEqual([]);
  });

  it('three bombs at once: all refused, the server answers on', async () => {
    const file = await bomb(300, false);
    const answers = await Promise.all([upload(body(file)), upload(body(file)), upload(body(file))]);
    expect(answers.map((a) => a.statusCode)).toEqual([400, 400, 400]);
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('one import at a time per org', () => {
  it('an upload while another import is being checked there is refused (409 IMPORTS_BUSY)', async () => {
    const [org] = await queryRows(
      env.db,
      sql`select path::text as path from orgs where id = ${env.fx.org.branchA1}`,
      z.object({ path: z.string() }),
    );
    const [busy] = await queryRows(
      env.db,
      sql`insert into imports (kind, org_id, org_path, file_name, status)
          values ('members', ${env.fx.org.branchA1}, ${org.path}::ltree, 'a.xlsx', 'parsing') returning id`,
      z.object({ id: z.number() }),
    );
    const file = zipOf(
      (await workbookParts()).map((p) => ({
        name: p.name,
        method: 0,
        data: p.data,
        crc: zlib.crc32(p.data),
        size: p.data.length,
      })),
    );
    const res = await upload(body(file));
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('IMPORTS_BUSY');
    expect(leftInFolder()).toEqual([]);
    await env.db.execute(sql`update imports set status = 'failed' where id = ${busy.id}`);
    const ok = await upload(body(file));
    expect(ok.statusCode, ok.body).toBe(202);
    expect((await settled(json(ok).id)).status).toBe('failed'); // header only: no data rows
    expect(leftInFolder()).toEqual([]);
  });
});

describe('whatever a client sends: 400 on `file`, never 500, nothing left behind', () => {
  const cases: Array<[string, () => ReturnType<typeof upload>]> = [
    ['an empty file name', () => upload(body(Buffer.from('PK\u0003\u0004'), { fileName: '' }))],
    ['no file, only fields', () => upload(body(null))],
    [
      'a field named file instead of a file',
      () => upload(Buffer.from(`${part('file', 'abc')}--${BOUNDARY}--\r\n`)),
    ],
    [
      'too many fields',
      () =>
        upload(
          body(Buffer.from('x'), {
            fields: Array.from({ length: 20 }, (_, i) => part(`f${i}`, 'x')).join(''),
          }),
        ),
    ],
    ['a body cut off half-way', () => upload(body(Buffer.alloc(5000, 1), { end: false }))],
    ['multipart without a boundary', () => upload(body(Buffer.from('x')), 'multipart/form-data')],
    ['a file that is not an .xlsx', () => upload(body(Buffer.from('姓名,性别\n')))],
    ['an empty file', () => upload(body(Buffer.alloc(0)))],
  ];
  for (const [what, send] of cases) {
    it(what, async () => {
      const res = await send();
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).details?.[0]?.field ?? json(res).code).toBe('file');
      expect(leftInFolder()).toEqual([]);
    });
  }
});
