import fastifyMultipart from '@fastify/multipart';
import {
  externalStudy,
  learningCredits,
  learningProgress,
  studyBeats,
  studySessions,
} from '../../db/schema/index.js';
import { MAX_ATTACHMENT_BYTES } from '../../lib/files.js';
import { defineModule } from '../manifest.js';
import { onTouched } from './credits.js';
import { hoursRoutes } from './routes.js';

/**
 * 学时 (issue #20, decision 0046): study sessions credited from heartbeats, external study, the
 * hours ledger `learning_credits` and the yearly sums `learning_progress`. It listens to
 * `learning` (class attendance) and `members` (transfers) and re-derives the class and external
 * credits of the touched branches' members; it touches `hours` with every credit it changes.
 */
export const hoursModule = defineModule({
  name: 'hours',
  label: '学时',
  // Multipart bodies are parsed only in this module's scope: evidence and the import's workbook.
  setup: async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 },
    });
  },
  routes: hoursRoutes,
  auditActions: [
    'hours.external.submit',
    'hours.external.create',
    'hours.external.import',
    'hours.external.evidence',
    'hours.external.approve',
    'hours.external.reject',
    'hours.external.delete',
  ],
  tables: [studySessions, studyBeats, externalStudy, learningCredits, learningProgress],
  listens: [{ topics: ['learning', 'members'], flush: (tx, ids) => onTouched(tx, ids) }],
});
