import {
  learningClassAttendance,
  learningClasses,
  learningClassRoster,
  learningClassTokens,
  learningItems,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';

/** 学习内容与培训班: Learning content (课程、学习资料) and classes (集中培训、专题辅导), issue #20. */
export const learningModule = defineModule({
  name: 'learning',
  label: '学习内容与培训班',
  auditActions: [],
  tables: [learningItems, learningClasses, learningClassRoster, learningClassAttendance, learningClassTokens],
});
