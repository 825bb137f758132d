import { duesApi } from '../../../shared/contracts/dues.js';
import { contentDisposition } from '../../lib/files.js';
import { bind } from '../../lib/route.js';
import { readUpload } from '../../lib/upload.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import { exportLedger } from './export.js';
import * as imports from './imports.js';
import * as remittances from './remittances.js';
import { reconciliation, summary } from './summary.js';

/** 党费: subtree summaries, remittances, reconciliation, import of bases, ledger export. */
export const duesFinanceRoutes = ({ database }: ModuleDeps) => {
  const db = database.db;
  return [
    bind(duesApi.summary, async (req) => summary(db, ctxOf(req), req.params.id, req.query.year)),
    bind(duesApi.reconciliation, async (req) =>
      reconciliation(db, ctxOf(req), req.params.id, req.query.year),
    ),
    bind(duesApi.remittances, async (req) =>
      remittances.ledger(db, ctxOf(req), req.query.orgId, req.query.year),
    ),
    bind(duesApi.remit, async (req) => remittances.create(db, ctxOf(req), req.body)),
    bind(duesApi.confirmRemittance, async (req) =>
      remittances.confirm(db, ctxOf(req), req.params.id, req.body),
    ),
    bind(duesApi.importTemplate, async (req, reply) => {
      const { buffer, fileName } = await imports.template(db, ctxOf(req), req.query.orgId);
      return reply
        .header('content-type', imports.XLSX_TYPE)
        .header('content-disposition', contentDisposition(fileName, false))
        .send(buffer);
    }),
    bind(duesApi.upload, async (req, reply) => {
      const ctx = ctxOf(req);
      const file = await readUpload(req, reply, {
        label: '文件',
        what: '.xlsx 文件',
        tooLarge: imports.IMPORT_TOO_LARGE,
      });
      if (!file) return reply;
      return imports.preview(db, ctx, req.query.orgId, file);
    }),
    bind(duesApi.import, async (req) => imports.get(db, ctxOf(req), req.params.id)),
    bind(duesApi.commitImport, async (req) => imports.commit(db, ctxOf(req), req.params.id)),
    bind(duesApi.ledgerExport, async (req, reply) =>
      exportLedger(reply, db, ctxOf(req), req.query.orgId, req.query.year),
    ),
  ];
};
