import { DeleteOutlined, EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Empty, Form, Input, Popconfirm, Space, Tag, Tooltip, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { StepRecordDto } from '../../../../shared/contracts/development';
import { errorMessage } from '../../../api/client';
import {
  type CaseDetail,
  documentUrl,
  useCorrectStep,
  useDeleteDocument,
  useUploadDocument,
} from '../../../api/development';
import { FormModal } from '../../../components/FormModal';
import { fmtDate, fmtDateTime, toIsoDate } from '../../../format';
import { fileSize } from '../../orglife/orglife';

const DECIDED_BY: Record<string, string> = { committee: '支部委员会', general_meeting: '支部党员大会' };
const OUTCOMES: Record<string, string> = { approved: '同意/批准', rejected: '不同意/不予批准' };
const DECISIONS: Record<string, string> = {
  confirm: '按期转正',
  extend: '延长预备期',
  cancel: '取消预备党员资格',
};

const people = (v: unknown): string | null => {
  if (!Array.isArray(v) || !v.length) return null;
  return v
    .map((p) =>
      typeof p === 'string'
        ? p
        : ((p as { name?: string })?.name ?? `#${(p as { memberId?: number })?.memberId}`),
    )
    .join('、');
};

/** What a record says, as short Chinese phrases (the inputs the step asked for). */
function facts(r: StepRecordDto): string[] {
  const d = r.data as Record<string, unknown>;
  const out: string[] = [];
  if (typeof d.talkerName === 'string' && d.talkerName) out.push(`谈话人：${d.talkerName}`);
  if (typeof d.decidedBy === 'string') out.push(`研究确定：${DECIDED_BY[d.decidedBy] ?? d.decidedBy}`);
  const mentors = people(d.mentors) ?? people(d.mentorNames);
  if (mentors) out.push(`培养联系人：${mentors}`);
  const sponsors = people(d.sponsors) ?? people(d.sponsorNames);
  if (sponsors) out.push(`入党介绍人：${sponsors}`);
  const n = d.notice as { from?: string; to?: string; objection?: boolean } | undefined;
  if (n?.from) out.push(`公示：${n.from} 至 ${n.to}${n.objection ? '（反映问题影响发展）' : ''}`);
  if (d.reviewConclusion) out.push(`政治审查：${d.reviewConclusion === 'pass' ? '合格' : '不合格'}`);
  const t = d.training as { from?: string; to?: string; hours?: number; organizer?: string } | undefined;
  if (t?.from)
    out.push(`集中培训：${t.from} 至 ${t.to}，${t.hours ?? 0}学时${t.organizer ? `，${t.organizer}` : ''}`);
  const v = d.vote as Record<string, number> | undefined;
  if (v && typeof v.expectedVoting === 'number') {
    out.push(
      `表决：应到${v.expectedVoting}人，实到${v.presentVoting}人；赞成${v.for}、反对${v.against}、弃权${v.abstain}`,
    );
  }
  if (typeof d.outcome === 'string') out.push(`结论：${OUTCOMES[d.outcome] ?? d.outcome}`);
  if (typeof d.decision === 'string') {
    out.push(
      `讨论结果：${DECISIONS[d.decision] ?? d.decision}${d.extensionMonths ? `${d.extensionMonths}个月` : ''}`,
    );
  }
  if (typeof d.delayReason === 'string' && d.delayReason) out.push(`超期原因：${d.delayReason}`);
  return out;
}

interface CorrectionValues {
  on?: Dayjs;
  note?: string;
  reason: string;
}

function CorrectionModal({
  caseId,
  record,
  onClose,
}: {
  caseId: number;
  record: StepRecordDto;
  onClose: () => void;
}) {
  const [form] = Form.useForm<CorrectionValues>();
  const correct = useCorrectStep(caseId);
  const { message } = App.useApp();
  const note = typeof record.data.note === 'string' ? record.data.note : undefined;
  return (
    <FormModal<CorrectionValues>
      title={`更正：第${record.no}步 ${record.title}`}
      open
      onClose={onClose}
      form={form}
      initialValues={{ on: dayjs(record.on), note }}
      okText="保存更正"
      testId="correction-form"
      onSubmit={async (v) => {
        await correct.mutateAsync({
          stepId: record.id,
          on: toIsoDate(v.on)!,
          note: v.note?.trim() || undefined,
          reason: v.reason.trim(),
        });
        message.success('已更正，原记录保留在档案中');
      }}
    >
      <div className="muted small" style={{ marginBottom: 12 }}>
        更正不会删除原记录：原记录划线保留，新记录注明更正原因，并重新按规定核对日期。
      </div>
      <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker style={{ width: 220 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="note" label="情况说明">
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item
        name="reason"
        label="更正原因"
        rules={[
          { required: true, whitespace: true, message: '请填写更正原因' },
          { min: 4, message: '至少4个字' },
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid="correction-reason" />
      </Form.Item>
    </FormModal>
  );
}

function Documents({
  detail,
  record,
  canEdit,
}: {
  detail: CaseDetail;
  record: StepRecordDto;
  canEdit: boolean;
}) {
  const upload = useUploadDocument(detail.id);
  const remove = useDeleteDocument(detail.id);
  const { message } = App.useApp();
  if (!record.documents.length && !canEdit) return null;
  return (
    <div className="small" style={{ marginTop: 6 }}>
      <Space size={[12, 4]} wrap>
        {record.documents.map((doc) => (
          <span key={doc.id} data-testid="step-document">
            <PaperClipOutlined className="muted" />{' '}
            <a href={documentUrl(detail.id, record.id, doc.id, true)} target="_blank" rel="noreferrer">
              {doc.fileName}
            </a>{' '}
            <span className="muted">{fileSize(doc.size)}</span>{' '}
            <a href={documentUrl(detail.id, record.id, doc.id)} download={doc.fileName}>
              下载
            </a>
            {canEdit ? (
              <Popconfirm
                title="删除这份材料？"
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  remove
                    .mutateAsync({ stepId: record.id, docId: doc.id })
                    .then(() => message.success('已删除'))
                    .catch((e) => message.error(errorMessage(e)))
                }
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label="删除材料" />
              </Popconfirm>
            ) : null}
          </span>
        ))}
        {canEdit ? (
          <Upload
            showUploadList={false}
            multiple
            customRequest={({ file, onSuccess, onError }) => {
              upload
                .mutateAsync({ stepId: record.id, file: file as File })
                .then((r) => {
                  onSuccess?.(r);
                  message.success(`已上传：${(file as File).name}`);
                })
                .catch((e) => {
                  onError?.(e);
                  message.error(errorMessage(e));
                });
            }}
          >
            <Button
              size="small"
              type="link"
              icon={<UploadOutlined />}
              loading={upload.isPending}
              data-testid={`upload-${record.key}`}
            >
              上传材料
            </Button>
          </Upload>
        ) : null}
      </Space>
    </div>
  );
}

/**
 * 发展档案: every record oldest first, superseded versions struck through and kept, with what each
 * step recorded, its warnings, its documents and a 更正 action.
 */
export function Dossier({ detail }: { detail: CaseDetail }) {
  const [correcting, setCorrecting] = useState<StepRecordDto | null>(null);
  const byId = new Map(detail.steps.map((s) => [s.id, s]));
  if (!detail.steps.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有登记记录" />;
  return (
    <div data-testid="dossier">
      {detail.steps.map((r) => {
        const superseded = r.supersededById !== null;
        const note = typeof r.data.note === 'string' ? r.data.note : null;
        const corrects = r.correctsId ? byId.get(r.correctsId) : undefined;
        return (
          <div
            key={r.id}
            className={`dev-record${superseded ? ' superseded' : ''}`}
            data-testid={`record-${r.key}-${r.id}`}
          >
            <div className="dev-next-head">
              <span className="dev-record-title">
                <b>第{r.no}步</b> {r.title}
              </span>
              <span className={superseded ? 'muted' : undefined}>{fmtDate(r.on)}</span>
              {superseded ? <Tag>已被更正</Tag> : null}
              {r.correctsId ? <Tag color="blue">更正记录</Tag> : null}
              {r.warnings.map((w) => (
                <Tooltip
                  key={w.code + w.message}
                  title={`${w.message}${w.citation && !w.message.includes(w.citation) ? `（${w.citation}）` : ''}`}
                >
                  <Tag color="orange" data-testid="record-warning">
                    {w.message.length > 24 ? `${w.message.slice(0, 24)}…` : w.message}
                  </Tag>
                </Tooltip>
              ))}
              <span style={{ flex: 1 }} />
              {detail.can.correct && !superseded ? (
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  onClick={() => setCorrecting(r)}
                  data-testid={`correct-${r.key}`}
                >
                  更正
                </Button>
              ) : null}
            </div>
            {r.correctionReason ? (
              <div className="small" style={{ color: '#1677ff', marginTop: 2 }}>
                更正原因：{r.correctionReason}
                {corrects ? <span className="muted">（原记录日期 {fmtDate(corrects.on)}）</span> : null}
              </div>
            ) : null}
            {facts(r).length ? (
              <div className="small" style={{ marginTop: 4 }}>
                {facts(r).join('；')}
              </div>
            ) : null}
            {note ? (
              <div className="small muted" style={{ marginTop: 2, whiteSpace: 'pre-wrap' }}>
                {note}
              </div>
            ) : null}
            <div className="muted small" style={{ marginTop: 2 }}>
              {r.recordedBy ?? '系统'} 登记于 {fmtDateTime(r.recordedAt)}
            </div>
            {!superseded ? <Documents detail={detail} record={r} canEdit={detail.can.correct} /> : null}
          </div>
        );
      })}
      {correcting ? (
        <CorrectionModal caseId={detail.id} record={correcting} onClose={() => setCorrecting(null)} />
      ) : null}
    </div>
  );
}
