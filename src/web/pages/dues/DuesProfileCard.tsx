import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Select, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  APPROVAL_CATEGORIES,
  BASE_CATEGORIES,
  DUES_BASE_HINTS,
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  type DuesCategory,
  farmerRangeText,
  monthlyDues,
  profileProblems,
  ratePercent,
  roundingText,
  SET_AMOUNT_CATEGORIES,
  yuan,
} from '../../../domain/dues';
import { type Profile, useCreateProfile, useDuesProfiles } from '../../api/dues';
import type { Me } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { fmtDate } from '../../format';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { monthText, parseYuan, useDuesRules, yuanRule } from './common';
import './dues.css';

const PROFILE_STATUS: Record<Profile['status'], { label: string; color: string }> = {
  active: { label: '生效', color: 'success' },
  pending: { label: '待上级批准', color: 'processing' },
  rejected: { label: '已驳回', color: 'error' },
};

interface Values {
  category?: DuesCategory;
  effectiveMonth: Dayjs;
  base?: string;
  amount?: string;
  reason?: string;
}

/** The monthly amount the form's values give under the rules in force, or why they do not. */
function Preview({ values }: { values: Partial<Values> }) {
  const rules = useDuesRules();
  if (!values.category) return null;
  if (!rules) return <div className="dues-preview muted small">正在读取规则…</div>;
  const input = {
    category: values.category,
    baseFen: BASE_CATEGORIES.includes(values.category) ? parseYuan(values.base) : null,
    amountFen: SET_AMOUNT_CATEGORIES.includes(values.category) ? parseYuan(values.amount) : null,
  };
  const problem = profileProblems(input, rules)[0];
  return (
    <div className="dues-preview" data-testid="profile-preview">
      <div className="muted small">每月应交（按现行规则预览）</div>
      {problem ? (
        <div className="small muted">{problem.message.replace(/^[^：]{1,8}：/, '')}</div>
      ) : (
        (() => {
          const m = monthlyDues(input, rules);
          return (
            <>
              <div className="dues-preview-amount" data-testid="profile-preview-amount">
                {yuan(m.expectedFen)} 元
              </div>
              <div className="small">{m.explanation}</div>
              <div className="muted small">{roundingText(rules['dues.roundingUnit'])}</div>
            </>
          );
        })()
      )}
    </div>
  );
}

function ProfileModal({ memberId, onClose }: { memberId: number; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const create = useCreateProfile(memberId);
  const { message } = App.useApp();
  const values = Form.useWatch([], form) ?? {};
  const category = values.category;
  const rules = useDuesRules();
  const needsBase = !!category && BASE_CATEGORIES.includes(category);
  const needsAmount = !!category && SET_AMOUNT_CATEGORIES.includes(category);
  const needsApproval = !!category && APPROVAL_CATEGORIES.includes(category);
  return (
    <FormModal<Values>
      title="新增党费档案"
      open
      onClose={onClose}
      form={form}
      testId="profile-form"
      fieldMap={{ baseFen: 'base', amountFen: 'amount' }}
      initialValues={{ effectiveMonth: dayjs().startOf('month') }}
      onSubmit={async (v) => {
        const saved = await create.mutateAsync({
          category: v.category!,
          effectiveMonth: v.effectiveMonth.format('YYYY-MM'),
          baseFen: needsBase ? parseYuan(v.base) : null,
          amountFen: needsAmount ? parseYuan(v.amount) : null,
          reason: v.reason?.trim() || undefined,
        });
        message.success(saved.status === 'pending' ? '已提交，待上级党委批准后生效' : '党费档案已保存');
      }}
    >
      <div className="form-row-2">
        <Form.Item name="category" label="党费类别" rules={[{ required: true, message: '请选择党费类别' }]}>
          <Select
            options={DUES_CATEGORIES.map((c) => ({ value: c, label: DUES_CATEGORY_LABELS[c] }))}
            data-testid="profile-category"
          />
        </Form.Item>
        <Form.Item
          name="effectiveMonth"
          label="生效月份"
          rules={[{ required: true, message: '请选择生效月份' }]}
          extra="新的收入首次发放的月份（第十条）"
        >
          <DatePicker picker="month" format="YYYY年M月" style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </div>
      {needsBase ? (
        <Form.Item
          name="base"
          label="月基数"
          required
          rules={[yuanRule({ required: true, label: '月基数' })]}
          extra={category ? DUES_BASE_HINTS[category] : undefined}
        >
          <Input
            suffix="元"
            inputMode="decimal"
            placeholder="税后月收入，如 6800.00"
            data-testid="profile-base"
          />
        </Form.Item>
      ) : null}
      {needsAmount ? (
        <Form.Item
          name="amount"
          label="每月交纳额"
          required
          rules={[yuanRule({ required: true, positive: true, label: '每月交纳额' })]}
          extra={
            category === 'farmer' ? (rules ? farmerRangeText(rules) : undefined) : '经上级党委批准的减交金额'
          }
        >
          <Input suffix="元" inputMode="decimal" data-testid="profile-amount" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="reason"
        label={needsApproval ? '困难情况说明' : '说明'}
        rules={needsApproval ? [{ required: true, whitespace: true, message: '生活困难减免须说明情况' }] : []}
        extra={needsApproval ? '经党支部研究、报上级党委批准后生效（第七条）' : undefined}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid="profile-reason" />
      </Form.Item>
      <Preview values={values} />
      {needsApproval ? (
        <Alert type="info" showIcon title="保存后状态为“待上级批准”，批准前仍按原档案计算应交额。" />
      ) : null}
    </FormModal>
  );
}

/**
 * 党费档案 on the member's page: the profiles, newest first, and 新增 with a live preview. Shown to
 * users with dues.read; 新增 with dues.write.
 */
export function DuesProfileCard({ memberId, me }: { memberId: number; me: Me | undefined }) {
  const canRead = !!me?.permissions.includes('dues.read');
  const canWrite = !!me?.permissions.includes('dues.write');
  if (!canRead) return null;
  return <ProfilesCard memberId={memberId} canWrite={canWrite} />;
}

const decisionText = (p: Profile) =>
  p.decidedOn
    ? `${p.approvalOrgName ?? ''}${p.approvalRef ? `（${p.approvalRef}）` : ''} ${fmtDate(p.decidedOn)}${p.decisionNote ? `：${p.decisionNote}` : ''}`
    : undefined;

/**
 * The profiles on a phone: one card each, as the member page's events are (a table's seven
 * columns ran off the screen). The amount leads, the category, base and rate follow, then the
 * status and the reason, in large type.
 */
function ProfileList({ profiles }: { profiles: Profile[] }) {
  return (
    <div className="dues-profile-list" data-testid="dues-profiles">
      {profiles.map((p) => (
        <div key={p.id} className="dues-profile-item" data-testid="dues-profile-item">
          <div className="dues-profile-head">
            <span>{monthText(p.effectiveMonth)}起</span>
            <Tag color={PROFILE_STATUS[p.status].color} style={{ marginInlineEnd: 0 }}>
              {PROFILE_STATUS[p.status].label}
            </Tag>
          </div>
          <div>
            每月应交 <b>{yuan(p.monthlyFen)} 元</b>
          </div>
          <div className="muted">
            {DUES_CATEGORY_LABELS[p.category]}
            {p.baseFen === null ? '' : ` · 月基数 ${yuan(p.baseFen)} 元`}
            {p.rateBp === null ? '' : ` · 比例 ${ratePercent(p.rateBp)}`}
          </div>
          <div className="muted">{p.reason ?? p.explanation}</div>
          {p.decidedOn ? <div className="muted">批复：{decisionText(p)}</div> : null}
        </div>
      ))}
    </div>
  );
}

function ProfilesCard({ memberId, canWrite }: { memberId: number; canWrite: boolean }) {
  const q = useDuesProfiles(memberId);
  const [adding, setAdding] = useState(false);
  const isPhone = useIsPhone();
  const columns: ColumnsType<Profile> = [
    { title: '生效月份', dataIndex: 'effectiveMonth', width: 100, render: monthText },
    {
      title: '类别',
      dataIndex: 'category',
      width: 150,
      render: (c: DuesCategory) => DUES_CATEGORY_LABELS[c],
    },
    {
      title: '月基数',
      dataIndex: 'baseFen',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : yuan(v)),
    },
    {
      title: '比例',
      dataIndex: 'rateBp',
      width: 64,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : ratePercent(v)),
    },
    {
      title: '每月应交',
      dataIndex: 'monthlyFen',
      width: 96,
      align: 'right',
      render: (v: number, p) => (
        <Tooltip title={p.explanation}>
          <b>{yuan(v)}</b>
        </Tooltip>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: Profile['status'], p) => (
        <Tooltip title={decisionText(p)}>
          <Tag color={PROFILE_STATUS[s].color}>{PROFILE_STATUS[s].label}</Tag>
        </Tooltip>
      ),
    },
    {
      title: '说明',
      dataIndex: 'reason',
      ellipsis: true,
      render: (v: string | null, p) => v ?? p.explanation,
    },
    { title: '登记人', dataIndex: 'createdByName', width: 90, responsive: ['lg'], render: (v) => v ?? '—' },
  ];
  return (
    <Card
      title="党费档案"
      data-testid="dues-profile-card"
      extra={
        canWrite ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="profile-add"
          >
            新增党费档案
          </Button>
        ) : null
      }
      styles={{ body: { padding: isPhone && q.data?.length ? 16 : 0 } }}
    >
      {isPhone && q.data?.length ? (
        <ProfileList profiles={q.data} />
      ) : (
        <Table<Profile>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={q.error ? '党费档案加载失败' : '尚未核定党费档案'}
              />
            ),
          }}
          data-testid="dues-profiles"
        />
      )}
      {adding ? <ProfileModal memberId={memberId} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
