import {
  AuditOutlined,
  CalendarOutlined,
  DeleteOutlined,
  EditOutlined,
  QrcodeOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../../api/client';
import { useDeleteMeeting, useMe, useMeeting, useSubmitMeeting } from '../../../../api/hooks';
import type { MeetingAttendee } from '../../../../api/types';
import { PageHeader } from '../../../../components/PageHeader';
import { QueryError } from '../../../../components/QueryError';
import { dash, fmtDate } from '../../../../format';
import { useIsPhone } from '../../../../hooks/useMediaQuery';
import {
  ATTENDANCE_COLORS,
  attendanceLabel,
  can,
  MEETING_KIND_COLORS,
  MEETING_STATUS_COLORS,
  meetingKindLabel,
  meetingStatusLabel,
} from '../../orglife';
import { AttendanceCounts } from '../AttendanceCounts';
import { ResponseNote } from '../form/AttendeeEditor';
import '../meetings.css';
import { Attachments } from './Attachments';
import { CheckinQrModal } from './CheckinQrModal';
import { AbsenceSummary, StatusSteps, Text, VoteCard } from './MeetingSections';
import { ReviewModal } from './ReviewModal';

/** 会议详情: the record, its attendance and votes, attachments, review status and the actions allowed. */
export default function MeetingPage() {
  const params = useParams();
  const id = Number(params.id);
  const meeting = useMeeting(Number.isFinite(id) ? id : undefined);
  const { data: me } = useMe();
  const navigate = useNavigate();
  const submit = useSubmitMeeting();
  const remove = useDeleteMeeting();
  const { message } = App.useApp();
  const [modal, setModal] = useState<'review' | 'qr' | null>(null);
  const isPhone = useIsPhone();

  if (meeting.isLoading) {
    return (
      <div className="page">
        <PageHeader title="会议详情" />
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </div>
    );
  }
  if (!meeting.data) return <QueryError error={meeting.error} onRetry={() => meeting.refetch()} />;
  const m = meeting.data;
  const a = m.abilities;
  const general = m.kind === 'general_meeting';

  const doSubmit = async () => {
    try {
      await submit.mutateAsync(m.id);
      message.success('已提交，等待上级党组织审核');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const doDelete = async () => {
    try {
      await remove.mutateAsync(m.id);
      message.success('已删除会议记录');
      navigate('/meetings', { replace: true });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const actions = [
    a.checkin && (
      <Button key="qr" icon={<QrcodeOutlined />} onClick={() => setModal('qr')} data-testid="meeting-qr">
        签到二维码
      </Button>
    ),
    a.edit && (
      <Button
        key="edit"
        icon={<EditOutlined />}
        onClick={() => navigate(`/meetings/${m.id}/edit`)}
        data-testid="meeting-edit"
      >
        编辑
      </Button>
    ),
    a.edit && m.status === 'draft' && (
      <Popconfirm
        key="del"
        title="删除这条会议记录？"
        description="草稿删除后不能恢复。"
        okText="删除"
        cancelText="取消"
        okButtonProps={{ danger: true }}
        onConfirm={doDelete}
      >
        <Button danger icon={<DeleteOutlined />} data-testid="meeting-delete">
          删除
        </Button>
      </Popconfirm>
    ),
    a.submit && (
      <Popconfirm
        key="submit"
        title="提交审核？"
        description="提交后不能再修改，除非被退回。"
        okText="提交"
        cancelText="取消"
        onConfirm={doSubmit}
      >
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={submit.isPending}
          data-testid="meeting-submit"
        >
          提交审核
        </Button>
      </Popconfirm>
    ),
    a.review && (
      <Button
        key="review"
        type="primary"
        icon={<AuditOutlined />}
        onClick={() => setModal('review')}
        data-testid="meeting-review"
      >
        审核
      </Button>
    ),
  ].filter(Boolean);

  const time = m.endTime ? `${m.startTime}—${m.endTime}` : m.startTime;
  const details: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'org',
      label: '党组织',
      children: can(me, 'orglife.read') ? (
        <Link to={`/orgs/${m.orgId}/orglife?year=${m.heldOn.slice(0, 4)}`}>{m.orgName}</Link>
      ) : (
        m.orgName
      ),
    },
    {
      key: 'kind',
      label: '会议类型',
      children: (
        <Space size={4} wrap>
          <Tag color={MEETING_KIND_COLORS[m.kind]}>{meetingKindLabel(m.kind)}</Tag>
          {m.groupName ? <span>{m.groupName}</span> : null}
        </Space>
      ),
    },
    {
      key: 'when',
      label: '召开时间',
      children: (
        <span data-testid="meeting-when">
          {fmtDate(m.heldOn)}（{dayjs(m.heldOn).format('dddd')}）{time}
        </span>
      ),
    },
    { key: 'place', label: '会议地点', children: dash(m.place) },
    { key: 'host', label: '主持人', children: dash(m.hostName) },
    { key: 'recorder', label: '记录人', children: dash(m.recorderName) },
  ];
  if (m.kind === 'party_lecture') {
    details.push({
      key: 'lecturer',
      label: '授课人',
      children: (
        <Space size={4} wrap>
          {m.lecturerMemberId ? (
            <Link to={`/members/${m.lecturerMemberId}`}>{m.lecturerName ?? '党员'}</Link>
          ) : (
            dash(m.lecturerName)
          )}
          {m.bySecretary ? <Tag color="red">书记讲党课</Tag> : null}
        </Space>
      ),
    });
  }
  if (m.topic) details.push({ key: 'topic', label: '主题', span: 'filled', children: m.topic });

  return (
    <div className="page" data-testid="meeting-page">
      <PageHeader
        title={<span data-testid="meeting-title">{m.title}</span>}
        subtitle={
          <Space size={6} wrap>
            <Tag color={MEETING_STATUS_COLORS[m.status]} data-testid="meeting-status">
              {meetingStatusLabel(m.status)}
            </Tag>
            <span>{m.orgName}</span>
            <Link to="/meetings">
              <CalendarOutlined /> 会议记录
            </Link>
          </Space>
        }
        extra={actions.length ? actions : undefined}
      />

      {m.status === 'returned' ? (
        <Alert
          type="error"
          showIcon
          title="会议记录被退回，请按审核意见修改后重新提交"
          description={m.reviewComment ? `审核意见：${m.reviewComment}` : undefined}
          data-testid="meeting-returned"
        />
      ) : null}

      <Card>
        <StatusSteps m={m} />
        {m.status === 'reviewed' && m.reviewComment ? (
          <div className="muted small" style={{ marginTop: 12 }}>
            审核意见：{m.reviewComment}
          </div>
        ) : null}
      </Card>

      <Card title="会议信息">
        <Descriptions
          items={details}
          column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
          size="small"
          data-testid="meeting-descriptions"
        />
      </Card>

      <Card title="参会情况" data-testid="meeting-attendance">
        <AttendanceCounts attendees={m.attendees} voting={general} />
        <AbsenceSummary attendees={m.attendees} />
        {isPhone ? (
          <AttendanceList attendees={m.attendees} />
        ) : (
          <Table<MeetingAttendee>
            size="small"
            rowKey="memberId"
            style={{ marginTop: 12 }}
            dataSource={m.attendees}
            pagination={m.attendees.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有应到人员" /> }}
            columns={[
              {
                title: '姓名',
                dataIndex: 'name',
                render: (name: string, r) => (
                  <Space size={4}>
                    <Link to={`/members/${r.memberId}`}>{name}</Link>
                    {r.category === 'probationary' ? (
                      <Tag color="gold">预备党员·无表决权</Tag>
                    ) : !r.votes ? (
                      <Tag color="volcano">留党察看·无表决权</Tag>
                    ) : null}
                  </Space>
                ),
              },
              {
                title: '出勤',
                dataIndex: 'attendance',
                width: 80,
                render: (v: string) => <Tag color={ATTENDANCE_COLORS[v]}>{attendanceLabel(v)}</Tag>,
              },
              { title: '请假事由', dataIndex: 'reason', render: (v: string | null) => dash(v) },
              {
                // The member's own answer from 我的会议, before the meeting.
                title: '会前回执',
                dataIndex: 'response',
                render: (_: unknown, r) =>
                  r.response ? <ResponseNote a={r} /> : <span className="muted">—</span>,
              },
              {
                title: '扫码签到',
                dataIndex: 'checkedInAt',
                width: 150,
                // A scan queued offline and sent later shows both times (decision 0042).
                render: (v: string | null, r) =>
                  v && r.checkinReceivedAt ? (
                    <span data-testid="checkin-offline">
                      离线签到：扫码 {dayjs(v).format('HH:mm')}，送达{' '}
                      {dayjs(r.checkinReceivedAt).format(
                        dayjs(r.checkinReceivedAt).isSame(v, 'day') ? 'HH:mm' : 'MM-DD HH:mm',
                      )}
                    </span>
                  ) : v ? (
                    dayjs(v).format('MM-DD HH:mm:ss')
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
            ]}
          />
        )}
      </Card>

      {general ? (
        <Card title="表决事项" data-testid="meeting-votes">
          {m.votes.length ? (
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {m.votes.map((v, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a saved record's votes never reorder
                <VoteCard key={`${i}-${v.subject}`} v={v} index={i} />
              ))}
            </Space>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本次会议没有表决事项" />
          )}
        </Card>
      ) : null}

      <Card title="会议内容" className="meeting-content">
        <Typography.Title level={5}>会议议程</Typography.Title>
        <Text value={m.agenda} empty="未填写议程" />
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          会议记录
        </Typography.Title>
        <Text value={m.minutes} empty="未填写会议记录" />
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          决议事项
        </Typography.Title>
        <Text value={m.decisions} empty="无" />
      </Card>

      <Card title={`附件（${m.attachments.length}）`}>
        <Attachments meetingId={m.id} items={m.attachments} editable={a.edit} />
      </Card>

      {modal === 'review' ? <ReviewModal m={m} onClose={() => setModal(null)} /> : null}
      {modal === 'qr' ? <CheckinQrModal meetingId={m.id} onClose={() => setModal(null)} /> : null}
    </div>
  );
}

/** The attendance on a phone: one row per member (name, mark, reason, sign-in, their answer). */
function AttendanceList({ attendees }: { attendees: MeetingAttendee[] }) {
  if (!attendees.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有应到人员" />;
  return (
    <ul className="attendance-list" data-testid="attendance-list">
      {attendees.map((a) => (
        <li key={a.memberId} className="attendance-list-item" data-testid="attendance-list-item">
          <div className="attendance-list-head">
            <Link to={`/members/${a.memberId}`}>{a.name}</Link>
            <Tag color={ATTENDANCE_COLORS[a.attendance]}>{attendanceLabel(a.attendance)}</Tag>
            {a.category === 'probationary' ? <Tag color="gold">预备党员</Tag> : null}
            {a.checkedInAt ? (
              <span className="small muted">扫码 {dayjs(a.checkedInAt).format('HH:mm')}</span>
            ) : null}
          </div>
          {a.reason ? <span className="small">事由：{a.reason}</span> : null}
          <ResponseNote a={a} />
        </li>
      ))}
    </ul>
  );
}
