import { App, Card, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { defaultMeetingTitle } from '../../../../../domain/orglife/titles';
import { RECORDED_MEETING_KINDS } from '../../../../../shared/contracts/meetings';
import { useCreateMeeting, useMe, useOrg } from '../../../../api/hooks';
import type { MeetingKind } from '../../../../api/types';
import { PageHeader } from '../../../../components/PageHeader';
import { defaultOrgId, isBranch } from '../../orglife';
import { MeetingForm, type MeetingFormValues, toPayload } from './MeetingForm';

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/**
 * 记录会议. `?orgId=&kind=&groupId=&heldOn=` pre-fill it (from an org's calendar, say); otherwise the
 * user's own branch and a general meeting today.
 */
export default function MeetingCreatePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const create = useCreateMeeting();
  const asked = num(params.get('orgId'));
  const candidate = asked ?? defaultOrgId(me);
  const org = useOrg(candidate);
  const kindParam = params.get('kind');
  const kind = (RECORDED_MEETING_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as MeetingKind)
    : 'general_meeting';
  const heldOnParam = params.get('heldOn');

  const initial = useMemo<MeetingFormValues | undefined>(() => {
    if (candidate && org.isLoading) return undefined;
    // The user's own org is a default only when meetings are recorded there (a branch).
    const orgId = asked ?? (org.data && isBranch(org.data.kind) ? org.data.id : undefined);
    const heldOn = heldOnParam && dayjs(heldOnParam).isValid() ? dayjs(heldOnParam) : dayjs();
    return {
      orgId,
      kind,
      groupId: num(params.get('groupId')) ?? null,
      title: defaultMeetingTitle(kind, heldOn.format('YYYY-MM-DD')),
      heldOn,
      startTime: dayjs('2000-01-01T09:00'),
      endTime: dayjs('2000-01-01T11:00'),
      lecturerMode: 'member',
      attendees: [],
      votes: [],
    };
  }, [asked, candidate, org.isLoading, org.data, kind, heldOnParam, params]);

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
