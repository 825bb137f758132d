import {
  DeleteOutlined,
  DownloadOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Empty, List, Popconfirm, Upload } from 'antd';
import { errorDetail, errorMessage } from '../../../../api/client';
import { attachmentUrl, useDeleteAttachment, useUploadAttachment } from '../../../../api/hooks';
import type { MeetingAttachment } from '../../../../api/types';
import { fmtDateTime } from '../../../../format';
import { fileSize } from '../../orglife';

/** What the API accepts (it checks the content too). */
const ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx';

function FileIcon({ mime }: { mime: string }) {
  if (mime.startsWith('image/')) return <FileImageOutlined style={{ color: '#1677ff' }} />;
  if (mime === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (mime.includes('word') || mime.includes('document'))
    return <FileWordOutlined style={{ color: '#2f54eb' }} />;
  return <FileOutlined />;
}

/** 附件: photos and documents of the meeting; upload and delete while the record may be edited. */
export function Attachments({
  meetingId,
  items,
  editable,
}: {
  meetingId: number;
  items: MeetingAttachment[];
  editable: boolean;
}) {
  const upload = useUploadAttachment(meetingId);
  const remove = useDeleteAttachment(meetingId);
  const { message } = App.useApp();
  const href = (a: MeetingAttachment) => attachmentUrl(meetingId, a.id);

  return (
    <div data-testid="attachments">
      {editable ? (
        <Upload
          multiple
          accept={ACCEPT}
          showUploadList={false}
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const r = await upload.mutateAsync(file as File);
              onSuccess?.(r);
              message.success(`已上传：${(file as File).name}`);
            } catch (e) {
              onError?.(e as Error);
              message.error(`${(file as File).name}：${errorDetail(e)}`);
            }
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-upload">
            上传附件
          </Button>
          <span className="muted small" style={{ marginInlineStart: 8 }}>
            会议照片、签到表、材料等：图片、PDF、Word、Excel，单个不超过10MB
          </span>
        </Upload>
      ) : null}
      {items.length ? (
        <List<MeetingAttachment>
          size="small"
          style={{ marginTop: editable ? 12 : 0 }}
          dataSource={items}
          renderItem={(a) => (
            <List.Item
              data-testid="attachment-item"
              actions={[
                <a key="dl" href={href(a)} download={a.fileName} aria-label={`下载 ${a.fileName}`}>
                  <DownloadOutlined /> 下载
                </a>,
                editable ? (
                  <Popconfirm
                    key="del"
                    title="删除这个附件？"
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={async () => {
                      try {
                        await remove.mutateAsync(a.id);
                        message.success('已删除');
                      } catch (e) {
                        message.error(errorMessage(e));
                      }
                    }}
                  >
                    <Button type="link" danger size="small" icon={<DeleteOutlined />}>
                      删除
                    </Button>
                  </Popconfirm>
                ) : null,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                avatar={<FileIcon mime={a.mimeType} />}
                title={
                  <a href={href(a)} target="_blank" rel="noreferrer" data-testid="attachment-name">
                    {a.fileName}
                  </a>
                }
                description={
                  <span className="small">
                    {fileSize(a.size)} · {fmtDateTime(a.createdAt)}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      ) : editable ? null : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有附件" />
      )}
    </div>
  );
}
