import { SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  TimePicker,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { defaultMeetingTitle, isDefaultMeetingTitle } from '../../../../../domain/orglife/titles';
import { useExpectedAttendees, useOrg, useRules } from '../../../../api/hooks';
import type { MeetingAttendee, MeetingKind, OrgSummary } from '../../../../api/types';
import { applyApiErrors } from '../../../../components/formErrors';
import { OrgPicker } from '../../../../components/OrgPicker';
import { isBranch, meetingKindOptions } from '../../orglife';
import { rulesInForce } from '../voteExplain';
import { AttendeeEditor, mergeAttendees, missingReasons } from './AttendeeEditor';
import { GroupSelect, LecturerField, MeetingContentCard } from './MeetingFields';
import { LECTURE_KINDS, type MeetingFormValues, routeNestedErrors, TOPIC_KINDS } from './meetingFormValues';
import { VotesEditor } from './VotesEditor';

const branchOnly = (o: OrgSummary) => isBranch(o.kind);

export interface MeetingFormProps {
  mode: 'create' | 'edit';
  initialValues: MeetingFormValues;
  /** Sends the values; throws ApiError with details on validation failures. */
  onSubmit: (values: MeetingFormValues) => Promise<void>;
  onCancel: () => void;
}

/**
 * Records a meeting: where and when, who hosted and took the minutes, the attendee list (pre-filled
 * with the members expected on that day), the votes of a general meeting with the live quorum and
 * pass check, and the minutes. Saved as a draft; submitted for review from the meeting page.
 */
export function MeetingForm({ mode, initialValues, onSubmit, onCancel }: MeetingFormProps) {
  const [form] = Form.useForm<MeetingFormValues>();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const orgId = Form.useWatch('orgId', form) as number | undefined;
  const kind = Form.useWatch('kind', form) as MeetingKind | undefined;
  const groupId = Form.useWatch('groupId', form) as number | null | undefined;
  const heldOn = Form.useWatch('heldOn', form) as Dayjs | undefined;
  const lecturerMode = Form.useWatch('lecturerMode', form) as 'member' | 'name' | undefined;
  const attendees = (Form.useWatch('attendees', form) as MeetingAttendee[] | undefined) ?? [];
  const org = useOrg(orgId);
  const rules = useRules();
  const ruleValues = useMemo(() => rulesInForce(rules.data), [rules.data]);
  const orgIsBranch = org.data ? isBranch(org.data.kind) : true;

  const needsGroup = kind === 'group_meeting';
  const heldOnIso = heldOn?.format('YYYY-MM-DD');
  const expectedParams = {
    orgId,
    kind,
    heldOn: heldOnIso,
    groupId: needsGroup ? (groupId ?? undefined) : undefined,
  };
  const expectedReady = !!orgId && !!kind && !!heldOnIso && (!needsGroup || !!groupId) && orgIsBranch;
  // A new meeting follows the org, kind, group and date; an existing one keeps its list until asked.
  const [reloadAsked, setReloadAsked] = useState(false);
  const expected = useExpectedAttendees(expectedParams, expectedReady && (mode === 'create' || reloadAsked));

  useEffect(() => {
    if (!expected.data) return;
    if (mode === 'edit' && !reloadAsked) return;
    form.setFieldValue('attendees', mergeAttendees(expected.data, form.getFieldValue('attendees')));
    if (mode === 'edit') {
      setReloadAsked(false);
      message.success('已按会议日期重新载入应到人员');
    }
  }, [expected.data, form, mode, reloadAsked, message]);

  // A title the secretary did not type (empty, or a default) follows the kind and the date, as the
  // server does with what it is sent (src/domain/orglife/titles.ts).
  const defaultTitle = kind && heldOnIso ? defaultMeetingTitle(kind, heldOnIso) : '';
  useEffect(() => {
    if (!defaultTitle) return;
    const current = ((form.getFieldValue('title') as string | undefined) ?? '').trim();
    if (!current || isDefaultMeetingTitle(current)) form.setFieldValue('title', defaultTitle);
  }, [defaultTitle, form]);

  const finish = async (values: MeetingFormValues) => {
    const missing = missingReasons(values.attendees);
    if (missing.length) {
      form.setFields([
        {
          name: 'attendees',
          errors: [`请填写请假事由：${missing.map((a) => a.name).join('、')}`],
        },
      ]);
      form.scrollToField('attendees', { block: 'center' });
      message.error('请填写请假党员的请假事由');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      const rest = applyApiErrors(form, routeNestedErrors(e, values.attendees ?? []));
      setError(rest);
      if (!rest) message.error('请按提示修改后再保存');
    } finally {
      setSubmitting(false);
    }
  };

  const attendeeOptions = useMemo(
    () => attendees.map((a) => ({ value: a.name, label: a.name })),
    [attendees],
  );
  const nameFilter = (input: string, option?: { value: string }) => !!option?.value.includes(input.trim());

  const emptyAttendees = !orgId
    ? '请先选择党支部'
    : !orgIsBranch
      ? '会议记录在党支部（联合党支部）'
      : needsGroup && !groupId
        ? '请选择党小组，将列出该小组的党员'
        : expected.isError
          ? (expected.error as Error).message
          : '该党组织在会议日期没有党员';

  return (
    <Form<MeetingFormValues>
      form={form}
      name="meeting"
      layout="vertical"
      initialValues={initialValues}
      onFinish={finish}
      onFinishFailed={() => message.error('请检查标红的内容')}
      scrollToFirstError={{ block: 'center' }}
      // A long form: Enter in a field (a picker confirming its value, say) must not save it.
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
      }}
      onValuesChange={(changed: Partial<MeetingFormValues>) => {
        if ('orgId' in changed) form.setFieldValue('groupId', null);
      }}
      data-testid="meeting-form"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {error ? <Alert type="error" showIcon title={error} data-testid="form-error" /> : null}
        <Card title="会议信息">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="orgId"
                label="党组织"
                rules={[{ required: true, message: '请选择召开会议的党支部' }]}
                extra={mode === 'edit' ? '会议所属党组织创建后不能修改' : undefined}
                validateStatus={org.data && !orgIsBranch ? 'warning' : undefined}
                help={org.data && !orgIsBranch ? '三会一课按党支部记录，请选择党支部或联合党支部' : undefined}
              >
                <OrgPicker
                  style={{ width: '100%' }}
                  filter={branchOnly}
                  placeholder="搜索党支部（名称或拼音）"
                  disabled={mode === 'edit'}
                  testId="field-orgId"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="kind" label="会议类型" rules={[{ required: true, message: '请选择会议类型' }]}>
                <Select options={meetingKindOptions} disabled={mode === 'edit'} data-testid="field-kind" />
              </Form.Item>
            </Col>
            {needsGroup ? (
              <Col xs={24} md={12} xl={8}>
                <Form.Item
                  name="groupId"
                  label="党小组"
                  rules={[{ required: true, message: '请选择党小组' }]}
                >
                  <GroupSelect orgId={orgId} disabled={mode === 'edit'} />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} md={12} xl={needsGroup ? 24 : 8}>
              <Form.Item
                name="title"
                label="会议名称"
                extra="未自行填写的，随会议类型和日期自动命名"
                rules={[{ min: 2, message: '会议名称至少2个字，或留空使用默认名称' }]}
              >
                <Input maxLength={100} placeholder={defaultTitle} allowClear data-testid="field-title" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} xl={8}>
              <Form.Item
                name="heldOn"
                label="会议日期"
                rules={[{ required: true, message: '请选择会议日期' }]}
              >
                <DatePicker style={{ width: '100%' }} data-testid="field-heldOn" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} xl={4}>
              <Form.Item
                name="startTime"
                label="开始时间"
                rules={[{ required: true, message: '请选择开始时间' }]}
              >
                <TimePicker
                  format="HH:mm"
                  minuteStep={5}
                  needConfirm={false}
                  style={{ width: '100%' }}
                  data-testid="field-startTime"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} xl={4}>
              <Form.Item
                name="endTime"
                label="结束时间"
                dependencies={['startTime']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator(_, v: Dayjs | null | undefined) {
                      const start = getFieldValue('startTime') as Dayjs | undefined;
                      if (!v || !start || v.format('HH:mm') > start.format('HH:mm')) return Promise.resolve();
                      return Promise.reject(new Error('结束时间应晚于开始时间'));
                    },
                  }),
                ]}
              >
                <TimePicker
                  format="HH:mm"
                  minuteStep={5}
                  needConfirm={false}
                  style={{ width: '100%' }}
                  data-testid="field-endTime"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="place" label="会议地点">
                <Input maxLength={100} placeholder="如：社区党群服务中心会议室" data-testid="field-place" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="hostName" label="主持人">
                <AutoComplete
                  options={attendeeOptions}
                  filterOption={nameFilter}
                  maxLength={30}
                  placeholder="姓名"
                  data-testid="field-hostName"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="recorderName" label="记录人">
                <AutoComplete
                  options={attendeeOptions}
                  filterOption={nameFilter}
                  maxLength={30}
                  placeholder="姓名"
                  data-testid="field-recorderName"
                />
              </Form.Item>
            </Col>
            {kind && LECTURE_KINDS.includes(kind) ? (
              <Col xs={24} md={12} xl={8}>
                <LecturerField mode={lecturerMode} orgId={orgId} />
              </Col>
            ) : null}
            {kind && TOPIC_KINDS.includes(kind) ? (
              <Col xs={24} md={12} xl={16}>
                <Form.Item
                  name="topic"
                  label={kind === 'party_lecture' ? '党课主题' : '主题'}
                  rules={
                    kind === 'party_lecture'
                      ? [{ required: true, whitespace: true, message: '请填写党课主题' }]
                      : undefined
                  }
                >
                  <Input maxLength={200} data-testid="field-topic" />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card
          title="参会人员"
          extra={<span className="muted small hide-phone">按会议日期的在册党员生成；请逐一标记出勤情况</span>}
        >
          <Form.Item name="attendees" style={{ marginBottom: 0 }}>
            <AttendeeEditor
              loading={expected.isFetching}
              emptyText={emptyAttendees}
              voting={kind === 'general_meeting'}
              onReload={
                mode === 'edit'
                  ? () => {
                      setReloadAsked(true);
                      void expected.refetch();
                    }
                  : undefined
              }
            />
          </Form.Item>
        </Card>

        {kind === 'general_meeting' ? (
          <Card
            title="表决事项"
            extra={
              <span className="muted small hide-phone">依据《中国共产党支部工作条例（试行）》第十一条</span>
            }
          >
            <VotesEditor form={form} attendees={attendees} rules={ruleValues} />
          </Card>
        ) : null}

        <MeetingContentCard />

        <div className="form-footer">
          <span className="muted small">保存后为草稿，可继续修改；确认无误后在会议页面提交审核。</span>
          <Space>
            <Button onClick={onCancel}>取消</Button>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SaveOutlined />}
              loading={submitting}
              data-testid="meeting-form-submit"
            >
              保存草稿
            </Button>
          </Space>
        </div>
      </Space>
    </Form>
  );
}
