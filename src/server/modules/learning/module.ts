import fastifyMultipart from '@fastify/multipart';
import { MAX_LEARNING_FILE_BYTES } from '../../../shared/contracts/learning.js';
import {
  learningClassAttendance,
  learningClasses,
  learningClassRoster,
  learningClassTokens,
  learningItems,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { learningRoutes } from './routes.js';

/** 学习内容与培训班: Learning content (课程、学习资料) and classes (集中培训、专题辅导), issue #20. */
export const learningModule = defineModule({
  name: 'learning',
  label: '学习内容与培训班',
  // Multipart only in this scope: one file up to 500 MB, streamed to disk (lib/upload.ts storeUpload).
  setup: async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_LEARNING_FILE_BYTES, files: 1, fields: 5, parts: 6 },
    });
  },
  routes: learningRoutes,
  auditActions: [
    'learning.item.create',
    'learning.item.update',
    'learning.item.upload',
    'learning.item.publish',
    'learning.item.withdraw',
    'learning.class.create',
    'learning.class.update',
    'learning.class.cancel',
    'learning.class.finish',
    'learning.class.roster_add',
    'learning.class.roster_remove',
    'learning.class.attendance',
    'learning.class.checkin_token',
    'learning.class.checkin',
  ],
  tables: [learningItems, learningClasses, learningClassRoster, learningClassAttendance, learningClassTokens],
});
