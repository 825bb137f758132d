import { App, DatePicker, Form, Input, Modal, Radio, Switch } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { compareDates } from '../../../../domain/common/dates';
import type { FindingDto, NextItemDto } from '../../../../shared/contracts/development';
import { type CaseDetail, useRecordStep, useRegisterOn } from '../../../api/development';
import { fmtDate, toIsoDate } from '../../../format';
import { caseRules } from '../development';
import { applyFindings, FindingsAlert } from '../Findings';
import { MembersSelect } from './MembersSelect';
import { ConfirmationFields, TrainingFields, VoteFields } from './StepFields';
import { NoticeHint } from './StepHints';
import { DATE_LABELS, FIELD_MAP, NOTE_LABELS, REQUIRED_NOTE, stepBody, type Values } from './stepValues';

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
    try {
      await record.mutateAsync(stepBody(key, v, expectedDiffers));
      message.success(`已登记：${item.title}`);
      onClose();
    } catch (e) {
      setError(e);
      setFindings(applyFindings(form, e, FIELD_MAP));
    }
  };

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

        {key === 'training' ? <TrainingFields range={trainingRange} hours={trainingHours} /> : null}

        {isVote ? (
          <VoteFields
            registered={registered}
            suspended={suspended}
            onIso={onIso}
            vote={vote}
            rules={rules}
            expectedDiffers={expectedDiffers}
          />
        ) : null}

        {key === 'confirmation_vote' ? <ConfirmationFields decision={decision} ext={ext} /> : null}

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
