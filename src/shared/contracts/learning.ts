/**
 * Learning content (课程、学习资料) and classes (集中培训、专题辅导), issue #20 (decision 0045).
 *
 * Items: an org publishes text, PDF, video or audio for its subtree, with an audience, a required
 * flag and a publish date. The file of a PDF, video or audio item is uploaded after the item is
 * created (multipart, streamed to disk) and streamed back with HTTP range requests, to the org's
 * staff (`items/:id/file`) and to a member the item is visible to (`my/items/:id/file`).
 *
 * Classes: a 集中培训 or 专题辅导 organised by an org, with a roster, attendance per day (by the
 * day's QR code or entered by the organiser) and a completion rule (a share of the days).
 */
import { z } from 'zod';
import { LEARNING_AUDIENCES } from '../../domain/learning/audience.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

export { AUDIENCE_LABELS, LEARNING_AUDIENCES } from '../../domain/learning/audience.js';

export const ITEM_KINDS = ['text', 'pdf', 'video', 'audio'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  text: '图文',
  pdf: 'PDF文档',
  video: '视频',
  audio: '音频',
};
/** Kinds whose content is an uploaded file. */
export const FILE_KINDS: readonly ItemKind[] = ['pdf', 'video', 'audio'];

export const ITEM_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export const ITEM_STATUS_LABELS: Record<(typeof ITEM_STATUSES)[number], string> = {
  draft: '草稿',
  published: '已发布',
  withdrawn: '已撤回',
};

export const CLASS_KINDS = ['training', 'tutorial'] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];
export const CLASS_KIND_LABELS: Record<ClassKind, string> = { training: '集中培训', tutorial: '专题辅导' };

export const CLASS_STATUSES = ['planned', 'finished', 'cancelled'] as const;
export const CLASS_STATUS_LABELS: Record<(typeof CLASS_STATUSES)[number], string> = {
  planned: '进行中',
  finished: '已结业',
  cancelled: '已取消',
};

/** Largest upload of a learning item's file (video): streamed to disk, never held in memory. */
export const MAX_LEARNING_FILE_BYTES = 500 * 1024 * 1024;
export const LEARNING_TOO_LARGE_MESSAGE = '文件：不能超过500MB';
/** An item's longest length: 10 hours (a reading time or a recording). */
export const MAX_LENGTH_SECONDS = 36_000;

// ---- errors ---------------------------------------------------------------------------------

export const LEARNING_ERRORS = {
  LEARNING_ITEM_NOT_EDITABLE: { status: 409, message: '已发布的学习资料不能更换文件或类型，请先撤回' },
  LEARNING_ITEM_NO_FILE: { status: 409, message: '请先上传文件再发布' },
  LEARNING_ITEM_STATE: { status: 409, message: '学习资料的状态不允许此操作' },
  LEARNING_CLASS_LOCKED: { status: 409, message: '培训班已结业或已取消，不能再修改' },
  LEARNING_CHECKIN_NOT_OPEN: { status: 409, message: '不在培训班的签到时间内' },
  LEARNING_NOT_ON_ROSTER: { status: 409, message: '您不在该培训班的学员名单中' },
  LEARNING_RANGE_NOT_SATISFIABLE: { status: 416, message: '请求的范围超出文件大小' },
} as const satisfies ErrorMap;

// ---- items ----------------------------------------------------------------------------------

const title = z.string().trim().min(2, '标题：至少填写2个字').max(100, '标题：不能超过100个字');
const audience = z
  .array(z.enum(LEARNING_AUDIENCES))
  .min(1, '学习对象：至少选择一类')
  .max(LEARNING_AUDIENCES.length);
const lengthSeconds = z
  .number()
  .int('时长：应为整数秒')
  .min(60, '时长：至少1分钟')
  .max(MAX_LENGTH_SECONDS, '时长：不能超过10小时');

export const itemCreateBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  title,
  kind: z.enum(ITEM_KINDS),
  summary: z.string().trim().max(500, '简介：不能超过500个字').default(''),
  /** The text of a text item (plain text, paragraphs separated by blank lines). */
  body: z.string().max(100_000, '正文：不能超过10万字').default(''),
  /**
   * Seconds: a text's or PDF's reading time set by the publisher; a video's or audio's running
   * time (the web reads it from the media element when the file is chosen; the upload may send it
   * again, and the server checks it against the file's size).
   */
  lengthSeconds,
  audience: audience.default(['all']),
  required: z.boolean().default(false),
  publishOn: isoDate,
});

export const itemPatchBody = z
  .object({
    title,
    summary: z.string().trim().max(500, '简介：不能超过500个字'),
    body: z.string().max(100_000, '正文：不能超过10万字'),
    lengthSeconds,
    audience,
    required: z.boolean(),
    publishOn: isoDate,
  })
  .partial();

export const itemListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
  ...pageQuery,
});

const fileFields = {
  fileName: z.string().nullable(),
  mimeType: z.string().nullable(),
  size: z.number().nullable(),
  /** Where the file streams from (range requests), or null without a file. */
  fileUrl: z.string().nullable(),
};

export const itemDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  kind: z.enum(ITEM_KINDS),
  summary: z.string(),
  lengthSeconds: z.number(),
  audience: z.array(z.enum(LEARNING_AUDIENCES)),
  required: z.boolean(),
  publishOn: z.string(),
  status: z.enum(ITEM_STATUSES),
  ...fileFields,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The caller may edit, publish and withdraw it (learning.write over the item's org). */
  editable: z.boolean(),
});
export type ItemDto = z.infer<typeof itemDto>;

export const itemDetailDto = itemDto.extend({ body: z.string() });
export type ItemDetailDto = z.infer<typeof itemDetailDto>;

/** An item on the member's "what to study" list. */
export const myItemDto = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.enum(ITEM_KINDS),
  summary: z.string(),
  lengthSeconds: z.number(),
  required: z.boolean(),
  audience: z.array(z.enum(LEARNING_AUDIENCES)),
  orgId: z.number(),
  orgName: z.string(),
  publishOn: z.string(),
  mimeType: z.string().nullable(),
  size: z.number().nullable(),
  /** The member's streaming URL (`/api/learning/my/items/:id/file`), null for a text item. */
  fileUrl: z.string().nullable(),
});
export type MyItemDto = z.infer<typeof myItemDto>;
export const myItemDetailDto = myItemDto.extend({ body: z.string() });

export const myItemsQuery = z.object({
  kind: z.enum(ITEM_KINDS).optional(),
  required: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

/** A media file as the publisher's browser measured it (multipart field of the upload). */
export const uploadFields = z.object({
  lengthSeconds: z.coerce.number().int().min(1).max(MAX_LENGTH_SECONDS).optional(),
});

// ---- classes --------------------------------------------------------------------------------

const classFields = {
  title,
  organiser: z.string().trim().max(60, '主办单位：不能超过60个字'),
  startsOn: isoDate,
  endsOn: isoDate,
  /** 学时 credited to each member who completes the class (half hours allowed). */
  // Whole bounds (the fuzzing suite draws integers between them); the half hours by the refinement.
  creditHours: z
    .number()
    .min(0, '学时：至少0.5学时')
    .max(200, '学时：不能超过200学时')
    .refine((h) => h >= 0.5 && Number.isInteger(h * 2), '学时：至少0.5学时，以0.5学时为单位'),
  place: z.string().trim().max(100, '地点：不能超过100个字'),
  online: z.boolean(),
  completionPercent: z.number().int().min(1, '结业出勤比例：1到100').max(100, '结业出勤比例：1到100'),
};

export const classCreateBody = z.object({
  orgId: z.number().int().positive().max(MAX_ID),
  kind: z.enum(CLASS_KINDS),
  ...classFields,
  organiser: classFields.organiser.optional(),
  place: classFields.place.default(''),
  online: z.boolean().default(false),
  /** Left out: the rule learning.classCompletionPercent. */
  completionPercent: classFields.completionPercent.optional(),
});

export const classPatchBody = z.object(classFields).partial();

export const classListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  kind: z.enum(CLASS_KINDS).optional(),
  status: z.enum(CLASS_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pageQuery,
});

export const classDto = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(CLASS_KINDS),
  title: z.string(),
  organiser: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  days: z.number(),
  creditSeconds: z.number(),
  /** The credit in 学时 by the rule learning.minutesPerHour in force on the first day. */
  creditHours: z.number(),
  place: z.string(),
  online: z.boolean(),
  completionPercent: z.number(),
  /** Days attended that complete the class. */
  daysToComplete: z.number(),
  status: z.enum(CLASS_STATUSES),
  rosterCount: z.number(),
  completedCount: z.number(),
  editable: z.boolean(),
});
export type ClassDto = z.infer<typeof classDto>;

export const rosterEntryDto = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  /** The days attended, each with how. */
  attended: z.array(z.object({ day: z.string(), method: z.enum(['qr', 'manual']) })),
  completed: z.boolean(),
});
export type RosterEntryDto = z.infer<typeof rosterEntryDto>;

export const classDetailDto = classDto.extend({
  dayList: z.array(z.string()),
  roster: z.array(rosterEntryDto),
});
export type ClassDetailDto = z.infer<typeof classDetailDto>;

export const rosterBody = z.object({
  memberIds: z.array(z.number().int().positive().max(MAX_ID)).min(1, '学员：至少选择一人').max(500),
});
export const rosterParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  memberId: z.coerce.number().int().positive().max(MAX_ID),
});
export const attendanceBody = z.object({
  memberId: z.number().int().positive().max(MAX_ID),
  day: isoDate,
  present: z.boolean(),
});

export const dayTokenBody = z.object({ day: isoDate });
export const dayTokenDto = z.object({
  classId: z.number(),
  day: z.string(),
  token: z.string(),
  /** The page a member's phone opens (the QR code's content, after the site's origin). */
  url: z.string(),
  expiresAt: z.string(),
});

export const classCheckinBody = z.object({
  classId: z.number().int().positive().max(MAX_ID),
  token: z.string().min(10).max(200),
});
export const classFactsDto = z.object({
  classId: z.number(),
  title: z.string(),
  kind: z.enum(CLASS_KINDS),
  organiser: z.string(),
  place: z.string(),
  day: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export const classCheckinPreviewDto = z.object({
  state: z.enum(['open', 'unknown', 'expired', 'closed']),
  message: z.string(),
  class: classFactsDto.nullable(),
});
export const classCheckinResultDto = classFactsDto.extend({
  memberName: z.string(),
  checkedInAt: z.string(),
  already: z.boolean(),
  attendedDays: z.number(),
  days: z.number(),
  completed: z.boolean(),
});

/** A class of the member's (on its roster), with their attendance. */
export const myClassDto = z.object({
  id: z.number(),
  kind: z.enum(CLASS_KINDS),
  title: z.string(),
  organiser: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  days: z.number(),
  place: z.string(),
  online: z.boolean(),
  status: z.enum(CLASS_STATUSES),
  creditSeconds: z.number(),
  attendedDays: z.number(),
  daysToComplete: z.number(),
  completed: z.boolean(),
});

/** A member the organiser may add to the roster. */
export const candidateDto = z.object({ memberId: z.number(), name: z.string(), orgName: z.string() });
export const candidatesQuery = z.object({ q: z.string().trim().max(30).optional() });

/** The error body of an upload refused for its size, or a range outside the file (sent by the route itself). */
const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

const media = fileResponse('学习资料文件（PDF、视频或音频）；支持 Range 请求', '*');

// ---- routes ---------------------------------------------------------------------------------

const tag = 'learning';

export const learningApi = {
  items: defineRoute({
    method: 'GET',
    path: '/api/learning/items',
    permission: 'learning.read',
    tag,
    summary: '学习资料（本组织及下级组织发布的），按发布日期倒序',
    query: itemListQuery,
    responses: { 200: page(itemDto) },
  }),
  item: defineRoute({
    method: 'GET',
    path: '/api/learning/items/:id',
    permission: 'learning.read',
    tag,
    summary: '学习资料详情',
    params: idParam,
    responses: { 200: itemDetailDto },
  }),
  createItem: defineRoute({
    method: 'POST',
    path: '/api/learning/items',
    permission: 'learning.write',
    tag,
    summary: '新建学习资料（草稿；PDF、视频、音频随后上传文件）',
    body: itemCreateBody,
    responses: { 201: itemDetailDto },
  }),
  patchItem: defineRoute({
    method: 'PATCH',
    path: '/api/learning/items/:id',
    permission: 'learning.write',
    tag,
    summary: '修改学习资料',
    params: idParam,
    body: itemPatchBody,
    responses: { 200: itemDetailDto },
  }),
  uploadItemFile: defineRoute({
    method: 'POST',
    path: '/api/learning/items/:id/file',
    permission: 'learning.write',
    tag,
    summary: '上传学习资料的文件（PDF、视频或音频，不超过500MB；草稿或已撤回的）',
    params: idParam,
    /** The multipart form: `lengthSeconds` (optional, the media's duration) before the part `file`. */
    body: z.object({ file: z.unknown() }),
    multipart: true,
    responses: { 200: itemDetailDto, 413: errorBody },
    errors: ['LEARNING_ITEM_NOT_EDITABLE'],
  }),
  itemFile: defineRoute({
    method: 'GET',
    path: '/api/learning/items/:id/file',
    permission: 'learning.read',
    tag,
    summary: '学习资料的文件（支持 Range 请求，视频可拖动播放）',
    params: idParam,
    responses: { 200: media, 206: media, 416: errorBody },
  }),
  publishItem: defineRoute({
    method: 'POST',
    path: '/api/learning/items/:id/publish',
    permission: 'learning.write',
    tag,
    summary: '发布学习资料（自发布日期起对学习对象可见）',
    params: idParam,
    responses: { 200: itemDetailDto },
    errors: ['LEARNING_ITEM_NO_FILE', 'LEARNING_ITEM_STATE'],
  }),
  withdrawItem: defineRoute({
    method: 'POST',
    path: '/api/learning/items/:id/withdraw',
    permission: 'learning.write',
    tag,
    summary: '撤回学习资料（党员不再看到；已记入的学时不变）',
    params: idParam,
    responses: { 200: itemDetailDto },
    errors: ['LEARNING_ITEM_STATE'],
  }),

  myItems: defineRoute({
    method: 'GET',
    path: '/api/learning/my/items',
    permission: 'learning.study',
    tag,
    summary: '我的学习：本人可学的学习资料（必学在前，按发布日期倒序）',
    query: myItemsQuery,
    responses: { 200: page(myItemDto) },
  }),
  myItem: defineRoute({
    method: 'GET',
    path: '/api/learning/my/items/:id',
    permission: 'learning.study',
    tag,
    summary: '我的学习：一项学习资料（图文含正文）',
    params: idParam,
    responses: { 200: myItemDetailDto },
  }),
  myItemFile: defineRoute({
    method: 'GET',
    path: '/api/learning/my/items/:id/file',
    permission: 'learning.study',
    tag,
    summary: '我的学习：学习资料的文件（支持 Range 请求）',
    params: idParam,
    responses: { 200: media, 206: media, 416: errorBody },
  }),
  myClasses: defineRoute({
    method: 'GET',
    path: '/api/learning/my/classes',
    permission: 'learning.study',
    tag,
    summary: '我的培训班（本人在学员名单中的），含出勤与结业情况',
    responses: { 200: z.array(myClassDto) },
  }),

  classes: defineRoute({
    method: 'GET',
    path: '/api/learning/classes',
    permission: 'learning.read',
    tag,
    summary: '培训班（集中培训、专题辅导），按开班日期倒序',
    query: classListQuery,
    responses: { 200: page(classDto) },
  }),
  class: defineRoute({
    method: 'GET',
    path: '/api/learning/classes/:id',
    permission: 'learning.read',
    tag,
    summary: '培训班详情：学员名单、每日出勤、结业情况',
    params: idParam,
    responses: { 200: classDetailDto },
  }),
  createClass: defineRoute({
    method: 'POST',
    path: '/api/learning/classes',
    permission: 'learning.write',
    tag,
    summary: '新建培训班',
    body: classCreateBody,
    responses: { 201: classDetailDto },
  }),
  patchClass: defineRoute({
    method: 'PATCH',
    path: '/api/learning/classes/:id',
    permission: 'learning.write',
    tag,
    summary: '修改培训班',
    params: idParam,
    body: classPatchBody,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  cancelClass: defineRoute({
    method: 'POST',
    path: '/api/learning/classes/:id/cancel',
    permission: 'learning.write',
    tag,
    summary: '取消培训班（不计学时）',
    params: idParam,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  finishClass: defineRoute({
    method: 'POST',
    path: '/api/learning/classes/:id/finish',
    permission: 'learning.write',
    tag,
    summary: '培训班结业（最后一天及以后；此后名单和出勤不再修改）',
    params: idParam,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  rosterCandidates: defineRoute({
    method: 'GET',
    path: '/api/learning/classes/:id/candidates',
    permission: 'learning.write',
    tag,
    summary: '可加入学员名单的党员（主办组织及下级组织的，按姓名检索）',
    params: idParam,
    query: candidatesQuery,
    responses: { 200: z.array(candidateDto) },
  }),
  addRoster: defineRoute({
    method: 'POST',
    path: '/api/learning/classes/:id/roster',
    permission: 'learning.write',
    tag,
    summary: '加入学员名单',
    params: idParam,
    body: rosterBody,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  removeRoster: defineRoute({
    method: 'DELETE',
    path: '/api/learning/classes/:id/roster/:memberId',
    permission: 'learning.write',
    tag,
    summary: '移出学员名单（其出勤记录一并删除）',
    params: rosterParams,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  setAttendance: defineRoute({
    method: 'PUT',
    path: '/api/learning/classes/:id/attendance',
    permission: 'learning.write',
    tag,
    summary: '登记或撤销一名学员某一天的出勤',
    params: idParam,
    body: attendanceBody,
    responses: { 200: classDetailDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  createDayToken: defineRoute({
    method: 'POST',
    path: '/api/learning/classes/:id/checkin-token',
    permission: 'learning.write',
    tag,
    summary: '生成某一班期日的签到二维码（当天有效）',
    params: idParam,
    body: dayTokenBody,
    responses: { 200: dayTokenDto },
    errors: ['LEARNING_CLASS_LOCKED'],
  }),
  // Public: the code is the credential for the class's name, organiser and day, shown before login.
  checkinPreview: defineRoute({
    method: 'POST',
    path: '/api/learning/checkin/preview',
    permission: 'public',
    tag,
    summary: '查看培训班签到码（无需登录）',
    body: classCheckinBody,
    responses: { 200: classCheckinPreviewDto },
  }),
  checkin: defineRoute({
    method: 'POST',
    path: '/api/learning/checkin',
    permission: 'learning.study',
    tag,
    summary: '培训班扫码签到（学员本人）',
    body: classCheckinBody,
    responses: { 200: classCheckinResultDto },
    errors: ['LEARNING_CHECKIN_NOT_OPEN', 'LEARNING_NOT_ON_ROSTER'],
  }),
} satisfies ContractGroup;
