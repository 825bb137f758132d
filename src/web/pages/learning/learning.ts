/** Labels and small helpers of the learning pages (学习资料, 培训班). */
import {
  AUDIENCE_LABELS,
  CLASS_KIND_LABELS,
  CLASS_STATUS_LABELS,
  ITEM_KIND_LABELS,
  ITEM_STATUS_LABELS,
  LEARNING_AUDIENCES,
} from '../../../shared/contracts/learning';

export { AUDIENCE_LABELS, CLASS_KIND_LABELS, CLASS_STATUS_LABELS, ITEM_KIND_LABELS, ITEM_STATUS_LABELS };

export const audienceOptions = LEARNING_AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }));

export const ITEM_STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  published: 'green',
  withdrawn: 'orange',
};
export const CLASS_STATUS_COLORS: Record<string, string> = {
  planned: 'blue',
  finished: 'green',
  cancelled: 'default',
};
export const ITEM_KIND_COLORS: Record<string, string> = {
  text: 'blue',
  pdf: 'purple',
  video: 'red',
  audio: 'gold',
};

/** 1小时05分, 12分, 45秒 */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}小时${m ? `${String(m).padStart(2, '0')}分` : ''}`;
  if (m) return `${m}分${s ? `${s}秒` : ''}`;
  return `${s}秒`;
}

/** 12.5 MB, 830 KB */
export function fileSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The running time of a chosen media file, read by the browser (null when it cannot tell). */
export function mediaDuration(file: File): Promise<number | null> {
  return new Promise((resolve) => {
    const el = document.createElement(file.type.startsWith('audio') ? 'audio' : 'video');
    const url = URL.createObjectURL(file);
    const done = (v: number | null) => {
      URL.revokeObjectURL(url);
      resolve(v);
    };
    el.preload = 'metadata';
    el.onloadedmetadata = () => done(Number.isFinite(el.duration) ? Math.round(el.duration) : null);
    el.onerror = () => done(null);
    setTimeout(() => done(null), 10_000);
    el.src = url;
  });
}
