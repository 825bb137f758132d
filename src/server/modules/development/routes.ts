import { createReadStream } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { developmentApi as api } from '../../../shared/contracts/development.js';
import { fieldErrors } from '../../lib/errors.js';
import { contentDisposition, MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE } from '../../lib/files.js';
import { bind } from '../../lib/route.js';
import { readUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as disciplines from './disciplines.js';
import * as documents from './documents.js';
import * as pipeline from './pipeline.js';
import * as service from './service.js';

/** Multipart bodies are parsed only inside the module's scope, for the document upload. */
export async function developmentSetup(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 },
  });
}

export const developmentRoutes = ({ config, database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(api.listCases, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(api.createCase, async (req) => {
      const ctx = ctxOf(req);
      const id = await service.create(db, ctx, req.body);
      return service.get(db, ctx, id);
    }),
    bind(api.getCase, async (req) => service.get(db, ctxOf(req), req.params.id)),
    bind(api.registerOn, async (req) => service.registerOn(db, ctxOf(req), req.params.id, req.query.on)),
    bind(api.recordStep, async (req) => {
      const ctx = ctxOf(req);
      await service.recordStep(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),
    bind(api.correctStep, async (req) => {
      const ctx = ctxOf(req);
      await service.correctStep(db, ctx, req.params.id, req.params.stepId, req.body);
      return service.get(db, ctx, req.params.id);
    }),
    bind(api.closeCase, async (req) => {
      const ctx = ctxOf(req);
      await service.close(db, ctx, req.params.id, req.body);
      return service.get(db, ctx, req.params.id);
    }),
    bind(api.uploadDocument, async (req, reply) => {
      const file = await readUpload(req, reply, { label: '材料', what: '文件', tooLarge: TOO_LARGE_MESSAGE });
      if (!file) return reply;
      return documents.upload(db, ctxOf(req), config.dataDir, req.params.id, req.params.stepId, file);
    }),
    bind(api.downloadDocument, async (req, reply) => {
      const doc = await documents.open(db, ctxOf(req), config.dataDir, req.params.id, req.params.docId);
      if (doc.stepId !== req.params.stepId) {
        throw fieldErrors([{ field: 'stepId', message: '材料不属于该步骤' }]);
      }
      return reply
        .header('content-type', doc.mimeType)
        .header('content-length', doc.size)
        .header('content-disposition', contentDisposition(doc.fileName, req.query.inline === '1'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(createReadStream(doc.path));
    }),
    bind(api.deleteDocument, async (req) => {
      await documents.remove(db, ctxOf(req), config.dataDir, req.params.id, req.params.docId);
      return { id: req.params.docId };
    }),
    bind(api.cohort, async (req) => pipeline.cohort(db, ctxOf(req), req.query)),
    bind(api.board, async (req) => pipeline.board(db, ctxOf(req), req.query.orgId)),
    bind(api.plan, async (req) => pipeline.plan(db, ctxOf(req), req.query.orgId, req.query.year)),
    bind(api.setPlan, async (req) => {
      const ctx = ctxOf(req);
      await pipeline.setPlan(db, ctx, req.body);
      return pipeline.plan(db, ctx, req.body.orgId, req.body.year);
    }),
    bind(api.listDisciplines, async (req) => disciplines.list(db, ctxOf(req), req.params.id)),
    bind(api.addDiscipline, async (req) => disciplines.create(db, ctxOf(req), req.params.id, req.body)),
  ];
};
