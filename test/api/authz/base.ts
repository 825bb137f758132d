/**
 * The core of the authorization matrix's fixture (test/api/authz/fixture.ts): the two sides, the
 * helpers that make requests and rows, and the counters that keep values distinct.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { idNumberCheckDigit } from '../../../src/domain/member/id-number.js';
import { members, notifications, roleAssignments, users } from '../../../src/server/db/schema/index.js';
import type { TestEnv } from '../harness.js';

export type Side = 'A' | 'B';
export const SIDES: readonly Side[] = ['A', 'B'];

/** The stable records of one side. */
export interface SideRecords {
  branch: number;
  district: number;
  /** A second branch of the same district (a transfer's destination). */
  otherBranch: number;
  /** A plain member of the branch (on side A: memberA1's own record). */
  member: number;
  /** Another member of the branch (a heart talk's talker). */
  talker: number;
  user: number;
  meeting: number;
  attachment: number;
  heartTalk: number;
  devCase: number;
  devStep: number;
  devDoc: number;
  transfer: number;
  coverageUnit: number;
  exemption: number;
  memberImport: number;
  duesImport: number;
}

let seq = 100;
let quarters = 0;
let people = 0;
/** A valid GB 11643 number of a man (odd sequence), different on every call. */
export function freshIdNumber(birth = '1990-01-01') {
  people += 1;
  const first17 = `620102${birth.replaceAll('-', '')}${String((people * 2 + 1) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

const BOUNDARY = '----jicengAuthzMatrix7MA4YWxk';
/** A multipart body: text fields, then the file. */
export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    payload: Buffer.concat([
      Buffer.from(
        `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.content,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

export async function sheet(name: string, rows: Array<Array<string | number | null>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Requests, rows and the records of each side (filled by World.build). */
export class WorldBase {
  readonly side = {} as Record<Side, SideRecords>;
  /** Org id → ltree path, for scope checks of returned rows. */
  readonly paths = new Map<number, string>();
  /** Username → user id of every identity. */
  readonly userIds = new Map<string, number>();
  /** Records the API failed to make (reported by the matrix). */
  readonly failures: string[] = [];
  private adminCookie = '';
  /** Workbooks to upload: one member row, one dues base row (of side A's member). */
  memberSheet = Buffer.alloc(0);
  duesSheet = Buffer.alloc(0);

  constructor(readonly env: TestEnv) {}

  /** A request as the root org admin that must succeed; returns the parsed body. */
  async admin(method: string, url: string, payload?: unknown, status = [200, 201, 202]) {
    this.adminCookie ||= await this.env.login('admin');
    return this.as(this.adminCookie, method, url, payload, status);
  }

  /** The same as another user (the root sysadmin proposes grants and member links). */
  async as(cookie: string, method: string, url: string, payload?: unknown, status = [200, 201, 202]) {
    const res = await this.env.app.inject({
      method: method as 'POST',
      url,
      payload: payload as object,
      headers: { cookie },
    });
    if (!status.includes(res.statusCode))
      throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? JSON.parse(res.body) : null;
  }

  async upload(url: string, fields: Record<string, string>, file: { name: string; content: Buffer }) {
    this.adminCookie ||= await this.env.login('admin');
    const { payload, contentType } = multipart(fields, file);
    const res = await this.env.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: this.adminCookie, 'content-type': contentType },
    });
    if (res.statusCode >= 300) throw new Error(`fixture upload ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body);
  }

  async loadPaths() {
    const res = (await this.env.db.execute(sql`select id, path::text as path from orgs`)) as unknown as {
      rows: Array<{ id: number; path: string }>;
    };
    for (const r of res.rows) this.paths.set(Number(r.id), r.path);
  }

  /** A user with grants, made in the database (as the other API tests do). */
  async addUser(username: string, grants: Array<[string, number]>, memberId: number | null = null) {
    // The fixture's users share one hash of PASSWORD (hashing is slow on purpose).
    const [{ hash }] = (
      (await this.env.db.execute(
        sql`select password_hash as hash from users where username = 'admin'`,
      )) as unknown as {
        rows: Array<{ hash: string }>;
      }
    ).rows;
    const [u] = await this.env.db
      .insert(users)
      .values({ username, displayName: username, passwordHash: hash, memberId })
      .returning();
    if (grants.length)
      await this.env.db
        .insert(roleAssignments)
        .values(grants.map(([role, orgId]) => ({ userId: u.id, role, orgId })));
    this.userIds.set(username, u.id);
    return u.id;
  }

  async addMember(orgId: number, name: string) {
    await this.loadPaths();
    const [row] = await this.env.db
      .insert(members)
      .values({
        orgId,
        orgPath: this.paths.get(orgId) as string,
        name,
        gender: 'male',
        ethnicity: '01',
        birthDate: '1975-01-01',
        education: 'bachelor',
        category: 'full',
        status: 'active',
        joinedOn: '2000-07-01',
        confirmedOn: '2001-07-01',
      })
      .returning({ id: members.id });
    return row.id;
  }

  /** One notification for the user (the daily job's kind of row). */
  async notify(userId: number) {
    const [n] = await this.env.db
      .insert(notifications)
      .values({
        userId,
        kind: 'orglife.due',
        title: '本月应召开支部委员会',
        dedupeKey: `authz-${userId}-${++seq}`,
      })
      .returning({ id: notifications.id });
    return n.id;
  }

  /** Distinct values for bodies that must not repeat. */
  nextQuarter() {
    quarters += 1;
    return `${2000 + Math.floor(quarters / 4)}-Q${(quarters % 4) + 1}`;
  }
  letter() {
    seq += 1;
    return `转〔2026〕${seq}号`;
  }
  username() {
    seq += 1;
    return `authz_u${seq}`;
  }
}

/** The next value of the fixture's counter (names, letter numbers). */
export const nextSeq = () => {
  seq += 1;
  return seq;
};
