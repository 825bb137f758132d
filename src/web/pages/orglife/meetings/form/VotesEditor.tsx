import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Empty, Form, type FormInstance, Input, InputNumber, Row } from 'antd';
import { useMemo } from 'react';
import type { Rules } from '../../../../../domain/rules/index';
import type { MeetingAttendee } from '../../../../api/types';
import { tallyAttendance } from '../AttendanceCounts';
import { explainVote } from '../voteExplain';

export interface VoteValues {
  subject?: string;
  forVotes?: number | null;
  against?: number | null;
  abstain?: number | null;
}

const ALERT_TYPE = {
  ok: 'success',
  incomplete: 'info',
  quorum: 'error',
  tally: 'error',
  pass: 'warning',
} as const;

function VoteExplanationLine({
  form,
  index,
  attendees,
  rules,
}: {
  form: FormInstance;
  index: number;
  attendees: MeetingAttendee[];
  rules: Rules;
}) {
  const vote = Form.useWatch(['votes', index], form) as VoteValues | undefined;
  const t = useMemo(() => tallyAttendance(attendees), [attendees]);
  const e = explainVote(
    t.expectedVoting,
    t.presentVoting,
    { for: vote?.forVotes, against: vote?.against, abstain: vote?.abstain },
    rules,
  );
  return (
    <Alert
      type={ALERT_TYPE[e.outcome]}
      showIcon
      title={e.text}
      style={{ marginTop: 4 }}
      data-testid="vote-explanation"
      data-outcome={e.outcome}
    />
  );
}

/** 表决事项 of a general meeting: subject and counts, each with the live quorum / pass explanation. */
export function VotesEditor({
  form,
  attendees,
  rules,
}: {
  form: FormInstance;
  attendees: MeetingAttendee[];
  rules: Rules;
}) {
  return (
    <Form.List name="votes">
      {(fields, { add, remove }) => (
        <div className="votes-editor" data-testid="votes-editor">
          {fields.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="本次会议没有表决事项（如讨论接收预备党员、预备党员转正、选举等须表决）"
            />
          ) : null}
          {fields.map((field, i) => (
            <div key={field.key} className="vote-item" data-testid="vote-item">
              <Row gutter={12} align="top">
                <Col xs={24} lg={10}>
                  <Form.Item
                    name={[field.name, 'subject']}
                    label={`表决事项 ${i + 1}`}
                    rules={[{ required: true, whitespace: true, message: '请填写表决事项' }]}
                  >
                    <Input
                      maxLength={200}
                      placeholder="如：接收张三同志为中共预备党员"
                      data-testid="vote-subject"
                    />
                  </Form.Item>
                </Col>
                {(
                  [
                    ['forVotes', '赞成'],
                    ['against', '反对'],
                    ['abstain', '弃权'],
                  ] as const
                ).map(([name, label]) => (
                  <Col xs={8} lg={4} key={name}>
                    <Form.Item
                      name={[field.name, name]}
                      label={label}
                      rules={[{ required: true, message: `请填写${label}票数` }]}
                    >
                      <InputNumber
                        min={0}
                        max={9999}
                        precision={0}
                        suffix="票"
                        style={{ width: '100%' }}
                        data-testid={`vote-${name}`}
                      />
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={24} lg={2} className="vote-remove">
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label="删除该表决事项"
                  >
                    删除
                  </Button>
                </Col>
              </Row>
              <VoteExplanationLine form={form} index={field.name} attendees={attendees} rules={rules} />
            </div>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add({ subject: '', forVotes: null, against: 0, abstain: 0 })}
            style={{ marginTop: fields.length ? 12 : 0 }}
            data-testid="vote-add"
          >
            添加表决事项
          </Button>
        </div>
      )}
    </Form.List>
  );
}
