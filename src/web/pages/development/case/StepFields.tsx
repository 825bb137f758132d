import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { fmtDate } from '../../../format';
import type { caseRules } from '../development';
import { TrainingHint, VoteHint } from './StepHints';
import type { Values } from './stepValues';

/** One count of the vote (应到会, 实到会, 赞成, …). */
function VoteCount({ name, label, testId }: { name: string; label: string; testId: string }) {
  return (
    <Col xs={12} sm={8} md={4} style={{ minWidth: 110 }}>
      <Form.Item name={['vote', name]} label={label} rules={[{ required: true, message: '必填' }]}>
        <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  );
}

/**
 * The counts of a branch meeting's vote (admission, confirmation): the register's number of
 * members with a vote that day, the five counts with the quorum and pass explained, and the reason
 * asked for when 应到会 differs from the register.
 */
export function VoteFields({
  registered,
  suspended,
  onIso,
  vote,
  rules,
  expectedDiffers,
}: {
  registered: number | undefined;
  suspended: number;
  onIso: string | undefined;
  vote: Values['vote'];
  rules: ReturnType<typeof caseRules>;
  expectedDiffers: boolean;
}) {
  return (
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
        <VoteCount name="expectedVoting" label="应到会" testId="vote-expected" />
        <VoteCount name="presentVoting" label="实到会" testId="vote-present" />
        <VoteCount name="for" label="赞成" testId="vote-for" />
        <VoteCount name="against" label="反对" testId="vote-against" />
        <VoteCount name="abstain" label="弃权" testId="vote-abstain" />
      </Row>
      <div style={{ marginBottom: 16 }}>
        <VoteHint vote={vote} rules={rules} />
      </div>
      {expectedDiffers ? (
        <Form.Item
          name="expectedVotingReason"
          label={`应到会人数与党员名册（${registered}人）不一致的原因`}
          rules={[{ required: true, whitespace: true, message: '应到会人数与党员名册不一致，须说明原因' }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="step-expectedVotingReason" />
        </Form.Item>
      ) : null}
    </>
  );
}

/** 培训: the dates with the length explained, the hours and who held it. */
export function TrainingFields({ range, hours }: { range?: [Dayjs, Dayjs]; hours?: number }) {
  return (
    <>
      <Form.Item
        name="trainingRange"
        label="培训起止日期"
        rules={[{ required: true, message: '请选择培训起止日期' }]}
        extra={<TrainingHint range={range} hours={hours} />}
      >
        <DatePicker.RangePicker style={{ width: 300 }} data-testid="step-training" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="trainingHours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
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
  );
}

/** 转正讨论: the decision and, for an extension, its months within the rule's bounds. */
export function ConfirmationFields({
  decision,
  ext,
}: {
  decision: Values['decision'];
  ext: { minMonths: number; maxMonths: number };
}) {
  return (
    <Space align="start" wrap size={16}>
      <Form.Item name="decision" label="讨论结果" rules={[{ required: true, message: '请选择讨论结果' }]}>
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
  );
}
