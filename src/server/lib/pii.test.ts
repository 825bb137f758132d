import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Database, openPglite, queryRows } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import {
  deploymentKey,
  hashOf,
  keyIdOf,
  loadDataKeys,
  maskIdNumber,
  maskPhone,
  seal,
  sealOptional,
  unseal,
} from './pii.js';

const KEK = Buffer.alloc(32, 7);
const ID = '620102198001010017';
let database: Database;

beforeAll(async () => {
  database = await openPglite(undefined);
  await runMigrations(database);
  await loadDataKeys(database.db, { kek: KEK });
  // PGlite boots and migrates in WebAssembly: seconds on a busy machine.
}, 180_000);
afterAll(async () => database?.close());

describe('seal and unseal', () => {
  it('round-trips, with a fresh IV each time and the national algorithms', () => {
    const a = seal('idNumber', ID);
    const b = seal('idNumber', ID);
    expect(a.enc).not.toBe(b.enc);
    expect(a.enc.startsWith('s1:')).toBe(true);
    expect(a.enc).not.toContain(ID);
    expect(unseal(a.enc)).toBe(ID);
    expect(a.masked).toBe('620102************');
    expect(seal('phone', '13812345678')).toMatchObject({ masked: '138****5678' });
    expect(unseal(seal('phone', ' 13812345678 ').enc)).toBe('13812345678');
  });

  it('hashes the canonical form, keyed, and keeps the kinds apart', () => {
    expect(hashOf('idNumber', '62010219800101001x')).toBe(hashOf('idNumber', ' 62010219800101001X'));
    expect(hashOf('idNumber', ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf('idNumber', '13812345678')).not.toBe(hashOf('phone', '13812345678'));
    expect(seal('idNumber', ID).hash).toBe(hashOf('idNumber', ID));
  });

  it('refuses a value with any byte flipped, and names no value', () => {
    const { enc } = seal('idNumber', ID);
    const [suite, keyId, b64] = enc.split(':');
    const raw = Buffer.from(b64, 'base64');
    for (const at of [0, 17, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] ^= 1;
      expect(() => unseal(`${suite}:${keyId}:${bad.toString('base64')}`)).toThrow(/校验失败/);
    }
    // The same ciphertext presented as another key's is refused too (the MAC covers the key id).
    expect(() => unseal(`${suite}:${Number(keyId) + 1}:${b64}`)).toThrow(/校验失败/);
    try {
      const bad = Buffer.from(raw);
      bad[20] ^= 1;
      unseal(`${suite}:${keyId}:${bad.toString('base64')}`);
    } catch (e) {
      expect(String(e)).not.toContain(ID);
    }
  });

  it('seals nothing for an empty optional value', () => {
    expect(sealOptional('phone', '')).toEqual({ enc: null, hash: null, masked: null });
    expect(sealOptional('phone', null)).toEqual({ enc: null, hash: null, masked: null });
  });

  it('masks as the domain does', () => {
    expect(maskIdNumber(ID)).toBe('620102************');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('data keys', () => {
  it('are stored wrapped, never in clear, and reloading keeps the same keys', async () => {
    const before = seal('idNumber', ID);
    await loadDataKeys(database.db, { kek: KEK });
    expect(unseal(before.enc)).toBe(ID);
    expect(hashOf('idNumber', ID)).toBe(before.hash);
    const rows = await queryRows(
      database.db,
      sql`select purpose, wrapped from data_keys order by id`,
      z.object({ purpose: z.string(), wrapped: z.string() }),
    );
    expect(rows.map((r) => r.purpose)).toEqual(['enc', 'hash']);
    expect(keyIdOf(before.enc)).toBeGreaterThan(0);
  });

  it('refuse another deployment key, naming both fingerprints', async () => {
    await expect(loadDataKeys(database.db, { kek: Buffer.alloc(32, 9) })).rejects.toThrow(
      /部署密钥与数据库中的数据密钥不符/,
    );
    await loadDataKeys(database.db, { kek: KEK });
  });
});

describe('the deployment key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-kek-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('comes from JICENG_DATA_KEY or JICENG_DATA_KEY_FILE', () => {
    const b64 = KEK.toString('base64');
    expect(deploymentKey({ dataDir: dir }, { JICENG_DATA_KEY: b64 })).toEqual(KEK);
    const file = path.join(dir, 'k');
    fs.writeFileSync(file, `${b64}\n`);
    expect(
      deploymentKey({ dataDir: dir, databaseUrl: 'postgres://x' }, { JICENG_DATA_KEY_FILE: file }),
    ).toEqual(KEK);
    expect(() => deploymentKey({ dataDir: dir }, { JICENG_DATA_KEY: 'c2hvcnQ=' })).toThrow(/32 字节/);
  });

  it('is required with PostgreSQL', () => {
    expect(() => deploymentKey({ dataDir: dir, databaseUrl: 'postgres://x' }, {})).toThrow(/JICENG_DATA_KEY/);
  });

  it('is a 0600 file beside an embedded data directory, made once', () => {
    const dataDir = path.join(dir, 'data');
    const a = deploymentKey({ dataDir }, {});
    const b = deploymentKey({ dataDir: `${dataDir}/` }, {});
    expect(a).toEqual(b);
    expect(a.length).toBe(32);
    expect(fs.statSync(`${dataDir}.key`).mode & 0o777).toBe(0o600);
  });
});

describe('clear values from before issue #18', () => {
  it('are sealed at load and the clear columns emptied', async () => {
    const db = database.db;
    const [org] = await queryRows(
      db,
      sql`insert into orgs (path, depth, name, kind, sector, founded_on) values ('0', 0, '测试党委', 'committee', 'government', '2010-01-01') returning id`,
      z.object({ id: z.number() }),
    );
    await db.execute(sql`update orgs set path = ${String(org.id)} where id = ${org.id}`);
    const insert = (name: string, idNumber: string | null, phone: string | null) =>
      queryRows(
        db,
        sql`insert into members (org_id, org_path, name, gender, ethnicity, birth_date, education, category, status, joined_on, id_number, phone)
            values (${org.id}, ${String(org.id)}, ${name}, 'male', '01', '1980-01-01', 'bachelor', 'full', 'active', '2005-07-01', ${idNumber}, ${phone}) returning id`,
        z.object({ id: z.number() }),
      );
    const [a] = await insert('甲', ID, '13812345678');
    const [b] = await insert('乙', null, '13900000000');
    // The same number twice (no unique index guarded the old column): kept, encrypted, one hash.
    const [c] = await insert('丙', ID, null);
    await loadDataKeys(db, { kek: KEK });
    const rows = await queryRows(
      db,
      sql`select id, id_number, phone, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked from members where id in (${a.id}, ${b.id}, ${c.id}) order by id`,
      z.object({
        id: z.number(),
        id_number: z.null(),
        phone: z.null(),
        id_number_enc: z.string().nullable(),
        id_number_hash: z.string().nullable(),
        id_number_masked: z.string().nullable(),
        phone_enc: z.string().nullable(),
        phone_hash: z.string().nullable(),
        phone_masked: z.string().nullable(),
      }),
    );
    expect(rows).toHaveLength(3);
    const [ra, rb, rc] = rows;
    expect(unseal(ra.id_number_enc ?? '')).toBe(ID);
    expect(ra.id_number_hash).toBe(hashOf('idNumber', ID));
    expect(ra.id_number_masked).toBe('620102************');
    expect(unseal(ra.phone_enc ?? '')).toBe('13812345678');
    expect(ra.phone_hash).toBe(hashOf('phone', '13812345678'));
    expect(rb).toMatchObject({ id_number_enc: null, phone_masked: '139****0000' });
    expect(unseal(rc.id_number_enc ?? '')).toBe(ID);
    expect(rc.id_number_hash).toBeNull();
  });
});
