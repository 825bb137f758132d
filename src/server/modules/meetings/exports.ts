/** 会议记录 and 谈心谈话记录 as .xlsx (issue #6): the lists' rows under their filters, every one. */
import type { FastifyReply } from 'fastify';
import { MEETING_KIND_LABELS } from '../../../domain/orglife/requirements.js';
import { exportsApi } from '../../../shared/contracts/exports.js';
import {
  type HeartTalkDto,
  MEETING_STATUS_LABELS,
  type MeetingSummaryDto,
} from '../../../shared/contracts/meetings.js';
import type { QueryOf } from '../../../shared/contracts/route.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { type ExportColumn, pagedRows, sendXlsxExport } from '../../lib/xlsx-export.js';
import { describeQuery, type Labels, orgOf } from '../exports/index.js';
import { exportOf } from '../manifest.js';
import * as heartTalks from './heartTalks.js';
import * as meetings from './service.js';

const KIND_LABELS: Labels = MEETING_KIND_LABELS;
const STATUS_LABELS: Labels = MEETING_STATUS_LABELS;

const MEETINGS = '会议记录';

const meetingColumns: ExportColumn<MeetingSummaryDto>[] = [
  { header: '会议日期', kind: 'date', value: (m) => m.heldOn },
  { header: '开始时间', kind: 'datetime', value: (m) => m.startsAt },
  { header: '会议类型', width: 16, value: (m) => KIND_LABELS[m.kind] ?? m.kind },
  { header: '会议名称', width: 34, value: (m) => m.title },
  { header: '党组织', width: 30, value: (m) => m.orgName },
  { header: '党小组', width: 14, value: (m) => m.groupName },
  { header: '状态', width: 8, value: (m) => STATUS_LABELS[m.status] ?? m.status },
  { header: '应到', kind: 'integer', value: (m) => m.expected },
  { header: '实到', kind: 'integer', value: (m) => m.present },
];

async function exportMeetings(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.meetings>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => meetings.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'orglife.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: MEETINGS,
    filterText: describeQuery(q, 'meetings', org.name, { kind: KIND_LABELS, status: STATUS_LABELS }),
    filters: q,
    rowCount: total,
    audit: { action: 'meeting.export', entity: 'meeting', entityId: null, orgPath: org.path },
    sheets: [{ name: MEETINGS, columns: meetingColumns, rows }],
  });
}

const HEART_TALKS = '谈心谈话记录';

const heartTalkColumns: ExportColumn<HeartTalkDto>[] = [
  { header: '谈话日期', kind: 'date', value: (t) => t.talkedOn },
  { header: '谈话对象', width: 10, value: (t) => t.memberName },
  { header: '谈话人', width: 10, value: (t) => t.talkerName },
  { header: '党组织', width: 30, value: (t) => t.orgName },
  { header: '谈话要点', width: 50, value: (t) => t.summary },
];

async function exportHeartTalks(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: QueryOf<typeof exportsApi.heartTalks>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => heartTalks.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'orglife.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: HEART_TALKS,
    filterText: describeQuery({ ...q, year: q.year ? `${q.year}年` : undefined }, 'meetings', org.name, {}),
    filters: q,
    rowCount: total,
    audit: { action: 'heart_talk.export', entity: 'heart_talk', entityId: null, orgPath: org.path },
    sheets: [{ name: '谈心谈话', columns: heartTalkColumns, rows }],
  });
}

/** The meetings module's exports (its manifest's `exports`). */
export const meetingExports = [
  exportOf({ contract: exportsApi.meetings, what: MEETINGS, run: exportMeetings }),
  exportOf({ contract: exportsApi.heartTalks, what: HEART_TALKS, run: exportHeartTalks }),
];
