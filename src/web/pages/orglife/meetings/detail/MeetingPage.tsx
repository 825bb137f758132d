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
  Form,
  Input,
  Popconfirm,
  Radio,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../../api/client';
import {
  useDeleteMeeting,
  useMe,
  useMeeting,
  useReviewMeeting,
  useSubmitMeeting,
} from '../../../../api/hooks';
import type { Meeting, MeetingAttendee, MeetingVote } from '../../../../api/types';
import { FormModal } from '../../../../components/FormModal';
import { PageHeader } from '../../../../components/PageHeader';
import { QueryError } from '../../../../components/QueryError';
import { dash, fmtDate, fmtDateTime } from '../../../../format';
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
import { Attachments } from './Attachments';
import { CheckinQrModal } from './CheckinQrModal';

function StatusSteps({ m }: { m: Meeting }) {
  const returned = m.status === 'returned';
  const current = { draft: 0, submitted: 1, reviewed: 2, returned: 2 }[m.status];
  return (
    <Steps
      size="small"
      current={current}
      status={returned ? 'error' : m.status === 'reviewed' ? 'finish' : 'process'}
      data-testid="meeting-steps"
      items={[
        { title: '草稿', content: <span className="small muted">记录会议情况</span> },
        {
          title: '已提交',
          content: (
            <span className="small muted">{m.submittedAt ? fmtDateTime(m.submittedAt) : '提交上级审核'}</span>
          ),
        },
        returned
          ? {
              title: '已退回',
              content: (
                <span className="small">
                  {m.reviewedByName ? `${m.reviewedByName} ` : ''}
                  {m.reviewedAt ? fmtDateTime(m.reviewedAt) : ''}
                </span>
              ),
            }
          : {
              title: '已审核',
              content: (
                <span className="small muted">
                  {m.reviewedAt ? `${m.reviewedByName ?? ''} ${fmtDateTime(m.reviewedAt)}` : '上级党组织审核'}
                </span>
              ),
            },
      ]}
    />
  );
}

/** Who was excused (with the reason) and who was absent, at a glance above the full list. */
function AbsenceSummary({ attendees }: { attendees: MeetingAttendee[] }) {
  const excused = attendees.filter((a) => a.attendance === 'excused');
  const absent = attendees.filter((a) => a.attendance === 'absent');
  if (!excused.length && !absent.length) return null;
  return (
    <div className="absence-summary" data-testid="absence-summary">
      {excused.length ? (
        <div>
          <Tag color="gold">请假</Tag>
          {excused.map((a) => (a.reason ? `${a.name}（${a.reason}）` : a.name)).join('、')}
        </div>
      ) : null}
      {absent.length ? (
        <div>
          <Tag color="red">缺席</Tag>
          {absent.map((a) => a.name).join('、')}
        </div>
      ) : null}
    </div>
  );
}

function Text({ value, empty }: { value: string; empty: string }) {
  if (!value.trim()) return <span className="muted">{empty}</span>;
  return <div className="pre-text">{value}</div>;
}

function VoteCard({ v, index }: { v: MeetingVote; index: number }) {
  return (
    <div className="vote-result" data-testid="vote-result">
      <div className="vote-result-head">
        <b>
          {index + 1}. {v.subject}
        </b>
        <Tag color={v.passed ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
          {v.passed ? '通过' : v.quorumMet ? '未通过' : '不足法定人数'}
        </Tag>
      </div>
      <div className="vote-result-counts">
        <span>
          赞成 <b>{v.forVotes}</b> 票
        </span>
        <span>
          反对 <b>{v.against}</b> 票
        </span>
        <span>
          弃权 <b>{v.abstain}</b> 票
        </span>
        <span className="muted">
          有表决权：应到 {v.expectedVoting} 人，实到 {v.presentVoting} 人
        </span>
      </div>
      <Alert
        type={v.passed ? 'success' : 'warning'}
        showIcon
        title={v.explanation}
        data-testid="vote-result-explanation"
      />
    </div>
  );
}

interface ReviewValues {
  decision: 'approve' | 'return';
  comment?: string;
}

function ReviewModal({ m, onClose }: { m: Meeting; onClose: () => void }) {
  const [form] = Form.useForm<ReviewValues>();
  const review = useReviewMeeting();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  return (
    <FormModal<ReviewValues>
      title="审核会议记录"
      open
      onClose={onClose}
      form={form}
      initialValues={{ decision: 'approve' }}
      okText={decision === 'return' ? '退回' : '审核通过'}
      danger={decision === 'return'}
      testId="meeting-review-modal"
      onSubmit={async (v) => {
        await review.mutateAsync({
          id: m.id,
          body: { decision: v.decision, comment: v.comment?.trim() || undefined },
        });
        message.success(v.decision === 'approve' ? '已审核通过' : '已退回，并通知记录人修改');
      }}
    >
      <p>
        <b>{m.title}</b>
        <br />
        <span className="muted small">
          {m.orgName} · {fmtDate(m.heldOn)}
        </span>
      </p>
      <Form.Item name="decision" label="审核结论">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'approve', label: '通过' },
            { value: 'return', label: '退回修改' },
          ]}
          data-testid="review-decision"
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label="审核意见"
        rules={
          decision === 'return'
            ? [{ required: true, whitespace: true, message: '退回时请写明需要修改的内容' }]
            : []
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          placeholder={decision === 'return' ? '请写明需要修改或补充的内容' : '可选'}
          data-testid="review-comment"
        />
      </Form.Item>
    </FormModal>
  );
}

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
              title: '扫码签到',
              dataIndex: 'checkedInAt',
              width: 150,
              render: (v: string | null) =>
                v ? dayjs(v).format('MM-DD HH:mm:ss') : <span className="muted">—</span>,
            },
          ]}
        />
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
