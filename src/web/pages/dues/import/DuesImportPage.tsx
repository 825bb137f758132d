import { CheckOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Popconfirm,
  Result,
  Space,
  Steps,
  Table,
  Tag,
  Upload,
  type UploadProps,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { DUES_CATEGORY_LABELS, type DuesCategory, yuan } from '../../../../domain/dues';
import { errorDetail } from '../../../api/client';
import {
  type DuesImport,
  importTemplateUrl,
  useCommitImport,
  useDuesImport,
  useUploadImport,
} from '../../../api/dues';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDateTime } from '../../../format';
import { param } from '../../../hooks/useUrlFilters';
import { duesFilterSchema, monthText, useDuesParams } from '../common';
import '../dues.css';

type ImportRow = DuesImport['rows'][number];
type ImportError = DuesImport['errors'][number];

const filterSchema = duesFilterSchema.extend({ importId: param.positive() });

const fenCell = (v: number | null) => (v === null ? '—' : yuan(v));

/**
 * 导入党费基数 (`/dues/import?orgId=&importId=`): download the template with the org's members,
 * fill in categories and bases, upload it, check the preview (every problem by row and column),
 * then commit all rows at once.
 */
export default function DuesImportPage() {
  const { filters, orgId, update } = useDuesParams(filterSchema);
  const { message } = App.useApp();
  const { importId } = filters;
  const upload = useUploadImport();
  const commit = useCommitImport();
  const preview = useDuesImport(importId);
  const imp = preview.data;
  const errorRows = new Set(imp?.errors.map((e) => e.row) ?? []);

  const rowColumns: ColumnsType<ImportRow> = [
    { title: '行', dataIndex: 'row', width: 56, align: 'right' },
    {
      title: '姓名',
      dataIndex: 'memberName',
      width: 96,
      render: (n: string, r) => (r.memberId ? <Link to={`/members/${r.memberId}`}>{n}</Link> : n || '—'),
    },
    {
      title: '党费类别',
      dataIndex: 'category',
      width: 150,
      render: (c: string | null) => (c ? (DUES_CATEGORY_LABELS[c as DuesCategory] ?? c) : '—'),
    },
    {
      title: '生效月份',
      dataIndex: 'effectiveMonth',
      width: 100,
      render: (m: string | null) => (m ? monthText(m) : '—'),
    },
    { title: '月基数', dataIndex: 'baseFen', width: 100, align: 'right', render: fenCell },
    { title: '交纳额', dataIndex: 'amountFen', width: 90, align: 'right', render: fenCell },
    {
      title: '每月应交',
      dataIndex: 'monthlyFen',
      width: 96,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : <b>{yuan(v)}</b>),
    },
  ];

  const errorColumns: ColumnsType<ImportError> = [
    { title: '行', dataIndex: 'row', width: 64, align: 'right' },
    { title: '列', dataIndex: 'column', width: 120 },
    {
      title: '问题',
      dataIndex: 'message',
      render: (m: string) => <span style={{ color: '#cf1322' }}>{m}</span>,
    },
  ];

  const send: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    if (!orgId) return;
    upload
      .mutateAsync({ orgId, file: file as File })
      .then((r) => {
        onSuccess?.(r);
        update({ importId: r.id });
      })
      .catch((e) => {
        onError?.(e);
        message.error(errorDetail(e));
      });
  };

  const step = !imp ? (orgId ? 1 : 0) : imp.status === 'committed' ? 3 : 2;

  return (
    <div className="page">
      <PageHeader
        title="导入党费基数"
        subtitle="用 Excel 批量核定党员的党费类别和月基数：先下载模板，填写后上传，预览无误再确认导入。"
        extra={
          orgId ? (
            <Link to={`/dues/collection?orgId=${orgId}`}>
              <Button>返回收缴登记</Button>
            </Link>
          ) : undefined
        }
      />
      <Card>
        <Steps
          className="hide-phone"
          size="small"
          current={step}
          items={[
            { title: '选择党组织' },
            { title: '下载模板并上传' },
            { title: '预览与核对' },
            { title: '完成' },
          ]}
          style={{ marginBottom: 20 }}
          responsive
        />
        <div className="filters" style={{ alignItems: 'center' }}>
          <OrgPicker
            value={orgId}
            onChange={(id) => update({ orgId: id, importId: undefined })}
            allowClear={false}
            placeholder="选择党组织"
            style={{ width: 300 }}
            className="filter-wide"
            testId="import-org"
          />
          {orgId ? (
            <Button icon={<DownloadOutlined />} href={importTemplateUrl(orgId)} data-testid="import-template">
              下载模板（含本组织党员名单）
            </Button>
          ) : null}
          {orgId && imp?.status === 'previewed' ? (
            <Upload accept=".xlsx" showUploadList={false} customRequest={send}>
              <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="import-reupload">
                重新上传
              </Button>
            </Upload>
          ) : null}
        </div>
        {orgId && (!imp || imp.status === 'committed') ? (
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            disabled={upload.isPending}
            customRequest={send}
            style={{ marginTop: 16 }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {upload.isPending ? '正在读取…' : '点击或拖入填好的 .xlsx 文件'}
            </p>
            <p className="ant-upload-hint">只读取模板中的列；上传后先预览，不会直接修改党费档案。</p>
          </Upload.Dragger>
        ) : null}
      </Card>

      {importId && preview.error && !imp ? (
        <QueryError error={preview.error} onRetry={() => preview.refetch()} />
      ) : imp?.status === 'committed' ? (
        <Card>
          <Result
            status="success"
            title={`已导入 ${imp.rows.length} 条党费档案`}
            subTitle={`${imp.fileName} · ${fmtDateTime(imp.committedAt)}`}
            extra={
              <Link to={`/dues/collection?orgId=${imp.orgId}`}>
                <Button type="primary">查看收缴登记</Button>
              </Link>
            }
            data-testid="import-done"
          />
        </Card>
      ) : imp ? (
        <>
          {imp.errors.length ? (
            <Alert
              type="error"
              showIcon
              title={`发现 ${imp.errors.length} 处问题（涉及 ${errorRows.size} 行），请在 Excel 中改正后重新上传`}
              data-testid="import-has-errors"
            />
          ) : (
            <Alert
              type="success"
              showIcon
              title={`检查通过：${imp.rows.length} 条党费档案待导入`}
              action={
                <Popconfirm
                  title={`确认导入 ${imp.rows.length} 条党费档案？`}
                  description="全部成功或全部不导入；导入后按新档案计算应交额。"
                  okText="确认导入"
                  cancelText="取消"
                  onConfirm={async () => {
                    try {
                      await commit.mutateAsync(imp.id);
                      await preview.refetch();
                      message.success('导入完成');
                    } catch (e) {
                      message.error(errorDetail(e));
                    }
                  }}
                >
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    loading={commit.isPending}
                    data-testid="import-commit"
                  >
                    确认导入
                  </Button>
                </Popconfirm>
              }
            />
          )}
          {imp.errors.length ? (
            <Card
              title={<span style={{ color: '#cf1322' }}>问题清单</span>}
              styles={{ body: { padding: 0 } }}
            >
              <Table<ImportError>
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                size="small"
                dataSource={imp.errors}
                columns={errorColumns}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                data-testid="import-errors"
              />
            </Card>
          ) : null}
          <Card
            title={
              <Space>
                预览
                <span className="muted small" style={{ fontWeight: 400 }}>
                  {imp.fileName}
                </span>
              </Space>
            }
            styles={{ body: { padding: 0 } }}
          >
            <Table<ImportRow>
              rowKey="row"
              size="small"
              dataSource={imp.rows}
              columns={rowColumns}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) => (errorRows.has(r.row) ? 'dues-row-problem' : '')}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="文件中没有数据行" />,
              }}
              data-testid="import-rows"
            />
            {imp.errors.length ? (
              <div className="small" style={{ padding: '8px 16px' }}>
                <Tag color="error">红底</Tag>为有问题的行
              </div>
            ) : null}
          </Card>
        </>
      ) : null}
    </div>
  );
}
