import { statsApi } from '../../../shared/contracts/stats.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { attachmentDisposition, XLSX_TYPE } from '../../lib/xlsx-export.js';
import { ctxOf } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import { annualReport, reportWorkbookFor } from './service.js';

export const statsRoutes = ({ database }: ModuleDeps) => {
  return [
    bind(statsApi.report, async (req, reply) => {
      const ctx = ctxOf(req);
      if (req.query.format !== 'xlsx')
        return heavyRead(database, req, (reader) => annualReport(reader, ctx, req.params.id, req.query));
      const { buffer, fileName } = await heavyRead(database, req, (reader) =>
        reportWorkbookFor(reader, ctx, req.params.id, req.query),
      );
      // A Buffer is sent as it is (no serializer): the contract lists it as the file form.
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentDisposition(fileName))
        .send(buffer);
    }),
  ];
};
