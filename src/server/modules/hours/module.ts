import {
  externalStudy,
  learningCredits,
  learningProgress,
  studyBeats,
  studySessions,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';

/** 学时: 学时 (issue #20): study sessions credited from heartbeats, external study, the hours ledger. */
export const hoursModule = defineModule({
  name: 'hours',
  label: '学时',
  auditActions: [],
  tables: [studySessions, studyBeats, externalStudy, learningCredits, learningProgress],
});
