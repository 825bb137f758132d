import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Form, Input, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { DISCIPLINE_KINDS, DISCIPLINE_LABELS } from '../../../../shared/contracts/development';
import {
  type DisciplineBody,
  type DisciplineRecord,
  useAddDiscipline,
  useDisciplines,
} from '../../../api/development';
import { FormModal } from '../../../components/FormModal';
import { fmtDate, toIsoDate } from '../../../format';

interface Values {
  kind?: DisciplineBody['kind'];
  decidedOn?: Dayjs;
  endsOn?: Dayjs;
  reason: string;
}

const kindOptions = DISCIPLINE_KINDS.map((k) => ({ value: k, label: DISCIPLINE_LABELS[k] }));

function AddModal({ memberId, onClose }: { memberId: number; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const add = useAddDiscipline(memberId);
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form);
  return (
    <FormModal<Values>
      title="登记党纪处分"
      open
      onClose={onClose}
      form={form}
      testId="discipline-form"
      onSubmit={async (v) => {
        await add.mutateAsync({
          kind: v.kind!,
          decidedOn: toIsoDate(v.decidedOn)!,
          endsOn: v.kind === 'probation_watch' ? toIsoDate(v.endsOn) : undefined,
          reason: v.reason.trim(),
        });
        message.success('已登记');
      }}
    >
      <Form.Item name="kind" label="处分种类" rules={[{ required: true, message: '请选择处分种类' }]}>
        <Select options={kindOptions} data-testid="discipline-kind" />
      </Form.Item>
      <Form.Item name="decidedOn" label="处分决定日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker style={{ width: 220 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      {kind === 'probation_watch' ? (
        <Form.Item
          name="endsOn"
          label="恢复党员权利日期"
          extra="留党察看期间不能担任入党介绍人或培养联系人；留党察看最长不超过两年"
        >
          <DatePicker style={{ width: 220 }} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="reason"
        label="处分事由"
        rules={[
          { required: true, whitespace: true, message: '请填写处分事由' },
          { min: 2, message: '至少2个字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** 党纪处分 on the member's page: the records, and 登记 for users with member.write. */
export function DisciplinesCard({ memberId, canWrite }: { memberId: number; canWrite: boolean }) {
  const q = useDisciplines(memberId);
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title="党纪处分"
      data-testid="member-disciplines"
      extra={
        canWrite ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="discipline-add"
          >
            登记处分
          </Button>
        ) : null
      }
    >
      <Table<DisciplineRecord>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无党纪处分记录" /> }}
        columns={[
          {
            title: '处分种类',
            dataIndex: 'kind',
            width: 150,
            render: (k: DisciplineRecord['kind'], r) => (
              <span>
                <Tag color={k === 'probation_watch' ? 'red' : 'orange'}>{DISCIPLINE_LABELS[k] ?? '其他'}</Tag>
                {r.inForce ? <Tag color="red">察看期内</Tag> : null}
              </span>
            ),
          },
          { title: '决定日期', dataIndex: 'decidedOn', width: 110, render: fmtDate },
          {
            title: '恢复权利',
            dataIndex: 'endsOn',
            width: 110,
            render: (d: string | null, r) => (r.kind === 'probation_watch' ? fmtDate(d) : '—'),
          },
          { title: '事由', dataIndex: 'reason' },
        ]}
      />
      {adding ? <AddModal memberId={memberId} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
