import { isFileResponse } from '../../../shared/contracts/route.js';
import { heavyRead } from '../../db/replica-requests.js';
import { bind } from '../../lib/route.js';
import { ctxOf } from '../auth/index.js';
import type { ExportDefinition, ModuleDeps } from '../manifest.js';

/** An export that is not a GET answering a file would not download: refuse to start. */
function checkExport(module: string, def: ExportDefinition) {
  const { method, path, responses } = def.contract;
  const ok = responses[200];
  if (method !== 'GET' || !ok || !isFileResponse(ok)) {
    throw new Error(
      `export ${def.what} of module ${module} (${method} ${path}) must be a GET answering a file`,
    );
  }
}

/**
 * `GET <list>/export` for every list screen, as each module declares it in its manifest
 * (`exports`): the list's permission and filters, the rows the list shows. Each export's `run`
 * counts the rows, writes the audit entry and streams the watermarked file (lib/xlsx-export.ts).
 */
export const exportRoutes = ({ database, modules }: ModuleDeps) => {
  return modules.flatMap((m) =>
    (m.exports ?? []).map((def) => {
      checkExport(m.name, def);
      return bind(def.contract, async (req, reply) => {
        // `run` streams the file into the reply; its rows from the replica when there is one (its
        // audit entry goes to the primary: writerOf in db/replica.ts).
        await heavyRead(database, req, (reader) => def.run(reply, reader, ctxOf(req), req.query));
        return reply;
      });
    }),
  );
};
