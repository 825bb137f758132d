import { Alert, App, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useCreateTransfer, useTransferTargets } from '../../api/hooks';
import type { Member } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { MemberPicker } from '../../components/MemberPicker';
import { useDebounced } from '../../hooks/useDebounced';
import { orgKindLabel } from '../../labels';

function TargetPicker({
  value,
  onChange,
  excludeId,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  excludeId?: number;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const targets = useTransferTargets(q);
  const [labels, setLabels] = useState<Record<number, string>>({});
  const options = (targets.data ?? [])
    .filter((t) => t.id !== excludeId)
    .map((t) => ({ value: t.id, label: t.name, kind: t.kind }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: labels[value] ?? `党组织 #${value}`, kind: '' });
  }
  return (
    <Select
      value={value}
      onChange={(v, option) => {
        if (v && option && !Array.isArray(option)) setLabels((l) => ({ ...l, [v]: String(option.label) }));
        onChange?.(v ?? undefined);
      }}
      showSearch={{ filterOption: false, onSearch: setInput }}
      options={options}
      optionRender={(o) => (
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <span style={{ whiteSpace: 'normal' }}>{o.data.label}</span>
          {o.data.kind ? <span className="muted small">{orgKindLabel(o.data.kind)}</span> : null}
        </div>
      )}
      placeholder="输入党支部名称或拼音搜索（全系统）"
      loading={targets.isFetching}
      notFoundContent={q ? (targets.isFetching ? '搜索中…' : '没有匹配的党组织') : '请输入名称搜索'}
      allowClear
      data-testid="transfer-target"
    />
  );
}

interface Values {
  memberId: number;
  toOrgId: number;
  letterNumber: string;
  reason: string;
  requestedOn?: Dayjs;
}

/** 发起转接: the sending side starts an internal transfer of one member to another branch. */
export function CreateTransferModal({
  open,
  onClose,
  member,
}: {
  open: boolean;
  onClose: () => void;
  member?: Member;
}) {
  const [form] = Form.useForm<Values>();
  const create = useCreateTransfer();
  const { message } = App.useApp();
  return (
    <FormModal<Values>
      title="发起组织关系转接"
      open={open}
      onClose={onClose}
      form={form}
      okText="发起转接"
      testId="transfer-create-modal"
      initialValues={{ memberId: member?.id, requestedOn: dayjs() }}
      onSubmit={async (v) => {
        await create.mutateAsync({
          memberId: v.memberId,
          toOrgId: v.toOrgId,
          letterNumber: v.letterNumber.trim(),
          reason: v.reason.trim(),
          requestedOn: v.requestedOn?.format('YYYY-MM-DD'),
        });
        message.success('已发起转接，等待转入方接收');
      }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="转入方接收后，党员的组织关系即转入新的党组织；接收前可撤回。"
      />
      <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
        <MemberPicker disabled={!!member} style={{ width: '100%' }} testId="transfer-member" />
      </Form.Item>
      <Form.Item name="toOrgId" label="转入党组织" rules={[{ required: true, message: '请选择转入党组织' }]}>
        <TargetPicker excludeId={member?.orgId} />
      </Form.Item>
      <Form.Item
        name="letterNumber"
        label="介绍信编号"
        rules={[{ required: true, whitespace: true, message: '请填写介绍信编号' }]}
      >
        <Input maxLength={40} placeholder="如：兰组转字〔2026〕第015号" data-testid="transfer-letter" />
      </Form.Item>
      <Form.Item
        name="reason"
        label="转接原因"
        rules={[{ required: true, whitespace: true, message: '请填写转接原因' }]}
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          showCount
          placeholder="如：工作调动"
          data-testid="transfer-reason"
        />
      </Form.Item>
      <Form.Item name="requestedOn" label="申请日期">
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}
