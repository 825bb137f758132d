import { Card, Form, Input, Radio, Select } from 'antd';
import { useOrgChildren } from '../../../../api/hooks';
import { MemberPicker } from '../../../../components/MemberPicker';

export function GroupSelect({
  orgId,
  value,
  onChange,
  id,
  disabled,
}: {
  orgId?: number;
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  disabled?: boolean;
}) {
  const children = useOrgChildren(orgId);
  const groups = (children.data?.data ?? []).filter((o) => o.kind === 'group' && o.status === 'active');
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={!orgId ? '请先选择党支部' : groups.length ? '选择党小组' : '本支部未设党小组'}
      disabled={disabled || !groups.length}
      loading={children.isLoading}
      options={groups.map((g) => ({ value: g.id, label: g.name }))}
      data-testid="field-groupId"
    />
  );
}

/** 授课人 of a party lecture: a member of the org (counts toward the secretary's yearly lecture) or a name. */
export function LecturerField({
  mode,
  orgId,
}: {
  mode: 'member' | 'name' | undefined;
  orgId: number | undefined;
}) {
  return (
    <Form.Item label="授课人" required style={{ marginBottom: 0 }}>
      <Form.Item name="lecturerMode" noStyle>
        <Radio.Group
          size="small"
          options={[
            { value: 'member', label: '本组织党员' },
            { value: 'name', label: '其他人员' },
          ]}
          style={{ marginBottom: 6 }}
        />
      </Form.Item>
      {mode === 'name' ? (
        <Form.Item
          name="lecturerName"
          rules={[{ required: true, whitespace: true, message: '请填写授课人姓名' }]}
        >
          <Input maxLength={30} placeholder="授课人姓名及职务" data-testid="field-lecturerName" />
        </Form.Item>
      ) : (
        <Form.Item
          name="lecturerMemberId"
          rules={[{ required: true, message: '请选择授课人' }]}
          extra="由支部书记讲授的党课计入书记每年讲党课的要求"
        >
          <MemberPicker orgId={orgId} style={{ width: '100%' }} testId="field-lecturerMemberId" />
        </Form.Item>
      )}
    </Form.Item>
  );
}

/** 会议内容: the agenda, the minutes and the decisions. */
export function MeetingContentCard() {
  return (
    <Card title="会议内容">
      <Form.Item name="agenda" label="会议议程">
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={5000}
          placeholder={'一、……\n二、……'}
          data-testid="field-agenda"
        />
      </Form.Item>
      <Form.Item name="minutes" label="会议记录">
        <Input.TextArea
          autoSize={{ minRows: 6, maxRows: 24 }}
          maxLength={50000}
          showCount
          placeholder="会议主要内容、发言情况"
          data-testid="field-minutes"
        />
      </Form.Item>
      <Form.Item name="decisions" label="决议事项" style={{ marginBottom: 0 }}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 10 }}
          maxLength={10000}
          placeholder="会议形成的决议、决定"
          data-testid="field-decisions"
        />
      </Form.Item>
    </Card>
  );
}
