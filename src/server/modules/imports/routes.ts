import fastifyMultipart from '@fastify/multipart';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { importsApi, importUploadFields } from '../../../shared/contracts/imports.js';
import { XLSX } from '../../../shared/contracts/route.js';
import { AppError, fieldErrors } from '../../lib/errors.js';
import { contentDisposition } from '../../lib/files.js';
import { bind } from '../../lib/route.js';
import { hasDiskSpace, storeUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import { recoverInterrupted } from './recovery.js';
import * as service from './service.js';

/**
 * The background steps (parses and commits) of one server: the routes spawn them, closing the
 * server waits for them. One per server (the tests run several in one process), found by its deps.
 */
class Background {
  private running = new Set<Promise<void>>();
  log: FastifyBaseLogger | null = null;

  spawn: service.Spawn = (task) => {
    const p = task(this.log)
      .catch((e) => this.log?.error({ err: e }, 'import background step failed'))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  };

  async drain() {
    await Promise.allSettled([...this.running]);
  }
}

const backgrounds = new WeakMap<ModuleDeps, Background>();
function backgroundOf(deps: ModuleDeps): Background {
  let b = backgrounds.get(deps);
  if (!b) {
    b = new Background();
    backgrounds.set(deps, b);
  }
  return b;
}

/**
 * The module's scope: multipart with the import's limits, the background steps' lifecycle, and
 * the recovery of what a stopped server left half done. The recovery runs here, awaited by the
 * app's start-up before any route answers: a commit that was landing in chunks is undone (nothing
 * else can depend on its rows yet), an interrupted check is marked failed, and uploads left in the
 * imports folder are deleted. The daily job purges old staging rows (`imports.purge-staging`).
 */
export async function importSetup(scope: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: {
      fileSize: service.MAX_IMPORT_BYTES,
      files: 1,
      fields: 5,
      parts: 6,
      fieldSize: 1024,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });
  const background = backgroundOf(deps);
  background.log = scope.log;
  await recoverInterrupted(deps.database.db, service.dirOf(deps.config.dataDir), scope.log);
  scope.addHook('onClose', async () => background.drain());
}

/** 数据导入: templates, upload (parsed in the background), progress and errors, commit, rollback. */
export const importRoutes = (deps: ModuleDeps) => {
  const { database, config } = deps;
  const db = database.db;
  const { spawn } = backgroundOf(deps);
  return [
    bind(importsApi.template, async (req, reply) => {
      const { buffer, fileName } = await service.template(db, ctxOf(req), req.query.kind);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(fileName, false))
        .send(buffer);
    }),
    bind(importsApi.upload, async (req, reply) => {
      const dir = service.dirOf(config.dataDir);
      if (!(await hasDiskSpace(dir, service.UPLOAD_FREE_BYTES))) throw new AppError('IMPORTS_DISK_FULL');
      const file = await storeUpload(req, reply, dir, {
        label: '文件',
        what: '.xlsx 文件',
        tooLarge: service.IMPORT_TOO_LARGE,
      });
      if (!file) return reply;
      // The fields come with the file (multipart) or in the query string.
      const parsed = importUploadFields.safeParse({ ...req.query, ...file.fields });
      if (!parsed.success) {
        await file.remove();
        throw fieldErrors(
          parsed.error.issues.map((i) => {
            const field = String(i.path[0] ?? '');
            return {
              field,
              message:
                field === 'kind' ? '导入类型：应为 orgs（党组织）或 members（党员）' : '导入到的党组织：必填',
            };
          }),
        );
      }
      // From here the service owns the stored file (it deletes it when it refuses or has parsed it).
      return service.start(db, ctxOf(req), spawn, {
        ...parsed.data,
        fileName: file.fileName,
        filePath: file.filePath,
      });
    }),
    bind(importsApi.list, async (req) => service.list(db, ctxOf(req), req.query)),
    bind(importsApi.get, async (req) => service.detail(db, ctxOf(req), req.params.id, req.query)),
    bind(importsApi.commit, async (req) => service.commit(db, ctxOf(req), spawn, req.params.id)),
    bind(importsApi.rollback, async (req) => service.rollback(db, ctxOf(req), req.params.id)),
  ];
};
