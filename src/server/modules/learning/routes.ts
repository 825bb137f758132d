import path from 'node:path';
import { todayInZone } from '../../../domain/common/dates.js';
import {
  learningApi as api,
  LEARNING_TOO_LARGE_MESSAGE,
  uploadFields,
} from '../../../shared/contracts/learning.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import { bind } from '../../lib/route.js';
import { storeUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as classes from './classes.js';
import * as items from './items.js';
import { attachmentsDir, sendFile } from './media.js';

export const learningRoutes = ({ config, database, clock }: ModuleDeps) => {
  const db = database.db;
  const dataDir = config.dataDir;
  const fileMissing = () => notFound('学习资料文件');
  return [
    bind(api.items, async (req) => items.list(db, ctxOf(req), req.query)),
    bind(api.item, async (req) => items.get(db, ctxOf(req), req.params.id)),
    bind(api.createItem, async (req) => {
      const ctx = ctxOf(req);
      const id = await items.create(db, ctx, req.body);
      return items.get(db, ctx, id);
    }),
    bind(api.patchItem, async (req) => {
      const ctx = ctxOf(req);
      await items.patch(db, ctx, req.params.id, req.body);
      return items.get(db, ctx, req.params.id);
    }),
    bind(api.uploadItemFile, async (req, reply) => {
      const ctx = ctxOf(req);
      // Out of scope before a byte is stored: 404 without reading the upload.
      await items.get(db, ctx, req.params.id);
      const upload = await storeUpload(
        req,
        reply,
        path.join(attachmentsDir(dataDir), 'learning', 'incoming'),
        {
          label: '文件',
          what: 'PDF、视频或音频文件',
          tooLarge: LEARNING_TOO_LARGE_MESSAGE,
        },
      );
      if (!upload) return reply;
      const fields = uploadFields.safeParse(upload.fields);
      if (!fields.success) {
        await upload.remove();
        throw fieldErrors([{ field: 'lengthSeconds', message: '时长：应为1到36000之间的整数秒' }]);
      }
      await items.attachFile(db, ctx, dataDir, req.params.id, upload, fields.data.lengthSeconds);
      return items.get(db, ctx, req.params.id);
    }),
    bind(api.itemFile, async (req, reply) =>
      sendFile(req, reply, await items.staffFile(db, ctxOf(req), dataDir, req.params.id), fileMissing),
    ),
    bind(api.publishItem, async (req) => {
      const ctx = ctxOf(req);
      await items.publish(db, ctx, req.params.id);
      return items.get(db, ctx, req.params.id);
    }),
    bind(api.withdrawItem, async (req) => {
      const ctx = ctxOf(req);
      await items.withdraw(db, ctx, req.params.id);
      return items.get(db, ctx, req.params.id);
    }),

    bind(api.myItems, async (req) => items.myList(db, ctxOf(req), req.query)),
    bind(api.myItem, async (req) => items.myGet(db, ctxOf(req), req.params.id)),
    bind(api.myItemFile, async (req, reply) =>
      sendFile(req, reply, await items.myFile(db, ctxOf(req), dataDir, req.params.id), fileMissing),
    ),
    bind(api.myClasses, async (req) => classes.myClasses(db, ctxOf(req))),

    bind(api.classes, async (req) => classes.list(db, ctxOf(req), req.query)),
    bind(api.class, async (req) => classes.get(db, ctxOf(req), req.params.id)),
    bind(api.createClass, async (req) => {
      const ctx = ctxOf(req);
      const id = await classes.create(db, ctx, req.body);
      return classes.get(db, ctx, id);
    }),
    bind(api.patchClass, async (req) => {
      const ctx = ctxOf(req);
      await classes.patch(db, ctx, req.params.id, req.body);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.cancelClass, async (req) => {
      const ctx = ctxOf(req);
      await classes.cancel(db, ctx, req.params.id);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.finishClass, async (req) => {
      const ctx = ctxOf(req);
      await classes.finish(db, ctx, req.params.id);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.rosterCandidates, async (req) => classes.candidates(db, ctxOf(req), req.params.id, req.query.q)),
    bind(api.addRoster, async (req) => {
      const ctx = ctxOf(req);
      await classes.addRoster(db, ctx, req.params.id, req.body.memberIds);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.removeRoster, async (req) => {
      const ctx = ctxOf(req);
      await classes.removeRoster(db, ctx, req.params.id, req.params.memberId);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.setAttendance, async (req) => {
      const ctx = ctxOf(req);
      await classes.setAttendance(db, ctx, req.params.id, req.body);
      return classes.get(db, ctx, req.params.id);
    }),
    bind(api.createDayToken, async (req) =>
      classes.createDayToken(db, ctxOf(req), req.params.id, req.body.day),
    ),
    bind(api.checkinPreview, async (req) => {
      const now = clock();
      return classes.preview(db, now, todayInZone(now, config.timeZone), req.body);
    }),
    bind(api.checkin, async (req) => classes.checkIn(db, ctxOf(req), req.body)),
  ];
};
