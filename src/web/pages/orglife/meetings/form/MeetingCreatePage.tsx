import { App, Card, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { defaultMeetingTitle } from '../../../../../domain/orglife/titles';
import { RECORDED_MEETING_KINDS } from '../../../../../shared/contracts/meetings';
import { useCreateMeeting, useMe, useOrg } from '../../../../api/hooks';
import { PageHeader } from '../../../../components/PageHeader';
import { param, useUrlFilters } from '../../../../hooks/useUrlFilters';
import { defaultOrgId, isBranch } from '../../orglife';
import { MeetingForm } from './MeetingForm';
import { type MeetingFormValues, toPayload } from './meetingFormValues';

const prefillSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(RECORDED_MEETING_KINDS).default('general_meeting'),
  groupId: param.int(),
  heldOn: param.date(),
});

/**
 * 记录会议. `?orgId=&kind=&groupId=&heldOn=` pre-fill it (from an org's calendar, say); otherwise the
 * user's own branch and a general meeting today.
 */
export default function MeetingCreatePage() {
  const { filters } = useUrlFilters(prefillSchema);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const create = useCreateMeeting();
  const { orgId: asked, kind, groupId, heldOn: heldOnParam } = filters;
  const candidate = asked ?? defaultOrgId(me);
  const org = useOrg(candidate);

  const initial = useMemo<MeetingFormValues | undefined>(() => {
    if (candidate && org.isLoading) return undefined;
    // The user's own org is a default only when meetings are recorded there (a branch).
    const orgId = asked ?? (org.data && isBranch(org.data.kind) ? org.data.id : undefined);
    const heldOn = heldOnParam && dayjs(heldOnParam).isValid() ? dayjs(heldOnParam) : dayjs();
    return {
      orgId,
      kind,
      groupId: groupId ?? null,
      title: defaultMeetingTitle(kind, heldOn.format('YYYY-MM-DD')),
      heldOn,
      startTime: dayjs('2000-01-01T09:00'),
      endTime: dayjs('2000-01-01T11:00'),
      lecturerMode: 'member',
      attendees: [],
      votes: [],
    };
  }, [asked, candidate, org.isLoading, org.data, kind, heldOnParam, groupId]);

  return (
    <div className="page">
      <PageHeader
        title="记录会议"
        subtitle="选择党支部、会议类型和日期后，自动列出应到会党员；保存为草稿后可继续修改，再提交审核。"
      />
      {initial ? (
        <MeetingForm
          mode="create"
          initialValues={initial}
          onCancel={() => navigate(-1)}
          onSubmit={async (values) => {
            const meeting = await create.mutateAsync(toPayload(values));
            message.success('会议记录已保存为草稿');
            navigate(`/meetings/${meeting.id}`, { replace: true });
          }}
        />
      ) : (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      )}
    </div>
  );
}
