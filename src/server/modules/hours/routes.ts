import { createReadStream } from 'node:fs';
import { hoursApi as api } from '../../../shared/contracts/hours.js';
import { contentDisposition, TOO_LARGE_MESSAGE } from '../../lib/files.js';
import { bind } from '../../lib/route.js';
import { readUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as external from './external.js';
import { importWorkbook } from './import.js';
import * as service from './service.js';

const EVIDENCE = { label: '学习证明', what: '图片或PDF文件', tooLarge: TOO_LARGE_MESSAGE };

export const hoursRoutes = ({ config, database }: ModuleDeps) => {
  const db = database.db;
  const sendFile = (
    reply: Parameters<Parameters<typeof bind>[1]>[1],
    f: { path: string; fileName: string; mimeType: string; size: number },
  ) =>
    reply
      .header('content-type', f.mimeType)
      .header('content-length', f.size)
      .header(
        'content-disposition',
        contentDisposition(
          f.fileName,
          f.mimeType !== 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ),
      )
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(createReadStream(f.path));
  return [
    bind(api.start, async (req, reply) => {
      reply.status(201);
      return service.start(db, ctxOf(req), req.body);
    }),
    bind(api.beat, async (req) => service.beat(db, ctxOf(req), req.body)),
    bind(api.end, async (req) => service.end(db, ctxOf(req), req.body)),
    bind(api.myItems, async (req) => service.myItems(db, ctxOf(req))),
    bind(api.myLedger, async (req) => service.myLedger(db, ctxOf(req), req.query.year)),
    bind(api.myExternal, async (req) => external.mine(db, ctxOf(req))),
    bind(api.mySubmitExternal, async (req, reply) => {
      reply.status(201);
      return external.submitOwn(db, ctxOf(req), req.body);
    }),
    bind(api.myUploadEvidence, async (req, reply) => {
      const file = await readUpload(req, reply, EVIDENCE);
      if (!file) return reply;
      return external.uploadEvidence(db, ctxOf(req), config.dataDir, req.params.id, file, true);
    }),
    bind(api.myEvidence, async (req, reply) =>
      sendFile(reply, await external.openEvidence(db, ctxOf(req), config.dataDir, req.params.id, true)),
    ),
    bind(api.myWithdrawExternal, async (req) =>
      external.withdrawOwn(db, ctxOf(req), config.dataDir, req.params.id),
    ),

    bind(api.externalList, async (req) => external.list(db, ctxOf(req), req.query)),
    bind(api.externalCreate, async (req, reply) => {
      reply.status(201);
      return external.createFor(db, ctxOf(req), req.body);
    }),
    bind(api.externalImport, async (req, reply) => {
      const file = await readUpload(req, reply, {
        label: '文件',
        what: 'Excel（.xlsx）文件',
        tooLarge: TOO_LARGE_MESSAGE,
      });
      if (!file) return reply;
      return importWorkbook(db, ctxOf(req), config.dataDir, file);
    }),
    bind(api.externalUploadEvidence, async (req, reply) => {
      const file = await readUpload(req, reply, EVIDENCE);
      if (!file) return reply;
      return external.uploadEvidence(db, ctxOf(req), config.dataDir, req.params.id, file, false);
    }),
    bind(api.externalEvidence, async (req, reply) =>
      sendFile(reply, await external.openEvidence(db, ctxOf(req), config.dataDir, req.params.id, false)),
    ),
    bind(api.externalDecide, async (req) => external.decide(db, ctxOf(req), req.params.id, req.body)),
    bind(api.externalDelete, async (req) => external.remove(db, ctxOf(req), config.dataDir, req.params.id)),
    bind(api.memberLedger, async (req) =>
      service.memberLedger(db, ctxOf(req), req.params.memberId, req.query.year),
    ),
    bind(api.onlineTrace, async (req) => service.onlineTrace(db, ctxOf(req), req.params.memberId, req.query)),
  ];
};
