import { App, Card, Result, Skeleton } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMeeting, useUpdateMeeting } from '../../../../api/hooks';
import { PageHeader } from '../../../../components/PageHeader';
import { QueryError } from '../../../../components/QueryError';
import { MeetingForm } from './MeetingForm';
import { toPayload, valuesOf } from './meetingFormValues';

/** 编辑会议记录: drafts and returned records; org, kind and group stay as created. */
export default function MeetingEditPage() {
  const params = useParams();
  const id = Number(params.id);
  const meeting = useMeeting(Number.isFinite(id) ? id : undefined);
  const update = useUpdateMeeting(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const initial = useMemo(() => (meeting.data ? valuesOf(meeting.data) : undefined), [meeting.data]);

  if (meeting.isLoading) {
    return (
      <div className="page">
        <PageHeader title="编辑会议记录" />
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </div>
    );
  }
  if (!meeting.data || !initial)
    return <QueryError error={meeting.error} onRetry={() => meeting.refetch()} />;
  const m = meeting.data;
  if (!m.abilities.edit) {
    return (
      <Result
        status="403"
        title="不能修改"
        subTitle="该会议记录已提交或已审核，或您没有修改权限。被退回的记录可以修改后重新提交。"
        extra={<Link to={`/meetings/${m.id}`}>返回会议</Link>}
      />
    );
  }

  return (
    <div className="page">
      <PageHeader
        title={`编辑会议记录：${m.title}`}
        subtitle={
          <span>
            {m.orgName} · <Link to={`/meetings/${m.id}`}>返回会议</Link>
          </span>
        }
      />
      <MeetingForm
        mode="edit"
        initialValues={initial}
        onCancel={() => navigate(`/meetings/${m.id}`)}
        onSubmit={async (values) => {
          const { orgId: _o, kind: _k, groupId: _g, ...patch } = toPayload(values);
          // A cleared end time is sent as null: a PATCH keeps what it does not mention.
          await update.mutateAsync({ ...patch, endTime: patch.endTime ?? null });
          message.success('已保存');
          navigate(`/meetings/${m.id}`);
        }}
      />
    </div>
  );
}
