import {
  heartTalks,
  meetingAttachments,
  meetingAttendance,
  meetingCheckinTokens,
  meetings,
} from '../../db/schema/index.js';
import { defineModule } from '../manifest.js';
import { meetingRoutes } from './routes.js';

/** 会议与谈心谈话 */
export const meetingsModule = defineModule({
  name: 'meetings',
  label: '会议与谈心谈话',
  legacyRoutes: meetingRoutes,
  auditActions: [
    'meeting.create',
    'meeting.update',
    'meeting.delete',
    'meeting.submit',
    'meeting.approve',
    'meeting.return',
    'meeting.checkin_token',
    'meeting.checkin_revoke',
    'meeting.checkin',
    'meeting.attachment.add',
    'meeting.attachment.delete',
    'heart_talk.create',
    'heart_talk.delete',
    'meeting.export',
    'heart_talk.export',
  ],
  tables: [meetings, meetingAttendance, meetingAttachments, meetingCheckinTokens, heartTalks],
});
