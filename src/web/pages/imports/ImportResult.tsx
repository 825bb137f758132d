import { CheckOutlined, CloudUploadOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Popconfirm, Progress, Result, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { IMPORT_KIND_LABELS } from '../../../shared/contracts/imports';
import type { ImportDetailDto } from '../../api/imports';
import { fmtDateTime } from '../../format';

export type ImportError = ImportDetailDto['errors']['data'][number];

export function ImportResult({
  imp,
  isPhone,
  page,
  pageSize,
  column,
  onPage,
  onColumn,
  errorColumns,
  onCommit,
  committing,
  onRollback,
  rollingBack,
}: {
  imp: ImportDetailDto;
  isPhone: boolean;
  page: number;
  pageSize: number;
  column: string | undefined;
  onPage: (p: number) => void;
  onColumn: (c: string | undefined) => void;
  errorColumns: ColumnsType<ImportError>;
  onCommit: () => void;
  committing: boolean;
  onRollback: () => void;
  rollingBack: boolean;
}) {
  const what = IMPORT_KIND_LABELS[imp.kind];
  const unit = imp.kind === 'members' ? '名党员' : '个党组织';
  const fileLine = (
    <span className="muted small">
      {imp.fileName} · {imp.orgName} · {imp.createdByName ?? ''} {fmtDateTime(imp.createdAt)}
    </span>
  );

  if (imp.status === 'committing') {
    return (
      <Card data-testid="import-progress">
        <div style={{ fontWeight: 500, marginBottom: 8 }}>
          正在导入 {imp.summary.rows.toLocaleString()} 行…（全部写入或全部不写入，请稍候）
        </div>
        <Progress percent={100} status="active" showInfo={false} />
        {fileLine}
      </Card>
    );
  }
  if (imp.status === 'parsing') {
    const percent = imp.totalRows ? Math.floor((imp.processedRows / imp.totalRows) * 100) : 0;
    return (
      <Card data-testid="import-progress">
        <div style={{ fontWeight: 500, marginBottom: 8 }}>
          {imp.totalRows
            ? `正在逐行检查：已检查 ${imp.processedRows.toLocaleString()} / ${imp.totalRows.toLocaleString()} 行`
            : '正在读取文件…'}
        </div>
        <Progress percent={percent} status="active" />
        {fileLine}
      </Card>
    );
  }
  if (imp.status === 'failed') {
    return (
      <Card data-testid="import-failed">
        <Result
          status="error"
          title="文件无法导入"
          subTitle={<span style={{ color: 'rgba(0,0,0,0.75)' }}>{imp.failure}</span>}
          extra={fileLine}
        />
      </Card>
    );
  }
  if (imp.status === 'committed' || imp.status === 'rolled_back') {
    const committed = imp.status === 'committed';
    return (
      <Card data-testid={committed ? 'import-done' : 'import-rolled-back'}>
        <Result
          status={committed ? 'success' : 'info'}
          title={
            committed
              ? `已导入 ${imp.summary.created ?? imp.summary.rows} ${unit}`
              : `这次导入已撤销（${imp.summary.created ?? imp.summary.rows} ${unit}已删除）`
          }
          subTitle={
            committed
              ? `${imp.committedByName ?? ''} 于 ${fmtDateTime(imp.committedAt)} 导入 · ${imp.fileName}`
              : `${imp.rolledBackByName ?? ''} 于 ${fmtDateTime(imp.rolledBackAt)} 撤销 · ${imp.fileName}`
          }
          extra={
            committed ? (
              <Space wrap>
                <Link to={imp.kind === 'members' ? `/members?orgId=${imp.orgId}` : `/orgs/${imp.orgId}`}>
                  <Button type="primary" icon={<TeamOutlined />} data-testid="import-goto">
                    {imp.kind === 'members' ? '查看党员名册' : '查看组织架构'}
                  </Button>
                </Link>
                <Popconfirm
                  title="撤销这次导入？"
                  description={`将删除这次导入的全部${what}；已有后续业务数据时不能撤销。`}
                  okText="撤销导入"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={onRollback}
                >
                  <Button
                    danger
                    icon={<RollbackOutlined />}
                    loading={rollingBack}
                    data-testid="import-rollback"
                  >
                    撤销导入
                  </Button>
                </Popconfirm>
              </Space>
            ) : null
          }
        />
      </Card>
    );
  }
  if (imp.status === 'validated') {
    return (
      <Card data-testid="import-valid">
        {imp.failure ? (
          <Alert
            type="warning"
            showIcon
            title="上次确认导入没有完成，未写入任何数据"
            description={imp.failure}
            style={{ marginBottom: 12 }}
            data-testid="import-commit-failure"
          />
        ) : null}
        <Alert
          type="success"
          showIcon
          title={`检查通过：可以导入 ${imp.summary.rows.toLocaleString()} 行`}
          description={
            <div>
              <div style={{ marginBottom: 6 }}>{fileLine}</div>
              <Descriptions
                size="small"
                column={1}
                items={imp.summary.byOrg.slice(0, 8).map((o) => ({
                  key: o.orgName,
                  label: imp.kind === 'members' ? o.orgName : `${o.orgName} 下`,
                  children: `${o.count} ${unit}`,
                }))}
              />
              {imp.summary.byOrg.length > 8 ? (
                <div className="muted small">…共 {imp.summary.byOrg.length} 个党组织</div>
              ) : null}
            </div>
          }
        />
        <div style={{ marginTop: 16, display: 'flex', justifyContent: isPhone ? 'stretch' : 'flex-end' }}>
          <Popconfirm
            title={`确认导入 ${imp.summary.rows} ${unit}？`}
            description="全部写入或全部不写入；导入后可在导入记录中整批撤销。"
            okText="确认导入"
            cancelText="取消"
            onConfirm={onCommit}
          >
            <Button
              type="primary"
              size="large"
              block={isPhone}
              icon={<CheckOutlined />}
              loading={committing}
              data-testid="import-commit"
            >
              确认导入
            </Button>
          </Popconfirm>
        </div>
      </Card>
    );
  }
  // invalid: the errors by row and column.
  const rowsWithErrors = new Set(imp.errors.data.map((e) => e.rowNo));
  return (
    <Card
      title={
        <span className="import-error-title">
          <CloudUploadOutlined /> 检查结果
        </span>
      }
      styles={{ body: { padding: 0 } }}
      data-testid="import-invalid"
    >
      <div style={{ padding: '12px 16px' }}>
        <Alert
          type="error"
          showIcon
          title={`发现 ${imp.errorCount} 处错误，这个文件暂不能导入`}
          description={
            <div>
              共 {imp.totalRows.toLocaleString()} 行，其中 {imp.summary.rows.toLocaleString()} 行无误。请在
              Excel 中按下表改正（行号即 Excel 左侧的行号），保存后重新上传。
              <div style={{ marginTop: 4 }}>{fileLine}</div>
            </div>
          }
          data-testid="import-has-errors"
        />
        <div className="filters" style={{ marginTop: 12, alignItems: 'center' }}>
          <Select
            allowClear
            placeholder="按列筛选"
            value={column}
            onChange={(v) => onColumn(v)}
            style={{ width: 220 }}
            className="filter-wide"
            options={imp.errors.columns.map((c) => ({
              value: c.column,
              label: `${c.column || '整行'}（${c.count}）`,
            }))}
            data-testid="import-error-column"
          />
          {rowsWithErrors.size ? (
            <span className="muted small">本页涉及 {rowsWithErrors.size} 行</span>
          ) : null}
        </div>
      </div>
      <Table<ImportError>
        rowKey={(e) => `${e.rowNo}-${e.column}-${e.message}`}
        size="small"
        dataSource={imp.errors.data}
        columns={errorColumns}
        tableLayout="fixed"
        pagination={{
          current: page,
          pageSize,
          total: imp.errors.total,
          onChange: onPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          size: 'small',
          showTotal: isPhone ? undefined : (t) => `共 ${t} 处`,
        }}
        data-testid="import-errors"
      />
    </Card>
  );
}
