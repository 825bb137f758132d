/**
 * Importing external study from a workbook (学习强国's export of a branch's study records, or a
 * school's list): columns 姓名, 身份证号后4位 (when two members of the scope share a name), 日期,
 * 分钟 or 学时, 内容, 来源. Read through the one Excel pipeline (`readSheet`, the columns format).
 * All or nothing: a workbook with an error in any row creates nothing and answers every error.
 * Each row becomes a pending record for the branch to approve; the workbook is kept as their
 * common evidence, and `import_id` is the audit entry of the import (what was imported, by whom).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { normalizeIdNumber } from '../../../domain/member/id-number.js';
import { type Db, queryRows } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors } from '../../lib/errors.js';
import { defineColumns, readRow, readSheet, SheetFailure } from '../../lib/excel/index.js';
import { cleanFileName } from '../../lib/files.js';
import { unseal } from '../../lib/pii.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { evidenceDir, newStorageKey } from './external.js';
import * as repo from './repo.js';
import { rulesOn } from './service.js';

export const EXTERNAL_COLUMNS = defineColumns([
  { key: 'name', header: '姓名', required: true, width: 12 },
  {
    key: 'idTail',
    header: '身份证号后4位',
    aliases: ['身份证后四位', '身份证号后四位'],
    asText: true,
    width: 14,
  },
  { key: 'studiedOn', header: '日期', aliases: ['学习日期'], type: 'date', required: true, width: 14 },
  {
    key: 'minutes',
    header: '分钟',
    aliases: ['学习时长（分钟）', '时长（分钟）'],
    type: 'integer',
    width: 10,
  },
  { key: 'hours', header: '学时', width: 10 },
  { key: 'title', header: '内容', aliases: ['学习内容', '课程名称'], required: true, width: 40 },
  {
    key: 'source',
    header: '来源',
    type: 'enum',
    options: [
      { label: '学习强国', code: 'xuexi' },
      { label: '党校', code: 'school' },
      { label: '院校', code: 'school' },
      { label: '其他', code: 'other' },
    ],
    width: 10,
  },
] as const);

const MAX_ROWS = 2000;

const candidateRow = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgPath: z.string(),
  idNumberEnc: z.string().nullable(),
});

interface RowError {
  row: number;
  field: string;
  message: string;
}

export async function importWorkbook(
  db: Db,
  ctx: RequestContext,
  dataDir: string,
  file: { fileName: string; data: Buffer },
) {
  const fileName = cleanFileName(file.fileName) || '学习记录.xlsx';
  const scope = ctx.actor.scope('learning.write');
  const minutesPerHour = (await rulesOn(db, ctx.today))['learning.minutesPerHour'];
  const rows: {
    rowNo: number;
    name: string;
    idTail: string | null;
    studiedOn: string;
    seconds: number;
    title: string;
    source: string;
  }[] = [];
  const errors: RowError[] = [];
  try {
    for await (const raw of readSheet(file.data, EXTERNAL_COLUMNS, { maxRows: MAX_ROWS })) {
      const { values, errors: cellErrors } = readRow(EXTERNAL_COLUMNS, raw.cells);
      for (const e of cellErrors) errors.push({ row: raw.rowNo, field: e.column, message: e.message });
      let seconds: number | null = null;
      if (values.minutes !== null) seconds = values.minutes * 60;
      else if (values.hours !== null) {
        const h = Number(String(values.hours).trim());
        if (Number.isFinite(h) && h > 0 && h <= 24) seconds = Math.round(h * minutesPerHour * 60);
        else errors.push({ row: raw.rowNo, field: '学时', message: '学时：应为大于0、不超过24的数' });
      } else errors.push({ row: raw.rowNo, field: '分钟', message: '分钟：请填写学习时长（分钟或学时）' });
      if (seconds !== null && (seconds < 60 || seconds > 24 * 3600)) {
        errors.push({ row: raw.rowNo, field: '分钟', message: '分钟：应在1到1440之间' });
        seconds = null;
      }
      if (values.studiedOn && values.studiedOn > ctx.today) {
        errors.push({ row: raw.rowNo, field: '日期', message: '日期：不能晚于今天' });
      }
      if (values.title && values.title.length > 100) {
        errors.push({ row: raw.rowNo, field: '内容', message: '内容：不超过100个字' });
      }
      if (values.name && values.studiedOn && values.title && seconds !== null) {
        rows.push({
          rowNo: raw.rowNo,
          name: values.name,
          idTail: values.idTail ? normalizeIdNumber(values.idTail) : null,
          studiedOn: values.studiedOn,
          seconds,
          title: values.title,
          source: values.source ?? 'xuexi',
        });
      }
    }
  } catch (e) {
    if (e instanceof SheetFailure) throw fieldErrors([{ field: 'file', message: `文件：${e.message}` }]);
    throw e;
  }
  if (!rows.length && !errors.length) throw fieldErrors([{ field: 'file', message: '文件：没有数据行' }]);

  // The members by name in the scope (a name shared by two: the ID tail decides).
  const names = [...new Set(rows.map((r) => r.name))];
  const candidates = names.length
    ? await queryRows(
        db,
        sql`select m.id, m.name, m.org_id as "orgId", m.org_path::text as "orgPath", m.id_number_enc as "idNumberEnc"
          from members m where m.name = any(${sql.raw(`array[${names.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')}]::text[]`)})
            and m.status not in ('left', 'deceased') and ${scope.pathCondition(sql`m.org_path`)}`,
        candidateRow,
      )
    : [];
  const matched: { row: (typeof rows)[number]; member: z.infer<typeof candidateRow> }[] = [];
  for (const r of rows) {
    let c = candidates.filter((m) => m.name === r.name);
    if (r.idTail)
      c = c.filter(
        (m) => m.idNumberEnc && normalizeIdNumber(unseal(m.idNumberEnc)).endsWith(r.idTail as string),
      );
    if (c.length === 1) matched.push({ row: r, member: c[0] });
    else if (c.length === 0) {
      errors.push({
        row: r.rowNo,
        field: '姓名',
        message: `姓名：您管理的范围内没有${r.idTail ? '身份证号后4位相符的' : ''}党员“${r.name}”`,
      });
    } else {
      errors.push({
        row: r.rowNo,
        field: '身份证号后4位',
        message: `身份证号后4位：有${c.length}名党员叫“${r.name}”，请填写身份证号后4位`,
      });
    }
  }
  if (errors.length) return { created: 0, errors: errors.slice(0, 200), ids: [] as number[] };

  const storageKey = newStorageKey();
  const target = path.join(evidenceDir(dataDir), storageKey);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, file.data, { flag: 'wx' });
  try {
    return await inUnitOfWork(db, ctx.today, async (tx) => {
      const auditId = await writeAudit(tx, ctx, {
        action: 'hours.external.import',
        entity: 'external_study',
        orgPath: null,
        after: { fileName, rows: matched.length },
      });
      const ids: number[] = [];
      const evidence = {
        fileName,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: file.data.length,
        storageKey,
      };
      for (const { row, member } of matched) {
        ids.push(
          await repo.insertExternal(tx, {
            memberId: member.id,
            orgId: member.orgId,
            orgPath: member.orgPath,
            source: row.source,
            title: row.title,
            studiedOn: row.studiedOn,
            seconds: row.seconds,
            submittedBy: ctx.actor.userId,
            importId: auditId,
            evidence,
          }),
        );
      }
      return { created: ids.length, errors: [] as RowError[], ids };
    });
  } catch (e) {
    await fs.rm(target, { force: true });
    throw e;
  }
}
