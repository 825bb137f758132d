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
