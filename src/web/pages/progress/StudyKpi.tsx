import { useMe } from '../../api/hooks';
import { useProgressSummary } from '../../api/progress';
import { fmt, Kpi, pct, rateColor } from '../dashboard/charts';
import { hoursText } from './common';

/**
 * The dashboard's study figure (学时达标率 of the subtree this year, with those behind, those with
 * no hours and the hours per member): the progress page's own summary, one request, shown only to
 * a user who may read learning (the card is absent otherwise, not an error).
 */
export function StudyKpi({ orgId }: { orgId: number }) {
  const { data: me } = useMe();
  const allowed = !!me?.permissions.includes('learning.read');
  const q = useProgressSummary(allowed ? orgId : undefined);
  if (!allowed) return null;
  const s = q.data?.org.id === orgId ? q.data : undefined;
  const t = s?.total;
  return (
    <Kpi
      testId="study"
      title={s ? `学时达标率（${s.basis.year}年）` : '学时达标率'}
      value={t ? pct(t.rate) : '—'}
      color={rateColor(t?.rate ?? null)}
      hint={
        t && s
          ? `落后 ${fmt(t.behind)} · 无学时 ${fmt(t.none)} · 人均 ${
              t.averageSeconds === null ? '—' : hoursText(t.averageSeconds, s.basis)
            } 学时`
          : q.isError
            ? '暂时无法读取'
            : '读取中'
      }
      to={`/progress?orgId=${orgId}`}
    />
  );
}
