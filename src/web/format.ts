import dayjs from 'dayjs';

/** Business dates come as `YYYY-MM-DD`; show them as they are, `—` when absent. */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return '—';
  return value.length > 10 ? value.slice(0, 10) : value;
}

/** Instants (ISO strings) shown in the browser's zone, to the second. */
export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : value;
}

export function toIsoDate(value: dayjs.Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

export function fromIsoDate(value: string | null | undefined): dayjs.Dayjs | undefined {
  return value ? dayjs(value) : undefined;
}

export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

export const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);

/** An instant as people say it: 刚刚, 5分钟前, 3小时前, 昨天 14:20, 11月2日 09:00, 2025-12-30. */
export function relativeTime(value: string | null | undefined, now: dayjs.Dayjs = dayjs()): string {
  if (!value) return '—';
  const d = dayjs(value);
  if (!d.isValid()) return value;
  const minutes = now.diff(d, 'minute');
  if (minutes < 1 && minutes > -1) return '刚刚';
  if (minutes > 0 && minutes < 60) return `${minutes}分钟前`;
  if (minutes > 0 && minutes < 6 * 60) return `${Math.floor(minutes / 60)}小时前`;
  if (d.isSame(now, 'day')) return `今天 ${d.format('HH:mm')}`;
  if (d.isSame(now.subtract(1, 'day'), 'day')) return `昨天 ${d.format('HH:mm')}`;
  if (d.isSame(now, 'year')) return d.format('M月D日 HH:mm');
  return d.format('YYYY-MM-DD');
}
