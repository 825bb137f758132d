import { DownloadOutlined, InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Segmented, Steps, Table, Tag, Upload, type UploadProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { z } from 'zod';
import {
  IMPORT_KIND_LABELS,
  IMPORT_STATUS_LABELS,
  type ImportStatus,
} from '../../../shared/contracts/imports';
import { errorDetail } from '../../api/client';
import { useMe } from '../../api/hooks';
import {
  type ImportDto,
  type ImportKind,
  importTemplateUrl,
  useCommitImport,
  useImport,
  useImports,
  useRollbackImport,
  useUploadImport,
} from '../../api/imports';
import { OrgPicker } from '../../components/OrgPicker';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { fmtDateTime } from '../../format';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { type FilterPatch, param, useUrlFilters } from '../../hooks/useUrlFilters';
import './imports.css';
import { type ImportError, ImportResult } from './ImportResult';

const STATUS_COLORS: Record<ImportStatus, string> = {
  parsing: 'processing',
  invalid: 'error',
  validated: 'gold',
  committing: 'processing',
  committed: 'success',
  rolled_back: 'default',
  failed: 'error',
};

const filterSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(['members', 'orgs']),
  importId: param.int(),
});

/**
 * 数据导入 (`/imports?orgId=&kind=&importId=`): pick the org and what to import, download the
 * template, upload the filled workbook, follow the check's progress, read every error by row and
 * column (or the whole file's failure), then commit all rows at once; earlier imports can be undone.
 */
export default function ImportPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const canOrgs = !!me?.permissions.includes('org.write');
  const kind: ImportKind = filters.kind === 'orgs' && canOrgs ? 'orgs' : 'members';
  const { importId } = filters;
  const [page, setPage] = useState(1);
  const [column, setColumn] = useState<string | undefined>();
  const [histPage, setHistPage] = useState(1);
  const pageSize = isPhone ? 10 : 20;

  const update = (patch: FilterPatch<typeof filterSchema>) => {
    setFilters(patch);
    setPage(1);
    setColumn(undefined);
  };

  const upload = useUploadImport();
  const commit = useCommitImport();
  const rollback = useRollbackImport();
  const current = useImport(importId, page, pageSize, column);
  const history = useImports(orgId, histPage);
  const imp = current.data;

  const send: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    if (!orgId) return;
    upload
      .mutateAsync({ orgId, kind, file: file as File })
      .then((r) => {
        onSuccess?.(r);
        update({ importId: r.id });
      })
      .catch((e) => {
        onError?.(e);
        message.error(errorDetail(e));
      });
  };

  const doCommit = async (id: number) => {
    try {
      // The writing runs on the server; the result card follows it (polled).
      await commit.mutateAsync(id);
    } catch (e) {
      message.error({ content: errorDetail(e), duration: 8 });
    }
  };
  const doRollback = async (id: number) => {
    try {
      await rollback.mutateAsync(id);
      message.success('已撤销该次导入');
    } catch (e) {
      message.error({ content: errorDetail(e), duration: 10 });
    }
  };

  const step = !imp
    ? 1
    : imp.status === 'committed' || imp.status === 'rolled_back'
      ? 3
      : imp.status === 'validated'
        ? 2
        : 1;
  const what = IMPORT_KIND_LABELS[kind];

  const errorColumns: ColumnsType<ImportError> = [
    { title: '行号', dataIndex: 'rowNo', width: 70, align: 'right' },
    { title: '列', dataIndex: 'column', width: isPhone ? 86 : 120, render: (c: string) => c || '整行' },
    {
      title: '错误说明',
      dataIndex: 'message',
      render: (m: string) => <span className="import-error-text">{m}</span>,
    },
  ];

  const historyColumns: ColumnsType<ImportDto> = [
    {
      title: '上传时间',
      dataIndex: 'createdAt',
      width: isPhone ? 96 : 150,
      render: (v: string, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => update({ importId: r.id })}
        >
          {fmtDateTime(v)}
        </Button>
      ),
    },
    { title: '文件', dataIndex: 'fileName', ellipsis: true },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 70,
      responsive: ['sm'],
      render: (k: ImportKind) => IMPORT_KIND_LABELS[k],
    },
    { title: '导入到', dataIndex: 'orgName', ellipsis: true, responsive: ['md'] },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: ImportStatus) => <Tag color={STATUS_COLORS[s]}>{IMPORT_STATUS_LABELS[s]}</Tag>,
    },
    {
      title: '行数',
      key: 'rows',
      width: 80,
      align: 'right',
      render: (_: unknown, r) => r.summary.created ?? r.totalRows,
    },
    { title: '上传人', dataIndex: 'createdByName', width: 140, ellipsis: true, responsive: ['lg'] },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_: unknown, r) =>
        r.status === 'committed' ? (
          <Popconfirm
            title="撤销这次导入？"
            description={`将删除这次导入的全部${IMPORT_KIND_LABELS[r.kind]}；已有后续业务数据时不能撤销。`}
            okText="撤销导入"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => doRollback(r.id)}
          >
            <Button size="small" danger icon={<RollbackOutlined />} data-testid={`import-rollback-${r.id}`}>
              撤销导入
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="数据导入"
        subtitle="用 Excel 批量导入党员或党组织：下载模板，填写后上传，系统逐行检查；全部无误后一次导入，导入后可整批撤销。"
      />
      <Card>
        <Steps
          className="hide-phone"
          size="small"
          current={step}
          items={[
            { title: '选择组织和类型' },
            { title: '上传并检查' },
            { title: '确认导入' },
            { title: '完成' },
          ]}
          style={{ marginBottom: 20 }}
        />
        <div className="filters" style={{ alignItems: 'center' }}>
          <OrgPicker
            value={orgId}
            onChange={(id) => update({ orgId: id, importId: undefined })}
            allowClear={false}
            placeholder="导入到哪个党组织"
            style={{ width: 320 }}
            className="filter-wide"
            testId="import-org"
          />
          <Segmented<ImportKind>
            value={kind}
            onChange={(k) => update({ kind: k, importId: undefined })}
            options={[
              { value: 'members', label: '党员' },
              ...(canOrgs ? [{ value: 'orgs' as const, label: '党组织' }] : []),
            ]}
            className="import-kind"
            data-testid="import-kind"
          />
          <Button icon={<DownloadOutlined />} href={importTemplateUrl(kind)} data-testid="import-template">
            下载{what}导入模板
          </Button>
        </div>
        {orgId ? (
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
              {upload.isPending ? '正在上传…' : `点击或拖入填好的${what}信息表（.xlsx）`}
            </p>
            <p className="ant-upload-hint">
              上传后先逐行检查，不会直接写入；有错误时请在 Excel 中改正后重新上传。
            </p>
          </Upload.Dragger>
        ) : null}
      </Card>

      {importId && current.error && !imp ? (
        <QueryError error={current.error} onRetry={() => current.refetch()} />
      ) : imp ? (
        <ImportResult
          imp={imp}
          isPhone={isPhone}
          page={page}
          pageSize={pageSize}
          column={column}
          onPage={setPage}
          onColumn={(c) => {
            setColumn(c);
            setPage(1);
          }}
          errorColumns={errorColumns}
          onCommit={() => doCommit(imp.id)}
          committing={commit.isPending}
          onRollback={() => doRollback(imp.id)}
          rollingBack={rollback.isPending}
        />
      ) : null}

      <Card title="导入记录" styles={{ body: { padding: 0 } }}>
        <Table<ImportDto>
          rowKey="id"
          size="small"
          loading={history.isFetching && !history.data}
          dataSource={history.data?.data ?? []}
          columns={historyColumns}
          scroll={{ x: isPhone ? 520 : undefined }}
          rowClassName={(r) => (r.id === importId ? 'import-row-current' : '')}
          pagination={{
            current: histPage,
            pageSize: 10,
            total: history.data?.total ?? 0,
            onChange: setHistPage,
            hideOnSinglePage: true,
            size: 'small',
          }}
          locale={{ emptyText: '本组织及下级还没有导入记录' }}
          data-testid="import-history"
        />
      </Card>
    </div>
  );
}
