import { FIELD_LABELS } from '../../../../shared/contracts/common';
import type { MemberEvent } from '../../../api/types';
import { leaveReasonLabel, memberCategoryLabel, memberEventLabel, memberStatusLabel } from '../../../labels';

/** What a status the member entered is called as an event (a member reads 转为流动党员, not 状态变更). */
export const STATUS_EVENT_TITLES: Record<string, string> = {
  active: '恢复在册',
  mobile: '转为流动党员',
  lost_contact: '失去联系',
  left: '出党',
  deceased: '去世',
};

/**
 * The title of each event, read against the one before it: a `status_changed` event records the
 * status and category after the change, so a confirmation (预备党员 → 正式党员) is told from a return
 * to 在册 by the previous category. Titles the kind (登记入册, 信息修改…) otherwise.
 */
export function eventTitles(events: MemberEvent[]): Map<number, string> {
  const titles = new Map<number, string>();
  let category: unknown;
  let status: unknown = 'active';
  const ordered = [...events].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  for (const e of ordered) {
    const d = e.data ?? {};
    let title = memberEventLabel(e.kind);
    if (e.kind === 'status_changed') {
      if (d.decision === 'cancel') title = '取消预备党员资格';
      else if (d.category === 'full' && (category === 'probationary' || d.decision === 'confirm'))
        title = '转为正式党员';
      else if (d.status && d.status !== status) title = STATUS_EVENT_TITLES[String(d.status)] ?? title;
    }
    titles.set(e.id, title);
    if (d.category) category = d.category;
    if (d.status) status = d.status;
  }
  return titles;
}

export function eventDetail(e: MemberEvent, title: string): string {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'registered':
      return `登记为${memberCategoryLabel(String(d.category ?? ''))}`;
    case 'transferred':
      return d.letterNumber ? `介绍信编号：${String(d.letterNumber)}` : '组织关系转入本组织';
    case 'status_changed':
      if (title === '转为正式党员') return '预备期满，转为正式党员';
      if (d.status === 'left' && d.leaveReason) return `出党方式：${leaveReasonLabel(String(d.leaveReason))}`;
      return [
        d.status ? `状态：${memberStatusLabel(String(d.status))}` : null,
        d.category ? `类别：${memberCategoryLabel(String(d.category))}` : null,
      ]
        .filter(Boolean)
        .join('；');
    default: {
      const fields = Object.keys(d)
        .filter((k) => k !== 'status' && k !== 'category' && FIELD_LABELS[k])
        .map((k) => FIELD_LABELS[k]);
      return fields.length ? `修改了：${fields.join('、')}` : '—';
    }
  }
}
