import { IdcardOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Skeleton,
  Space,
  Tag,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { NextItemDto } from '../../../../shared/contracts/development';
import { type CaseDetail, useCase, useCloseCase } from '../../../api/development';
import { FormModal } from '../../../components/FormModal';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { dash, fmtDate } from '../../../format';
import { educationLabel, ethnicityLabel, genderLabel } from '../../../labels';
import { CaseAccount } from '../../accounts/CaseAccount';
import {
  CASE_STATUS_COLORS,
  caseStatusLabel,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  NEXT_STATE_COLORS,
  NEXT_STATE_LABELS,
  STAGE_COLORS,
  STAGE_PHASE,
  stageLabel,
  VERSION_COLORS,
  versionLabel,
} from '../development';
import { Dossier } from './Dossier';
import { StepFormModal } from './StepForm';

function NextItem({
  detail,
  item,
  onRecord,
}: {
  detail: CaseDetail;
  item: NextItemDto;
  onRecord: () => void;
}) {
  const higher = item.actor === 'higher';
  const allowed = higher ? detail.can.recordHigher : detail.can.recordBranch;
  const waiting = item.state === 'waiting';
  return (
    <div
      className={`dev-next-item${item.state === 'overdue' ? ' overdue' : ''}`}
      data-testid={`next-${item.key}`}
    >
      <div className="dev-next-head">
        <span className="dev-next-title">
          第{item.no}步　{item.title}
        </span>
        <Tag color={NEXT_STATE_COLORS[item.state]} style={{ marginInlineEnd: 0 }} data-testid="next-state">
          {NEXT_STATE_LABELS[item.state]}
        </Tag>
        {higher ? <Tag style={{ marginInlineEnd: 0 }}>上级党委办理</Tag> : null}
        <span style={{ flex: 1 }} />
        {allowed ? (
          <Tooltip title={waiting ? `${fmtDate(item.earliest)}（含）起方可办理` : undefined}>
            <Button
              type={waiting ? 'default' : 'primary'}
              size="small"
              onClick={onRecord}
              data-testid={`record-${item.key}`}
            >
              登记
            </Button>
          </Tooltip>
        ) : null}
      </div>
      <div style={{ marginTop: 6 }}>{item.text}</div>
      {item.earliest || item.due || item.latest ? (
        <div className="dev-dates">
          {item.earliest ? (
            <span>
              可办理起 <b>{fmtDate(item.earliest)}</b>
            </span>
          ) : null}
          {item.due ? (
            <span className={item.state === 'overdue' ? 'text-danger' : undefined}>
              应办期限 <b>{fmtDate(item.due)}</b>
            </span>
          ) : null}
          {item.latest ? (
            <span>
              最迟 <b>{fmtDate(item.latest)}</b>
            </span>
          ) : null}
        </div>
      ) : null}
      {item.citation && !item.text.includes(item.citation) ? (
        <div className="dev-citation">依据：{item.citation}</div>
      ) : null}
      {higher && !allowed ? (
        <div className="dev-citation" data-testid="higher-hint">
          由有审批权的上级党委（{detail.approvingOrgName ?? '上级党委'}）办理
        </div>
      ) : null}
    </div>
  );
}

/** The 25 steps in their five stages: done (with the date), next (highlighted), to come (grey). */
function StepsView({ detail }: { detail: CaseDetail }) {
  const done = new Map<string, string>();
  for (const r of detail.steps) if (r.supersededById === null) done.set(r.key, r.on);
  const next = new Map(detail.next.map((n) => [n.key, n]));
  return (
    <div data-testid="steps-view">
      {DEVELOPMENT_STAGES.map((stage, i) => (
        <div key={stage} className="dev-stage-block">
          <div className="dev-stage-heading">
            {['一', '二', '三', '四', '五'][i]}、{STAGE_PHASE[stage]}
          </div>
          {DEVELOPMENT_STEPS.filter((s) => s.stage === stage).map((s) => {
            const on = done.get(s.key);
            const n = detail.status === 'active' ? next.get(s.key) : undefined;
            const cls = on ? 'done' : n ? 'current' : '';
            return (
              <div key={s.key} className={`dev-step ${cls}`} data-testid={`step-${s.key}`}>
                <span className="dev-step-no">{s.no}</span>
                <div className="dev-step-body">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span style={n ? { fontWeight: 600 } : undefined}>
                      {s.title}
                      {detail.version === '2026' && s.key === 'candidate_filed'
                        ? '（上级党委同意并公示）'
                        : ''}
                    </span>
                    {on ? <span className="muted">{on}</span> : null}
                    {n ? (
                      <Tag color={NEXT_STATE_COLORS[n.state]} style={{ marginInlineEnd: 0 }}>
                        {n.due ? `${fmtDate(n.due)}前` : NEXT_STATE_LABELS[n.state]}
                      </Tag>
                    ) : null}
                  </div>
                  {n ? <div className="dev-citation">{n.citation ?? s.citation2014}</div> : null}
                </div>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function CloseModal({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const close = useCloseCase(detail.id);
  const { message } = App.useApp();
  return (
    <FormModal<{ reason: string }>
      title={`终止 ${detail.name} 的发展程序`}
      open
      onClose={onClose}
      form={form}
      danger
      okText="终止"
      testId="close-form"
      onSubmit={async (v) => {
        await close.mutateAsync({ reason: v.reason.trim() });
        message.success('已终止');
      }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="申请人撤回申请或党组织决定不再发展时终止。终止后不能再登记后续步骤，已登记的档案保留。"
      />
      <Form.Item
        name="reason"
        label="终止原因"
        rules={[
          { required: true, whitespace: true, message: '请填写终止原因' },
          { min: 4, message: '至少4个字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="close-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** 发展档案 (`/development/cases/:id`): where the case stands, what is next and by when, and the record. */
export default function CasePage() {
  const { id } = useParams();
  const caseId = id && /^\d+$/.test(id) ? Number(id) : undefined;
  const q = useCase(caseId);
  const [recording, setRecording] = useState<NextItemDto | null>(null);
  const [closing, setClosing] = useState(false);
  const c = q.data;

  if (q.error && !c) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  if (!c) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  const active = c.status === 'active';

  return (
    <div className="page">
      <PageHeader
        testId="case-header"
        title={
          <Space size={8} wrap>
            <span data-testid="case-name">{c.name}</span>
            <Tag color={STAGE_COLORS[c.stage]} data-testid="case-stage">
              {stageLabel(c.stage)}
            </Tag>
            <Tag color={CASE_STATUS_COLORS[c.status]} data-testid="case-status">
              {caseStatusLabel(c.status)}
            </Tag>
            <Tooltip title="本案件立案时适用的《中国共产党发展党员工作细则》版本，办理中不再改变">
              <Tag color={VERSION_COLORS[c.version]} data-testid="case-version">
                {versionLabel(c.version)}
              </Tag>
            </Tooltip>
          </Space>
        }
        subtitle={
          <span>
            <span className="mono">{c.idNumber}</span>　{genderLabel(c.gender)}，{c.age}岁　
            <Link to={`/development?orgId=${c.orgId}`}>{c.orgName}</Link>　递交申请 {fmtDate(c.appliedOn)}
          </span>
        }
        extra={
          <>
            <CaseAccount caseId={c.id} caseStatus={c.status} />
            {c.memberId ? (
              <Link to={`/members/${c.memberId}`}>
                <Button icon={<IdcardOutlined />} data-testid="case-member-link">
                  党员档案
                </Button>
              </Link>
            ) : null}
            {active && c.can.close ? (
              <Button
                danger
                icon={<StopOutlined />}
                onClick={() => setClosing(true)}
                data-testid="case-close"
              >
                终止
              </Button>
            ) : null}
          </>
        }
      />
      {c.closedReason ? (
        <Alert type="info" showIcon title={`${caseStatusLabel(c.status)}：${c.closedReason}`} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="下一步" data-testid="next-card">
              {active && c.next.length ? (
                c.next.map((n) => (
                  <NextItem key={n.key} detail={c} item={n} onRecord={() => setRecording(n)} />
                ))
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    active ? '当前没有可办理的步骤' : `本案件${caseStatusLabel(c.status)}，没有待办步骤`
                  }
                />
              )}
            </Card>
            <Card
              title="发展档案"
              extra={<span className="muted small">按登记顺序，更正前的记录划线保留</span>}
            >
              <Dossier detail={c} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="发展流程（25步）">
              <StepsView detail={c} />
            </Card>
            <Card title="基本情况">
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'ethnicity', label: '民族', children: ethnicityLabel(c.ethnicity) },
                  { key: 'education', label: '学历', children: educationLabel(c.education) },
                  { key: 'workUnit', label: '工作单位及职务', children: dash(c.workUnit) },
                  { key: 'phone', label: '联系电话', children: dash(c.phone) },
                  { key: 'approving', label: '审批党委', children: dash(c.approvingOrgName) },
                  { key: 'activistOn', label: '确定为入党积极分子', children: fmtDate(c.activistOn) },
                  {
                    key: 'eligible',
                    label: '可列为发展对象',
                    children: c.candidateEligibleOn ? `${c.candidateEligibleOn}（培养教育满一年）` : '—',
                  },
                  { key: 'candidateOn', label: '确定为发展对象', children: fmtDate(c.candidateOn) },
                  { key: 'admittedOn', label: '接收为预备党员', children: fmtDate(c.admittedOn) },
                  {
                    key: 'probation',
                    label: '预备期满',
                    children: c.probationEndsOn
                      ? `${c.probationEndsOn}${c.extensionMonths ? `（延长${c.extensionMonths}个月）` : ''}`
                      : '—',
                  },
                  { key: 'confirmedOn', label: '转为正式党员', children: fmtDate(c.confirmedOn) },
                ]}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {recording ? <StepFormModal detail={c} item={recording} onClose={() => setRecording(null)} /> : null}
      {closing ? <CloseModal detail={c} onClose={() => setClosing(false)} /> : null}
    </div>
  );
}
