/**
 * Background parsing of an uploaded workbook, read as a stream by the shared reader
 * (src/server/lib/excel) in two passes: the first checks the header and counts the data rows (the
 * progress bar's total), the second validates the rows in batches, storing every error by row and
 * column and the normalized values of the valid rows. Memory holds one batch plus what cross-row
 * checks need (the ID numbers and names seen so far), not the workbook.
 */
import fs from 'node:fs/promises';
import { compareDates } from '../../../domain/common/dates.js';
import { orgNameKeys, personNameKeys } from '../../../domain/common/pinyin.js';
import { maskIdNumber, normalizeIdNumber } from '../../../domain/member/id-number.js';
import { checkMemberProfile, type MemberProfileInput } from '../../../domain/member/profile-rules.js';
import {
  allowedChildKinds,
  kindHoldsMembers,
  ORG_KIND_LABELS,
  type OrgKind,
} from '../../../domain/org/labels.js';
import type { Rules } from '../../../domain/rules/index.js';
import type { ImportKind } from '../../../shared/contracts/imports.js';
import type { DbOrTx } from '../../db/client.js';
import { type AuditContext, writeAudit } from '../../lib/audit.js';
import { cellText, type RawRow, readRow, readSheet, SheetFailure } from '../../lib/excel/index.js';
import { hashOf, sealOptional } from '../../lib/pii.js';
import { divisionName } from '../orgs/index.js';
import { columnsOf, MEMBER_COLUMNS, ORG_COLUMNS } from './columns.js';
import * as repo from './repo.js';
import { purgeStaging } from './staging.js';

const BATCH = 1000;

export interface ParseJob {
  importId: number;
  kind: ImportKind;
  filePath: string;
  /** The org the import is made at: every row must fall in its subtree. */
  org: { id: number; name: string; path: string };
  today: string;
  rules: Rules;
  /** Where the reader may spool a sheet (the imports folder; see readSheet). */
  spoolDir?: string;
  /** Who uploaded: the audit entry of an ID number refused without saying where it is held. */
  audit?: AuditContext;
}

interface RowError {
  rowNo: number;
  column: string;
  message: string;
}

/** Runs the whole parse; the caller records a thrown SheetFailure (or anything else) as `failed`. */
export async function parseImport(db: DbOrTx, job: ParseJob): Promise<void> {
  // Pass 1: header and row count (for the progress bar).
  let total = 0;
  const sheet = () => readSheet(job.filePath, columnsOf(job.kind), { spoolDir: job.spoolDir });
  for await (const _ of sheet()) total++;
  if (total === 0) throw new SheetFailure('empty', '文件中没有数据行：请在表头下方逐行填写后上传');
  await repo.update(db, job.importId, { totalRows: total });

  // Pass 2: validation in batches.
  const validator = job.kind === 'members' ? new MemberValidator(db, job) : new OrgValidator(db, job);
  let processed = 0;
  let errorCount = 0;
  let batch: RawRow[] = [];
  const flush = async () => {
    const { rows, errors } = await validator.validate(batch);
    await repo.addRows(
      db,
      rows.map((r) => ({ importId: job.importId, rowNo: r.rowNo, data: r.data })),
    );
    await repo.addErrors(
      db,
      errors.map((e) => ({ importId: job.importId, rowNo: e.rowNo, column: e.column, message: e.message })),
    );
    processed += batch.length;
    errorCount += errors.length;
    batch = [];
    await repo.update(db, job.importId, { processedRows: processed, errorCount });
  };
  for await (const row of sheet()) {
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  // Read for good: the upload goes before the import shows its outcome.
  await fs.rm(job.filePath, { force: true });
  const key = job.kind === 'members' ? 'orgName' : 'parentName';
  const byOrg = await repo.rowsByOrg(db, job.importId, key);
  const rows = await repo.rowCount(db, job.importId);
  await repo.update(db, job.importId, {
    status: errorCount ? 'invalid' : 'validated',
    totalRows: processed,
    processedRows: processed,
    errorCount,
    summary: { rows, byOrg },
  });
  // A file with errors cannot be committed: its staging rows have no use, and are personal data.
  if (errorCount) await purgeStaging(db, job.importId);
}

interface Valid {
  rowNo: number;
  data: Record<string, unknown>;
}

abstract class Validator {
  constructor(
    protected db: DbOrTx,
    protected job: ParseJob,
  ) {}
  abstract validate(batch: RawRow[]): Promise<{ rows: Valid[]; errors: RowError[] }>;
}

/** Reads a row's cells by the columns (the shared reader's rules), reporting each wrong cell. */
function read<const C extends typeof MEMBER_COLUMNS | typeof ORG_COLUMNS>(
  columns: C,
  row: RawRow,
  err: (column: string, message: string) => void,
) {
  const { values, errors } = readRow(columns, row.cells);
  for (const e of errors) err(e.column, e.message);
  return values;
}

const MEMBER_FIELD_COLUMNS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phone: '联系电话',
  education: '学历',
  category: '党员类别',
  joinedOn: '入党日期',
  confirmedOn: '转正日期',
};

type OrgMatch = Awaited<ReturnType<typeof repo.orgsByName>>[number];

class MemberValidator extends Validator {
  /** ID number's keyed hash → the first row that has it. */
  private seen = new Map<string, number>();
  private orgCache = new Map<string, OrgMatch[]>();

  async validate(batch: RawRow[]) {
    const rows: Valid[] = [];
    const errors: RowError[] = [];
    const orgHeader = MEMBER_COLUMNS.find((c) => c.key === 'org')?.header ?? '所在党支部';
    // Look up the batch's org names and ID numbers at once.
    const names = [
      ...new Set(batch.map((r) => cellText(r.cells.org ?? null)).filter((n) => n && !this.orgCache.has(n))),
    ];
    if (names.length) {
      const found = await repo.orgsByName(this.db, this.job.org.path, names);
      for (const n of names) this.orgCache.set(n, []);
      for (const o of found) this.orgCache.get(o.name)?.push(o);
    }
    const hashes = batch
      .map((r) => r.cells.idNumber)
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .map((v) => hashOf('idNumber', v));
    const registered = await repo.registeredIdNumbers(this.db, [...new Set(hashes)]);
    const refused: number[] = [];

    for (const raw of batch) {
      const rowErrors: RowError[] = [];
      const err = (column: string, message: string) => rowErrors.push({ rowNo: raw.rowNo, column, message });
      const v = read(MEMBER_COLUMNS, raw, err);
      const failed = new Set(rowErrors.map((e) => e.column));
      const idNumber = v.idNumber ? normalizeIdNumber(v.idNumber) : null;
      const profile = {
        name: v.name ?? '',
        gender: v.gender,
        ethnicity: v.ethnicity,
        birthDate: v.birthDate,
        idNumber,
        phone: v.phone,
        education: v.education,
        category: v.category,
        status: 'active',
        joinedOn: v.joinedOn,
        confirmedOn: v.confirmedOn,
      } as MemberProfileInput;
      // The member form's rules, as they are (field → column); a cell already reported is not repeated.
      for (const e of checkMemberProfile(profile, this.job.rules, this.job.today)) {
        const column = MEMBER_FIELD_COLUMNS[e.field] ?? '';
        if (failed.has(column)) continue;
        if (e.message.endsWith('：不能为空')) continue; // reported above as 必填
        err(column, e.message);
      }
      // The org: one branch by its full name in the import's subtree.
      let org: OrgMatch | null = null;
      const orgName = v.org;
      if (orgName) {
        const matches = this.orgCache.get(orgName) ?? [];
        const active = matches.filter((m) => m.status === 'active');
        if (!matches.length) {
          err(
            orgHeader,
            `${orgHeader}：在“${this.job.org.name}”及其下级组织中找不到“${orgName}”，请填写党支部的全称`,
          );
        } else if (!active.length) {
          err(orgHeader, `${orgHeader}：“${orgName}”已撤销`);
        } else if (active.length > 1) {
          err(orgHeader, `${orgHeader}：有${active.length}个名为“${orgName}”的党组织，无法确定是哪一个`);
        } else if (!kindHoldsMembers(active[0].kind as OrgKind)) {
          err(
            orgHeader,
            `${orgHeader}：“${orgName}”是${ORG_KIND_LABELS[active[0].kind as OrgKind] ?? active[0].kind}，党员应编入党支部或联合党支部`,
          );
        } else org = active[0];
      }
      // Duplicates: in the file (both rows) and in the register.
      const idHash = idNumber && !failed.has('身份证号') ? hashOf('idNumber', idNumber) : null;
      if (idNumber && idHash) {
        const first = this.seen.get(idHash);
        if (first !== undefined) {
          err('身份证号', `身份证号：与第${first}行重复（${maskIdNumber(idNumber)}）`);
          errors.push({
            rowNo: first,
            column: '身份证号',
            message: `身份证号：与第${raw.rowNo}行重复（${maskIdNumber(idNumber)}）`,
          });
        } else {
          this.seen.set(idHash, raw.rowNo);
          const holder = registered.get(idHash);
          // Held in the import's own subtree: the uploader may be told. Elsewhere: one message
          // that does not say whether or where (issue #18), and an audit entry for the higher
          // committee the uploader is sent to.
          if (
            holder !== undefined &&
            (holder === this.job.org.path || holder.startsWith(`${this.job.org.path}.`))
          ) {
            err('身份证号', '身份证号：该身份证号已在党员名册中登记');
          } else if (holder !== undefined) {
            err('身份证号', OUT_OF_SIGHT);
            refused.push(raw.rowNo);
          }
        }
      }
      if (rowErrors.length || !org) {
        errors.push(...rowErrors);
        continue;
      }
      const keys = personNameKeys(profile.name.trim());
      // Sealed (lib/pii.ts): the staging row keeps no clear ID number or phone, only what the
      // register's columns take (ciphertext, keyed hash, mask).
      const id = sealOptional('idNumber', idNumber);
      const phone = sealOptional('phone', v.phone || null);
      rows.push({
        rowNo: raw.rowNo,
        data: {
          name: profile.name.trim(),
          namePinyin: keys.pinyin,
          nameInitials: keys.initials,
          gender: profile.gender,
          ethnicity: profile.ethnicity,
          birthDate: profile.birthDate,
          idNumberEnc: id.enc,
          idNumberHash: id.hash,
          idNumberMasked: id.masked,
          phoneEnc: phone.enc,
          phoneHash: phone.hash,
          phoneMasked: phone.masked,
          education: profile.education,
          workUnit: v.workUnit || null,
          category: profile.category,
          joinedOn: profile.joinedOn,
          confirmedOn: profile.category === 'full' ? profile.confirmedOn : null,
          orgId: org.id,
          orgName: org.name,
        },
      });
    }
    if (refused.length && this.job.audit) {
      await writeAudit(this.db, this.job.audit, {
        action: 'member.id_number_refused',
        entity: 'member',
        entityId: null,
        orgPath: this.job.org.path,
        after: { attempted: 'import', importId: this.job.importId, rows: refused },
      });
    }
    return { rows, errors };
  }
}

/** An ID number registered where the uploader cannot see: refused without saying so. */
export const OUT_OF_SIGHT = '身份证号：无法登记，请联系上级组织部门核实';

class OrgValidator extends Validator {
  private cache = new Map<string, OrgMatch[]>();
  /** Name → the earlier rows of the file that define an org of that name. */
  private fileOrgs = new Map<string, { rowNo: number; kind: string; ok: boolean }[]>();
  /** parent key + name, for duplicates in the file. */
  private seen = new Map<string, number>();

  async validate(batch: RawRow[]) {
    const rows: Valid[] = [];
    const errors: RowError[] = [];
    const names = new Set<string>();
    for (const r of batch) {
      for (const k of ['name', 'parent']) {
        const n = cellText(r.cells[k] ?? null);
        if (n && !this.cache.has(n)) names.add(n);
      }
    }
    if (names.size) {
      const found = await repo.orgsByName(this.db, this.job.org.path, [...names]);
      for (const n of names) this.cache.set(n, []);
      for (const o of found) this.cache.get(o.name)?.push(o);
    }
    for (const raw of batch) {
      const rowErrors: RowError[] = [];
      const err = (column: string, message: string) => rowErrors.push({ rowNo: raw.rowNo, column, message });
      const v = read(ORG_COLUMNS, raw, err);
      const name = v.name ?? '';
      if (name && (Array.from(name).length < 2 || Array.from(name).length > 100)) {
        err('组织名称', '组织名称：应为2至100个字');
      }
      if (v.shortName && Array.from(v.shortName).length > 40) err('简称', '简称：不超过40个字');
      if (v.divisionCode) {
        if (!/^\d{6}(\d{3})?(\d{3})?$/.test(v.divisionCode)) {
          err('行政区划代码', '行政区划代码：应为6、9或12位数字');
        } else if (!divisionName(v.divisionCode)) {
          err('行政区划代码', `行政区划代码：“${v.divisionCode}”不是有效的行政区划代码`);
        }
      }
      if (v.foundedOn && compareDates(v.foundedOn, this.job.today) > 0) {
        err('成立日期', `成立日期：不能晚于今天（${this.job.today}）`);
      }
      // Parent: an existing org in the import's subtree, or an earlier row of this file.
      let parent: { key: string; kind: string; id: number | null; row: number | null; name: string } | null =
        null;
      if (v.parent) {
        const existing = (this.cache.get(v.parent) ?? []).filter((o) => o.status === 'active');
        const earlier = this.fileOrgs.get(v.parent) ?? [];
        const count = existing.length + earlier.length;
        if (count === 0) {
          err(
            '上级党组织',
            `上级党组织：在“${this.job.org.name}”及其下级组织中找不到“${v.parent}”，本表中也没有更靠前的同名组织`,
          );
        } else if (count > 1) {
          err('上级党组织', `上级党组织：有${count}个名为“${v.parent}”的党组织，无法确定是哪一个`);
        } else if (existing.length) {
          const p = existing[0];
          parent = { key: `org:${p.id}`, kind: p.kind, id: p.id, row: null, name: p.name };
        } else {
          const p = earlier[0];
          if (!p.ok) err('上级党组织', `上级党组织：第${p.rowNo}行的“${v.parent}”有错误，请先改正`);
          parent = { key: `row:${p.rowNo}`, kind: p.kind, id: null, row: p.rowNo, name: v.parent };
        }
      }
      if (parent && v.kind && !allowedChildKinds(parent.kind as OrgKind).includes(v.kind as OrgKind)) {
        err(
          '组织类别',
          `组织类别：${ORG_KIND_LABELS[parent.kind as OrgKind] ?? parent.kind}下不能设立${ORG_KIND_LABELS[v.kind as OrgKind]}`,
        );
      }
      // Duplicates by name under the same parent: in the file and in the register.
      if (parent && name) {
        const key = `${parent.key}|${name}`;
        const first = this.seen.get(key);
        if (first !== undefined) {
          err('组织名称', `组织名称：与第${first}行重复（同一上级党组织下不能有同名组织）`);
          errors.push({
            rowNo: first,
            column: '组织名称',
            message: `组织名称：与第${raw.rowNo}行重复（同一上级党组织下不能有同名组织）`,
          });
        } else {
          this.seen.set(key, raw.rowNo);
          if (
            parent.id !== null &&
            (this.cache.get(name) ?? []).some((o) => o.parentId === parent.id && o.status === 'active')
          ) {
            err('组织名称', `组织名称：“${parent.name}”下已有名为“${name}”的党组织`);
          }
        }
      }
      const ok = rowErrors.length === 0;
      if (name) {
        const list = this.fileOrgs.get(name) ?? [];
        list.push({ rowNo: raw.rowNo, kind: v.kind ?? '', ok });
        this.fileOrgs.set(name, list);
      }
      if (!ok || !parent) {
        errors.push(...rowErrors);
        continue;
      }
      const keys = orgNameKeys(name);
      rows.push({
        rowNo: raw.rowNo,
        data: {
          name,
          namePinyin: keys.pinyin,
          nameInitials: keys.initials,
          parentId: parent.id,
          parentRow: parent.row,
          parentName: parent.name,
          kind: v.kind,
          sector: v.sector,
          shortName: v.shortName || null,
          divisionCode: v.divisionCode || null,
          foundedOn: v.foundedOn,
        },
      });
    }
    return { rows, errors };
  }
}
