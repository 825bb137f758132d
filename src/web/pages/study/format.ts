/** Seconds as the member reads them: 45秒, 12分钟, 1小时5分钟 (whole minutes, rounded down). */
export function minutesText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分钟`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}小时${m % 60}分钟` : `${h}小时`;
}

/** 学时 with one decimal (the year's minutes per 学时). */
export const hoursText = (seconds: number, minutesPerHour: number) =>
  (Math.floor((seconds / 60 / minutesPerHour) * 10) / 10).toFixed(1).replace(/\.0$/, '');
