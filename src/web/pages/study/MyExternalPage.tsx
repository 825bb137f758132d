import { Alert, Button, Card, Form, Input, Popconfirm, Segmented, Tag } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  EXTERNAL_SOURCE_LABELS,
  EXTERNAL_SOURCES,
  EXTERNAL_STATUS_LABELS,
  type ExternalSource,
} from '../../../shared/contracts/hours';
import { errorMessage } from '../../api/client';
import { useMyExternal, useSubmitExternal, useWithdrawExternal } from '../../api/hours';
import { applyApiErrors } from '../../components/formErrors';
import { toast } from '../../components/light/toast';
import { MemberApp } from '../../components/MemberApp';
import { QueryState } from '../../components/QueryState';
import { minutesText } from './format';
import './study.css';

interface Values {
  source: ExternalSource;
  title: string;
  studiedOn: string;
  minutes: number | string;
}

/**
 * 提交其他学习 (`/my/study/external`, phone-first): 学习强国, a 党校 course, …: what, when, how long,
 * and a photo of the screen or the certificate taken on the phone. The branch approves it.
 */
export default function MyExternalPage() {
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [done, setDone] = useState(false);
  const submit = useSubmitExternal();
  const withdraw = useWithdrawExternal();
  const mine = useMyExternal();

  const onFinish = async (v: Values) => {
    try {
      await submit.mutateAsync({ body: { ...v, minutes: Number(v.minutes) }, file });
      toast.success('已提交，等待支部审核');
      form.resetFields();
      setFile(null);
      setDone(true);
    } catch (e) {
      const rest = applyApiErrors(form, e);
      if (rest) toast.error(rest);
    }
  };

  return (
    <MemberApp className="page my-study">
      <div style={{ marginBottom: 8 }}>
        <Link to="/my/study">‹ 返回学习</Link>
      </div>
      <Card className="my-card study-form" title="提交其他学习记录">
        {done ? (
          <Alert
            type="success"
            showIcon
            message="已提交，支部审核通过后计入学时"
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ source: 'xuexi', studiedOn: dayjs().format('YYYY-MM-DD') }}
          onFinish={onFinish}
          data-testid="study-external-form"
        >
          <Form.Item name="source" label="来源">
            <Segmented
              block
              options={EXTERNAL_SOURCES.map((s) => ({ value: s, label: EXTERNAL_SOURCE_LABELS[s] }))}
            />
          </Form.Item>
          <Form.Item name="title" label="学习内容" rules={[{ required: true, message: '学习内容：请填写' }]}>
            <Input maxLength={100} placeholder="如：学习强国·党的二十大精神专题" />
          </Form.Item>
          <Form.Item
            name="studiedOn"
            label="学习日期"
            rules={[{ required: true, message: '学习日期：请选择' }]}
          >
            <Input type="date" max={dayjs().format('YYYY-MM-DD')} />
          </Form.Item>
          <Form.Item
            name="minutes"
            label="学习时长（分钟）"
            rules={[{ required: true, message: '学习时长：请填写' }]}
          >
            <Input type="number" inputMode="numeric" min={1} max={1440} step={1} suffix="分钟" />
          </Form.Item>
          <Form.Item label="证明（截图、证书照片或PDF）">
            <input
              ref={fileInput}
              type="file"
              accept="image/jpeg,image/png,image/webp,application/pdf"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="study-external-file"
              style={{ display: 'none' }}
            />
            <Button block onClick={() => fileInput.current?.click()}>
              {file ? '换一个文件' : '拍照或选择文件'}
            </Button>
            <div className="muted small" style={{ marginTop: 4 }}>
              {file ? `已选：${file.name}` : '图片（JPG、PNG、WEBP）或PDF，不超过10MB'}
            </div>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submit.isPending}>
            提交审核
          </Button>
        </Form>
      </Card>

      <Card className="my-card" title="我提交的记录">
        <QueryState query={mine} skeletonRows={3}>
          {(list) =>
            list.length ? (
              list.map((e) => (
                <div key={e.id} className="study-record">
                  <span>
                    {e.title} <Tag>{EXTERNAL_SOURCE_LABELS[e.source]}</Tag>
                    <Tag
                      color={
                        e.status === 'approved' ? 'green' : e.status === 'pending' ? 'orange' : 'default'
                      }
                    >
                      {EXTERNAL_STATUS_LABELS[e.status]}
                    </Tag>
                  </span>
                  <span className="muted small">
                    {e.studiedOn} · {minutesText(e.seconds)}
                    {e.evidence ? ' · 已附证明' : ' · 未附证明'}
                    {e.decisionNote ? ` · 审核意见：${e.decisionNote}` : ''}
                  </span>
                  {e.status === 'pending' ? (
                    <Popconfirm
                      title="撤回这条记录？"
                      okText="撤回"
                      cancelText="取消"
                      onConfirm={() =>
                        withdraw.mutate(
                          { params: { id: e.id } },
                          { onError: (err) => toast.error(errorMessage(err)) },
                        )
                      }
                    >
                      <Button size="small" style={{ alignSelf: 'flex-start' }}>
                        撤回
                      </Button>
                    </Popconfirm>
                  ) : null}
                </div>
              ))
            ) : (
              <div className="muted">还没有提交过</div>
            )
          }
        </QueryState>
      </Card>
    </MemberApp>
  );
}
