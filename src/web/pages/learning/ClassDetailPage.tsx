import { CheckOutlined, QrcodeOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { ClassDetailDto, RosterEntryDto } from '../../../shared/contracts/learning';
import { errorMessage } from '../../api/client';
import {
  useAddToRoster,
  useCancelLearningClass,
  useClassDayToken,
  useFinishLearningClass,
  useLearningClass,
  useRemoveFromRoster,
  useRosterCandidates,
  useSetClassAttendance,
} from '../../api/learning';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { fmtDate } from '../../format';
import { CLASS_KIND_LABELS, CLASS_STATUS_COLORS, CLASS_STATUS_LABELS } from './learning';

const todayIso = () => dayjs().format('YYYY-MM-DD');

/** The day's QR code on screen (to project or print): members scan it with their phones. */
function DayQrModal({ c, day, onClose }: { c: ClassDetailDto; day: string; onClose: () => void }) {
  const issue = useClassDayToken();
  const [image, setImage] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const { data: fresh } = useLearningClass(c.id, 4000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one code per opening of the dialog
  useEffect(() => {
    issue.mutate(
      { params: { id: c.id }, body: { day } },
      {
        onSuccess: async (t) => {
          const full = `${window.location.origin}${t.url}`;
          setUrl(full);
          setImage(await QRCode.toDataURL(full, { width: 560, margin: 1, errorCorrectionLevel: 'M' }));
        },
      },
    );
  }, [c.id, day]);
  const present = (fresh ?? c).roster.filter((r) => r.attended.some((a) => a.day === day)).length;
  return (
    <Modal
      open
      onCancel={onClose}
      footer={null}
      width={520}
      title={`${c.title} · ${day} 签到`}
      destroyOnHidden
    >
      {issue.error ? <Alert type="error" showIcon message={errorMessage(issue.error)} /> : null}
      {image ? (
        <div style={{ textAlign: 'center' }} data-testid="class-qr">
          <img src={image} alt="签到二维码" style={{ width: 320, height: 320 }} />
          <div style={{ marginTop: 8 }}>请学员用手机扫码签到（仅限名单内学员，当天有效）</div>
          <Typography.Text type="secondary" copyable={url ? { text: url } : false}>
            已签到 {present} / {c.roster.length} 人
          </Typography.Text>
        </div>
      ) : !issue.error ? (
        <div style={{ textAlign: 'center', padding: 40 }}>
          <Spin />
        </div>
      ) : null}
    </Modal>
  );
}

function AddMembers({ c }: { c: ClassDetailDto }) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const [open, setOpen] = useState(false);
  const cands = useRosterCandidates(c.id, q, open);
  const add = useAddToRoster();
  const { message } = App.useApp();
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
      <Select
        mode="multiple"
        value={picked}
        onChange={setPicked}
        onDropdownVisibleChange={setOpen}
        showSearch
        filterOption={false}
        onSearch={setQ}
        loading={cands.isFetching}
        placeholder="输入姓名或拼音，添加学员"
        options={(cands.data ?? []).map((m) => ({ value: m.memberId, label: `${m.name}（${m.orgName}）` }))}
        style={{ flex: 1 }}
        data-testid="roster-picker"
      />
      <Button
        type="primary"
        icon={<UserAddOutlined />}
        disabled={!picked.length}
        loading={add.isPending}
        onClick={async () => {
          try {
            await add.mutateAsync({ params: { id: c.id }, body: { memberIds: picked } });
            message.success(`已添加${picked.length}名学员`);
            setPicked([]);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        添加
      </Button>
    </Space.Compact>
  );
}

/** 培训班详情: facts, the roster with an attendance grid (one column per class day), QR per day. */
export default function ClassDetailPage() {
  const id = Number(useParams().id);
  const query = useLearningClass(id);
  const setAttendance = useSetClassAttendance();
  const remove = useRemoveFromRoster();
  const finish = useFinishLearningClass();
  const cancel = useCancelLearningClass();
  const { message } = App.useApp();
  const [qrDay, setQrDay] = useState<string | null>(null);
  const today = todayIso();

  const act = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <QueryState query={query}>
      {(c) => {
        const dayCols: ColumnsType<RosterEntryDto> = c.dayList.map((day) => ({
          title: (
            <div style={{ textAlign: 'center', lineHeight: 1.3 }}>
              <div>{dayjs(day).format('M月D日')}</div>
              {c.editable && day === today ? (
                <Button
                  size="small"
                  type="link"
                  icon={<QrcodeOutlined />}
                  onClick={() => setQrDay(day)}
                  data-testid={`qr-${day}`}
                >
                  签到码
                </Button>
              ) : null}
            </div>
          ),
          key: day,
          width: 96,
          align: 'center' as const,
          render: (_: unknown, r: RosterEntryDto) => {
            const a = r.attended.find((x) => x.day === day);
            if (!c.editable || day > today) {
              return a ? (
                <CheckOutlined style={{ color: '#389e0d' }} title={a.method === 'qr' ? '扫码' : '登记'} />
              ) : (
                ''
              );
            }
            return (
              <Checkbox
                checked={!!a}
                aria-label={`${r.name} ${day} 出勤`}
                onChange={(e) =>
                  act(
                    setAttendance.mutateAsync({
                      params: { id: c.id },
                      body: { memberId: r.memberId, day, present: e.target.checked },
                    }),
                    e.target.checked ? `已登记${r.name}出勤` : `已撤销${r.name}出勤`,
                  )
                }
              >
                {a?.method === 'qr' ? <Tag style={{ marginInlineEnd: 0 }}>扫码</Tag> : null}
              </Checkbox>
            );
          },
        }));
        const columns: ColumnsType<RosterEntryDto> = [
          {
            title: '学员',
            dataIndex: 'name',
            fixed: 'left',
            width: 110,
            render: (n: string, r) => (
              <div>
                <div>{n}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {r.orgName}
                </Typography.Text>
              </div>
            ),
          },
          ...dayCols,
          {
            title: '出勤',
            key: 'n',
            width: 70,
            align: 'center',
            render: (_: unknown, r) =>
              `${r.attended.filter((a) => a.day >= c.startsOn && a.day <= c.endsOn).length}/${c.days}`,
          },
          {
            title: '结业',
            dataIndex: 'completed',
            width: 80,
            align: 'center',
            render: (done: boolean) => (done ? <Tag color="green">已结业</Tag> : <Tag>未结业</Tag>),
          },
          ...(c.editable
            ? [
                {
                  title: '',
                  key: 'rm',
                  width: 70,
                  render: (_: unknown, r: RosterEntryDto) => (
                    <Popconfirm
                      title={`将${r.name}移出名单？其出勤记录一并删除。`}
                      okText="移出"
                      cancelText="取消"
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        act(
                          remove.mutateAsync({ params: { id: c.id, memberId: r.memberId } }),
                          `已移出${r.name}`,
                        )
                      }
                    >
                      <Button type="link" size="small" danger>
                        移出
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ];
        return (
          <div className="page">
            <PageHeader
              title={c.title}
              subtitle={`${CLASS_KIND_LABELS[c.kind]} · ${c.organiser}`}
              extra={
                c.editable ? (
                  <>
                    {c.dayList.includes(today) ? (
                      <Button
                        type="primary"
                        icon={<QrcodeOutlined />}
                        onClick={() => setQrDay(today)}
                        data-testid="class-qr-today"
                      >
                        今日签到码
                      </Button>
                    ) : null}
                    <Popconfirm
                      title={`结业后名单和出勤不再修改。当前 ${c.completedCount}/${c.rosterCount} 人达到结业条件。`}
                      okText="结业"
                      cancelText="取消"
                      disabled={c.endsOn > today}
                      onConfirm={() => act(finish.mutateAsync({ params: { id: c.id } }), '培训班已结业')}
                    >
                      <Button
                        disabled={c.endsOn > today}
                        title={c.endsOn > today ? '最后一天及以后才能结业' : undefined}
                      >
                        结业
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title="取消培训班？已登记的出勤不再计学时。"
                      okText="取消培训班"
                      cancelText="返回"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => act(cancel.mutateAsync({ params: { id: c.id } }), '培训班已取消')}
                    >
                      <Button danger>取消培训班</Button>
                    </Popconfirm>
                  </>
                ) : null
              }
            />
            <Card>
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                <Descriptions.Item label="状态">
                  <Tag color={CLASS_STATUS_COLORS[c.status]}>{CLASS_STATUS_LABELS[c.status]}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="班期">
                  {c.days > 1
                    ? `${fmtDate(c.startsOn)} 至 ${fmtDate(c.endsOn)}（${c.days}天）`
                    : fmtDate(c.startsOn)}
                </Descriptions.Item>
                <Descriptions.Item label="学时">{c.creditHours} 学时</Descriptions.Item>
                <Descriptions.Item label="地点">{c.online ? '线上' : c.place || '—'}</Descriptions.Item>
                <Descriptions.Item label="结业条件">
                  出勤 {c.completionPercent}%（至少 {c.daysToComplete} 天）
                </Descriptions.Item>
                <Descriptions.Item label="结业">
                  {c.completedCount} / {c.rosterCount} 人
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card
              title={`学员名单与出勤（${c.roster.length}人）`}
              extra={c.editable ? <span className="muted">勾选登记出勤；扫码签到的标“扫码”</span> : null}
              styles={{ body: { paddingTop: 12 } }}
            >
              {c.editable ? (
                <div style={{ marginBottom: 12 }}>
                  <AddMembers c={c} />
                </div>
              ) : null}
              <Table<RosterEntryDto>
                rowKey="memberId"
                size="small"
                columns={columns}
                dataSource={c.roster}
                pagination={c.roster.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                scroll={{ x: 110 + 96 * c.dayList.length + 220 }}
                locale={{ emptyText: '尚无学员，请在上方添加' }}
                data-testid="roster-table"
              />
            </Card>
            {qrDay ? <DayQrModal c={c} day={qrDay} onClose={() => setQrDay(null)} /> : null}
          </div>
        );
      }}
    </QueryState>
  );
}
