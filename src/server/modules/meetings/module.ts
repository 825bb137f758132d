import fastifyMultipart from '@fastify/multipart';
import {
  heartTalks,
  meetingAttachments,
  meetingAttendance,
  meetingCheckinTokens,
  meetingResponses,
  meetings,
} from '../../db/schema/index.js';
import { MAX_ATTACHMENT_BYTES } from '../../lib/files.js';
import { defineModule } from '../manifest.js';
import { meetingExports } from './exports.js';
import { meetingRoutes } from './routes.js';

/** 会议与谈心谈话 */
export const meetingsModule = defineModule({
  name: 'meetings',
  label: '会议与谈心谈话',
  // Multipart bodies are parsed only in this module's scope, for the attachment upload.
  setup: async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 },
    });
  },
  routes: meetingRoutes,
  exports: meetingExports,
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
  tables: [
    meetings,
    meetingAttendance,
    meetingAttachments,
    meetingCheckinTokens,
    meetingResponses,
    heartTalks,
  ],
});
