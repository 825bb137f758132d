import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Tooltip } from 'antd';
import { useState } from 'react';
import type { ParamsIn, QueryIn, RouteContract } from '../../shared/contracts/route';
import { ApiError, errorMessage, type QueryValue } from '../api/client';
import { urlOf } from '../api/contract';

export const EXPORT_TOOLTIP = '导出当前筛选结果（含水印，操作将被记录）';

/** The file name of a download from its Content-Disposition (RFC 5987 `filename*` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * A list screen's filters as they stand in its address (paging left out): for pages whose filters
 * all live in the address, so a filter added to the page is exported without touching the button.
 */
export function addressFilters(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (k !== 'current' && k !== 'pageSize' && v !== '') out[k] = v;
  return out;
}

interface ExportButtonProps<C extends RouteContract>
  extends Omit<ButtonProps, 'onClick' | 'loading' | 'href'> {
  /** The export's contract, e.g. `exportsApi.members` (a GET answering a file). */
  contract: C;
  /** The path's parameters, for a contract that has them (`/api/orgs/:id/report`). */
  params?: ParamsIn<C>;
  /**
   * Exactly the filters the list screen sends to its list route (paging left out), by the names
   * of the contract's query; the values as the screen holds them (the server parses them).
   */
  query?: { [K in keyof QueryIn<C>]?: QueryValue };
  /** Used when the answer names no file. */
  fallbackName?: string;
  label?: string;
  testId?: string;
}

/**
 * 导出: downloads what the list shows under its current filters as .xlsx. The server audits and
 * watermarks every export; the button only fetches the file (with the session cookie), names it
 * from Content-Disposition and shows a Chinese error if the export is refused or fails.
 */
export function ExportButton<C extends RouteContract & { method: 'GET' }>({
  contract,
  params,
  query,
  fallbackName = '导出.xlsx',
  label = '导出',
  testId = 'export-button',
  ...buttonProps
}: ExportButtonProps<C>) {
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);

  const download = async () => {
    setLoading(true);
    try {
      let response: Response;
      try {
        const url = urlOf(contract, { params, query } as { params?: ParamsIn<C>; query?: QueryIn<C> });
        response = await fetch(url, { credentials: 'same-origin' });
      } catch {
        throw new ApiError(0, null);
      }
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new ApiError(response.status, body);
      }
      const blob = await response.blob();
      const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Give the browser time to start the download before the blob goes.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      message.success(`已导出：${name}`);
    } catch (error) {
      message.error(`导出失败：${errorMessage(error)}`);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Tooltip title={EXPORT_TOOLTIP}>
      <Button
        icon={<DownloadOutlined />}
        loading={loading}
        onClick={download}
        data-testid={testId}
        {...buttonProps}
      >
        {loading ? '正在导出…' : label}
      </Button>
    </Tooltip>
  );
}
