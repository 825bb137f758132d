import {
  Alert,
  App,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { compareDates, daysBetween } from '../../../../domain/common/dates';
import { voteOutcome } from '../../../../domain/development/engine';
import {
  holidayCalendarCoversRange,
  nthWorkingDayFrom,
  workingDaysBetween,
} from '../../../../domain/development/working-days';
import { neededToExceed } from '../../../../domain/orglife/votes';
import type { FindingDto, NextItemDto, StepBody } from '../../../../shared/contracts/development';
import { type CaseDetail, useRecordStep, useRegisterOn } from '../../../api/development';
import { fmtDate, toIsoDate } from '../../../format';
import { caseRules } from '../development';
import { applyFindings, FindingsAlert } from '../Findings';
import { MembersSelect } from './MembersSelect';

interface Values {
  on?: Dayjs;
  note?: string;
  talkerName?: string;
  decidedBy?: 'committee' | 'general_meeting';
  mentorIds?: number[];
  sponsorIds?: number[];
  noticeRange?: [Dayjs, Dayjs];
  noticeObjection?: boolean;
  reviewConclusion?: 'pass' | 'fail';
  trainingRange?: [Dayjs, Dayjs];
  trainingHours?: number;
  trainingOrganizer?: string;
  vote?: {
    expectedVoting?: number;
    presentVoting?: number;
    for?: number;
    against?: number;
    abstain?: number;
  };
  outcome?: 'approved' | 'rejected';
  decision?: 'confirm' | 'extend' | 'cancel';
  extensionMonths?: number;
  delayReason?: string;
  expectedVotingReason?: string;
}

/** Where a finding's `field` (the engine's input name) sits in this form. */
const FIELD_MAP: Record<string, (string | number)[] | string> = {
  mentors: 'mentorIds',
  sponsors: 'sponsorIds',
  notice: 'noticeRange',
  training: 'trainingRange',
  vote: ['vote', 'presentVoting'],
  branchFullMembers: ['vote', 'expectedVoting'],
};

/** The label of the date and of the note, per step. */
const DATE_LABELS: Record<string, string> = {
  application_talk: '谈话日期',
  activist_designated: '确定日期（会议日期）',
  activist_filed: '报上级党委备案日期',
  mentors_assigned: '指定日期',
  activist_assessment: '考察日期',
  candidate_designated: '确定日期（会议日期）',
  candidate_filed: '上级党委同意日期',
  sponsors_assigned: '确定日期',
  political_review: '审查结论日期',
  training: '登记日期（结业后）',
  committee_review: '支委会审查日期',
  higher_pre_review: '预审日期',
  volunteer_form: '填写日期',
  admission_vote: '支部党员大会日期',
  higher_interview: '谈话日期',
  admission_approval: '审批日期',
  admission_filed: '备案日期',
  assigned_to_branch: '编入日期',
  oath: '宣誓日期',
  probation_assessment: '考察日期',
  confirmation_application: '提出转正申请日期',
  confirmation_vote: '支部党员大会日期',
  confirmation_approval: '审批日期',
  archived: '归档日期',
};

const NOTE_LABELS: Record<string, string> = {
  application_talk: '谈话记录摘要',
  higher_interview: '谈话记录摘要',
  activist_assessment: '考察意见',
  probation_assessment: '考察意见',
  political_review: '政治审查情况',
  committee_review: '审查意见',
};

const REQUIRED_NOTE = new Set(['activist_assessment', 'probation_assessment']);

function NoticeHint({ range, version }: { range?: [Dayjs, Dayjs]; version: string }) {
  if (!range?.[0] || !range[1]) {
    return <span>2026年版：上级党委同意后，公示不少于五个工作日（法定节假日和周末不计）</span>;
  }
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const days = workingDaysBetween(from, to);
  const ok = days >= 5;
  return (
    <span data-testid="notice-working-days" className={ok ? 'text-success' : 'text-danger'}>
      公示期{days}个工作日
      {ok ? '，符合不少于五个工作日的要求' : `，不足五个工作日：须公示至 ${nthWorkingDayFrom(from, 5)}`}
      {!holidayCalendarCoversRange(from, to) ? '（该年度节假日安排尚未收录，按周一至周五估算）' : ''}
      {version !== '2026' ? '' : ''}
    </span>
  );
}

function TrainingHint({ range, hours }: { range?: [Dayjs, Dayjs]; hours?: number }) {
  if (!range?.[0] || !range[1]) return <span>一般不少于三天或二十四个学时</span>;
  const days = daysBetween(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')) + 1;
  const h = hours ?? 0;
  const ok = days >= 3 || h >= 24;
  return (
    <span className={ok ? 'text-success' : 'text-danger'} data-testid="training-length">
      {days}天、{h}学时{ok ? '，符合要求' : '：一般不少于三天或二十四个学时'}
    </span>
  );
}

function VoteHint({ vote, rules }: { vote: Values['vote']; rules: ReturnType<typeof caseRules> }) {
  const v = vote ?? {};
  if (v.expectedVoting === undefined || v.presentVoting === undefined || v.for === undefined) {
    return (
      <Alert
        type="info"
        showIcon
        title="应到会有表决权的正式党员须超过半数到会；赞成票须超过应到会有表决权正式党员的半数，决议方为通过。"
      />
    );
  }
  const full = {
    expectedVoting: v.expectedVoting,
    presentVoting: v.presentVoting,
    for: v.for,
    against: v.against ?? 0,
    abstain: v.abstain ?? 0,
  };
  const r = voteOutcome(full, rules);
  if (r.valid && r.passed) {
    const q = neededToExceed(full.expectedVoting, rules['vote.quorumShare']);
    const p = neededToExceed(full.expectedVoting, rules['vote.passShare']);
    return (
      <Alert
        type="success"
        showIcon
        data-testid="vote-outcome"
        title={`表决有效，决议通过：实到${full.presentVoting}人（须至少${q}人），赞成${full.for}票（须至少${p}票）`}
      />
    );
  }
  return (
    <Alert
      type={r.valid ? 'warning' : 'error'}
      showIcon
      data-testid="vote-outcome"
      title={r.valid ? `决议未通过：${r.message}` : `表决无效：${r.message}`}
    />
  );
}

/**
 * 登记 a next step: the fields that step asks for, live explanations of the dates and counts
 * (working days of the notice, training length, quorum and pass), and every finding of a refused
 * submission with its rule.
 */
export function StepFormModal({
  detail,
  item,
  onClose,
}: {
  detail: CaseDetail;
  item: NextItemDto;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const record = useRecordStep(detail.id);
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [findings, setFindings] = useState<FindingDto[]>([]);
  const rules = caseRules(detail.rules);
  const key = item.key;
  const on = Form.useWatch('on', form);
  const noticeRange = Form.useWatch('noticeRange', form);
  const trainingRange = Form.useWatch('trainingRange', form);
  const trainingHours = Form.useWatch('trainingHours', form);
  const vote = Form.useWatch('vote', form);
  const decision = Form.useWatch('decision', form);
  const onIso = toIsoDate(on);
  const isVote = key === 'admission_vote' || key === 'confirmation_vote';
  const isDesignation = key === 'activist_designated' || key === 'candidate_designated';
  // The branch on the step's day as the register knows it (the server judges the step by the same):
  // 应到 is its count of full members with a vote that day (not under 留党察看), another number needs a
  // reason; without a committee in office the general meeting decides.
  const register = useRegisterOn(detail.id, isVote || isDesignation ? onIso : undefined);
  const day = register.data?.on === onIso ? register.data : undefined;
  const registered = isVote ? day?.votingMembers : undefined;
  const suspended = isVote && day ? day.fullMembers - day.votingMembers : 0;
  const expectedDiffers =
    registered !== undefined && vote?.expectedVoting !== undefined && vote.expectedVoting !== registered;
  // Follows the register as the date changes (the form opens on today, whose count may differ from
  // the meeting day's once a member's 留党察看 began or ended), until the secretary types a number
  // of their own: a value still equal to the last one filled is the register's, not theirs.
  // (With isFieldTouched the field kept the first day's count in the browser journey.)
  const filled = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (registered === undefined) return;
    const current = form.getFieldValue(['vote', 'expectedVoting']) as number | null | undefined;
    if (current === undefined || current === null || current === filled.current) {
      form.setFieldValue(['vote', 'expectedVoting'], registered);
      filled.current = registered;
    }
  }, [registered, form]);
  const noCommittee = isDesignation && day !== undefined && !day.hasCommittee;
  useEffect(() => {
    if (noCommittee && !form.isFieldTouched('decidedBy')) form.setFieldValue('decidedBy', 'general_meeting');
  }, [noCommittee, form]);
  const late = !!(item.due && onIso && compareDates(onIso, item.due) > 0);
  const ext = rules['member.probationExtension'];
  const mentorCount = rules['development.mentorCount'];
  const sponsorCount = rules['development.sponsorCount'];

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    setFindings([]);
    const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
    const body: StepBody = { key, on: toIsoDate(v.on)!, note: text(v.note) };
    if (v.talkerName !== undefined) body.talkerName = text(v.talkerName);
    if (v.decidedBy) body.decidedBy = v.decidedBy;
    if (v.mentorIds) body.mentorIds = v.mentorIds;
    if (v.sponsorIds) body.sponsorIds = v.sponsorIds;
    if (v.noticeRange?.[0] && v.noticeRange[1]) {
      body.notice = {
        from: toIsoDate(v.noticeRange[0])!,
        to: toIsoDate(v.noticeRange[1])!,
        objection: !!v.noticeObjection,
      };
    }
    if (v.reviewConclusion) body.reviewConclusion = v.reviewConclusion;
    if (v.trainingRange?.[0] && v.trainingRange[1]) {
      body.training = {
        from: toIsoDate(v.trainingRange[0])!,
        to: toIsoDate(v.trainingRange[1])!,
        hours: v.trainingHours ?? 0,
        organizer: text(v.trainingOrganizer),
      };
    }
    if (v.vote) {
      body.vote = {
        expectedVoting: v.vote.expectedVoting ?? 0,
        presentVoting: v.vote.presentVoting ?? 0,
        for: v.vote.for ?? 0,
        against: v.vote.against ?? 0,
        abstain: v.vote.abstain ?? 0,
      };
    }
    if (v.outcome) body.outcome = v.outcome;
    if (v.decision) body.decision = v.decision;
    if (v.decision === 'extend' && v.extensionMonths) body.extensionMonths = v.extensionMonths;
    if (text(v.delayReason)) body.delayReason = text(v.delayReason);
    if (expectedDiffers && text(v.expectedVotingReason)) {
      body.expectedVotingReason = text(v.expectedVotingReason);
    }
    try {
      await record.mutateAsync(body);
      message.success(`已登记：${item.title}`);
      onClose();
    } catch (e) {
      setError(e);
      setFindings(applyFindings(form, e, FIELD_MAP));
    }
  };

  const num = (name: string, label: string, testId: string) => (
    <Col xs={12} sm={8} md={4} style={{ minWidth: 110 }}>
      <Form.Item name={['vote', name]} label={label} rules={[{ required: true, message: '必填' }]}>
        <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  );

  const outcomeLabels =
    key === 'higher_pre_review'
      ? { approved: '预审通过', rejected: '预审不通过' }
      : { approved: '批准', rejected: '不予批准' };

  const initialOn = item.earliest && dayjs(item.earliest).isAfter(dayjs()) ? undefined : dayjs();

  return (
    <Modal
      open
      title={`第${item.no}步　${item.title}`}
      onCancel={onClose}
      onOk={submit}
      okText="登记"
      cancelText="取消"
      okButtonProps={{ loading: record.isPending, 'data-testid': 'step-submit' }}
      width={isVote ? 720 : 600}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="step-form"
    >
      <div className="dev-citation" style={{ marginBottom: 12 }}>
        {item.text}
        {item.citation && !item.text.includes(item.citation) ? `（${item.citation}）` : ''}
      </div>
      <FindingsAlert error={error} findings={findings} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ on: initialOn, decidedBy: 'committee', noticeObjection: false }}
      >
        <Form.Item
          name="on"
          label={DATE_LABELS[key] ?? '日期'}
          rules={[{ required: true, message: '请选择日期' }]}
          extra={[
            item.earliest ? `${fmtDate(item.earliest)}（含）起可办理` : null,
            item.due ? `应于 ${fmtDate(item.due)} 前办理` : null,
            item.latest ? `最迟 ${fmtDate(item.latest)}` : null,
          ]
            .filter(Boolean)
            .join('；')}
        >
          <DatePicker
            style={{ width: 220 }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="step-on"
          />
        </Form.Item>

        {key === 'application_talk' || key === 'higher_interview' ? (
          <Form.Item
            name="talkerName"
            label={key === 'higher_interview' ? '谈话人（党委委员或组织员）' : '谈话人'}
            rules={[{ required: true, whitespace: true, message: '请填写谈话人' }]}
          >
            <Input maxLength={30} data-testid="step-talkerName" />
          </Form.Item>
        ) : null}

        {isDesignation ? (
          <Form.Item
            name="decidedBy"
            label="研究确定的会议"
            rules={[{ required: true, message: '请选择' }]}
            extra={
              noCommittee
                ? `党员名册：本支部 ${fmtDate(onIso)} 没有在任的支部委员会（在任委员${day?.committeeMembers ?? 0}人），由支部党员大会研究确定`
                : '设支部委员会的由支委会研究确定；不设支委会的由支部党员大会研究确定'
            }
          >
            <Radio.Group
              options={[
                { value: 'committee', label: '支部委员会', disabled: noCommittee },
                { value: 'general_meeting', label: '支部党员大会' },
              ]}
              data-testid="step-decidedBy"
            />
          </Form.Item>
        ) : null}

        {key === 'mentors_assigned' ? (
          <Form.Item
            name="mentorIds"
            label="培养联系人"
            rules={[
              {
                validator: async (_, v: number[] | undefined) => {
                  const n = v?.length ?? 0;
                  if (n < mentorCount.min || n > mentorCount.max)
                    throw new Error(`请选择${mentorCount.min}至${mentorCount.max}名正式党员`);
                },
              },
            ]}
            extra={`${mentorCount.min}至${mentorCount.max}名正式党员；受留党察看处分、尚未恢复党员权利的不能担任`}
          >
            <MembersSelect max={mentorCount.max} testId="step-mentorIds" />
          </Form.Item>
        ) : null}

        {key === 'sponsors_assigned' ? (
          <Form.Item
            name="sponsorIds"
            label="入党介绍人"
            rules={[
              {
                validator: async (_, v: number[] | undefined) => {
                  if ((v?.length ?? 0) !== sponsorCount) throw new Error(`请选择${sponsorCount}名正式党员`);
                },
              },
            ]}
            extra={`${sponsorCount}名正式党员，一般由培养联系人担任；受留党察看处分、尚未恢复党员权利的不能担任`}
          >
            <MembersSelect max={sponsorCount} testId="step-sponsorIds" />
          </Form.Item>
        ) : null}

        {key === 'candidate_filed' && detail.version === '2026' ? (
          <>
            <Form.Item
              name="noticeRange"
              label="公示期"
              rules={[{ required: true, message: '请选择公示起止日期' }]}
              extra={<NoticeHint range={noticeRange} version={detail.version} />}
            >
              <DatePicker.RangePicker style={{ width: 300 }} data-testid="step-notice" />
            </Form.Item>
            <Form.Item
              name="noticeObjection"
              label="公示反映的问题是否影响发展"
              valuePropName="checked"
              extra="影响发展的，查清问题后再登记本步"
            >
              <Switch checkedChildren="影响" unCheckedChildren="不影响" data-testid="step-objection" />
            </Form.Item>
          </>
        ) : null}

        {key === 'political_review' ? (
          <Form.Item
            name="reviewConclusion"
            label="政治审查结论"
            rules={[{ required: true, message: '请选择结论' }]}
          >
            <Radio.Group
              options={[
                { value: 'pass', label: '合格' },
                { value: 'fail', label: '不合格' },
              ]}
              data-testid="step-reviewConclusion"
            />
          </Form.Item>
        ) : null}

        {key === 'training' ? (
          <>
            <Form.Item
              name="trainingRange"
              label="培训起止日期"
              rules={[{ required: true, message: '请选择培训起止日期' }]}
              extra={<TrainingHint range={trainingRange} hours={trainingHours} />}
            >
              <DatePicker.RangePicker style={{ width: 300 }} data-testid="step-training" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item
                  name="trainingHours"
                  label="学时"
                  rules={[{ required: true, message: '请填写学时' }]}
                >
                  <InputNumber
                    min={0}
                    max={1000}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid="step-hours"
                  />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="trainingOrganizer" label="举办单位">
                  <Input maxLength={100} placeholder="如：××党委党校" data-testid="step-organizer" />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : null}

        {isVote ? (
          <>
            <Typography.Text type="secondary" className="small">
              有表决权的正式党员人数（预备党员和留党察看期间的党员没有表决权）
            </Typography.Text>
            {registered !== undefined ? (
              <div className="small" style={{ marginTop: 4 }} data-testid="vote-register">
                党员名册：本支部 {fmtDate(onIso)} 有表决权的正式党员 <b>{registered}</b> 人
                {suspended > 0 ? `（另有${suspended}人在留党察看期间，没有表决权）` : ''}
                ，应到会人数按此填写
              </div>
            ) : null}
            <Row gutter={12} style={{ marginTop: 8 }}>
              {num('expectedVoting', '应到会', 'vote-expected')}
              {num('presentVoting', '实到会', 'vote-present')}
              {num('for', '赞成', 'vote-for')}
              {num('against', '反对', 'vote-against')}
              {num('abstain', '弃权', 'vote-abstain')}
            </Row>
            <div style={{ marginBottom: 16 }}>
              <VoteHint vote={vote} rules={rules} />
            </div>
            {expectedDiffers ? (
              <Form.Item
                name="expectedVotingReason"
                label={`应到会人数与党员名册（${registered}人）不一致的原因`}
                rules={[
                  { required: true, whitespace: true, message: '应到会人数与党员名册不一致，须说明原因' },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} data-testid="step-expectedVotingReason" />
              </Form.Item>
            ) : null}
          </>
        ) : null}

        {key === 'confirmation_vote' ? (
          <Space align="start" wrap size={16}>
            <Form.Item
              name="decision"
              label="讨论结果"
              rules={[{ required: true, message: '请选择讨论结果' }]}
            >
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'confirm', label: '按期转正' },
                  { value: 'extend', label: '延长预备期' },
                  { value: 'cancel', label: '取消预备党员资格' },
                ]}
                data-testid="step-decision"
              />
            </Form.Item>
            {decision === 'extend' ? (
              <Form.Item
                name="extensionMonths"
                label="延长期限（月）"
                rules={[{ required: true, message: '请填写延长期限' }]}
                extra={`只能延长一次，不少于${ext.minMonths}个月，最长不超过${ext.maxMonths}个月`}
              >
                <InputNumber
                  min={ext.minMonths}
                  max={ext.maxMonths}
                  precision={0}
                  style={{ width: 120 }}
                  data-testid="step-extensionMonths"
                />
              </Form.Item>
            ) : null}
          </Space>
        ) : null}

        {key === 'higher_pre_review' || key === 'admission_approval' || key === 'confirmation_approval' ? (
          <Form.Item
            name="outcome"
            label={key === 'higher_pre_review' ? '预审结论' : '审批结论'}
            rules={[{ required: true, message: '请选择结论' }]}
          >
            <Radio.Group
              options={[
                { value: 'approved', label: outcomeLabels.approved },
                { value: 'rejected', label: outcomeLabels.rejected },
              ]}
              data-testid="step-outcome"
            />
          </Form.Item>
        ) : null}

        {(key === 'admission_approval' || key === 'confirmation_approval') && late ? (
          <Form.Item
            name="delayReason"
            label="超期审批的原因"
            rules={[{ required: true, whitespace: true, message: '已超过审批期限，须填写原因' }]}
            extra={`审批期限为 ${fmtDate(item.due)}${item.latest ? `，特殊情况最迟 ${fmtDate(item.latest)}` : ''}`}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="step-delayReason" />
          </Form.Item>
        ) : null}

        <Form.Item
          name="note"
          label={NOTE_LABELS[key] ?? '情况说明'}
          rules={
            REQUIRED_NOTE.has(key) ? [{ required: true, whitespace: true, message: '请填写考察意见' }] : []
          }
        >
          <Input.TextArea rows={3} maxLength={5000} data-testid="step-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
