import type { ProgressBasisDto } from '../../../shared/contracts/progress';

/** 学时 of seconds, one decimal (the server's own figure: secondsPerHour comes with every answer). */
export const hoursText = (seconds: number, basis: Pick<ProgressBasisDto, 'secondsPerHour'>) =>
  `${(Math.round((seconds / basis.secondsPerHour) * 10) / 10).toLocaleString('zh-CN')}`;

export const percentText = (rate: number | null) =>
  rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;

export const STANDING_COLORS = { met: 'green', on_pace: 'blue', behind: 'orange', none: 'red' } as const;

/** The years a page offers: this one and the four before. */
export function yearOptions(thisYear: number) {
  return Array.from({ length: 5 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }));
}

export function basisText(b: ProgressBasisDto) {
  const mins = b.secondsPerHour / 60;
  return `${b.year}年目标：党员${b.memberTargetHours}学时，书记和班子成员${b.leaderTargetHours}学时（每学时${mins}分钟）；截至${b.on}，全年已过${Math.round(b.elapsed * 100)}%，进度按目标乘以已过比例计算。`;
}
