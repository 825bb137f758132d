import { createReadStream } from 'node:fs';
import { todayInZone } from '../../../domain/common/dates.js';
import { meetingsApi as api } from '../../../shared/contracts/meetings.js';
import { contentDisposition, TOO_LARGE_MESSAGE } from '../../lib/files.js';
import { bind } from '../../lib/route.js';
import { readUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as attachments from './attachments.js';
import * as checkin from './checkin.js';
import * as heartTalks from './heartTalks.js';
import * as service from './service.js';

export const meetingRoutes = ({ config, database, clock }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(api.list, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(api.expectedAttendees, async (req) => service.expectedAttendees(db, ctxOf(req), req.query)),
    bind(api.create, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.create(db, ctx, req.body);
      return service.get(db, ctx, id);
    }),
    bind(api.get, async (req) => service.get(db, ctxOf(req), req.params.id)),
    bind(api.patch, async (req) => {
      const ctx = ctxOf(req);
      await service.patch(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),
    bind(api.remove, async (req) => {
      await service.remove(db, ctxOf(req), req.params.id);
      await attachments.removeMeetingFiles(config.dataDir, req.params.id);
      return { id: req.params.id };
    }),
    bind(api.submit, async (req) => {
      const ctx = ctxOf(req);
      await service.submit(db, ctx, req.params.id);
      return service.get(db, ctx, req.params.id);
    }),
    bind(api.review, async (req) => {
      const ctx = ctxOf(req);
      await service.review(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),

    bind(api.uploadAttachment, async (req, reply) => {
      const file = await readUpload(req, reply, { label: '附件', what: '文件', tooLarge: TOO_LARGE_MESSAGE });
      if (!file) return reply;
      return attachments.upload(db, ctxOf(req), config.dataDir, req.params.id, file);
    }),
    bind(api.downloadAttachment, async (req, reply) => {
      const att = await attachments.open(
        db,
        ctxOf(req),
        config.dataDir,
        req.params.id,
        req.params.attachmentId,
      );
      return reply
        .header('content-type', att.mimeType)
        .header('content-length', att.size)
        .header('content-disposition', contentDisposition(att.fileName, att.mimeType.startsWith('image/')))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(createReadStream(att.path));
    }),
    bind(api.deleteAttachment, async (req) => {
      await attachments.remove(db, ctxOf(req), config.dataDir, req.params.id, req.params.attachmentId);
      return { id: req.params.attachmentId };
    }),

    bind(api.createCheckinToken, async (req) => checkin.createToken(db, ctxOf(req), req.params.id)),
    bind(api.checkinTokens, async (req) => checkin.openCodes(db, ctxOf(req), req.params.id)),
    bind(api.revokeCheckinToken, async (req) =>
      checkin.revokeCode(db, ctxOf(req), req.params.id, req.params.tokenId),
    ),
    bind(api.checkinPreview, async (req) => {
      const now = clock();
      return checkin.preview(db, now, todayInZone(now, config.timeZone), req.body);
    }),
    bind(api.checkin, async (req) => checkin.checkIn(db, ctxOf(req), req.body)),

    bind(api.heartTalks, async (req) => heartTalks.list(db, ctxOf(req), req.query)),
    bind(api.heartTalk, async (req) => heartTalks.get(db, ctxOf(req), req.params.id)),
    bind(api.createHeartTalk, async (req) => {
      const ctx = ctxOf(req);
      const id = await heartTalks.create(db, ctx, req.body);
      return heartTalks.get(db, ctx, id);
    }),
    bind(api.deleteHeartTalk, async (req) => {
      await heartTalks.remove(db, ctxOf(req), req.params.id);
      return { id: req.params.id };
    }),
  ];
};
