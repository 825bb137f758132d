/**
 * The append-only ledger's diff (pure): given what each source key has in the ledger now and what
 * the rules give it today, the rows to append so that every key's sum equals the desired value. A
 * key that grows (or first appears) gets an `entry`; a key that shrinks or is gone (a meeting record
 * deleted, an attendance corrected) gets a `reversal` of the difference. A key whose sign flips gets
 * both: the reversal of what it had, then an entry of what it has now. Keys of manual awards are not
 * the recomputation's: they are never in `current` here.
 */
import { pointSourceTitle } from './catalog.js';
import type { DesiredPoints } from './compute.js';

export interface CurrentKey {
  sourceKey: string;
  /** The rule of the key's latest entry. */
  rule: string;
  points: number;
  occurredOn: string;
}

export interface LedgerRow {
  sourceKey: string;
  rule: string;
  occurredOn: string;
  points: number;
  kind: 'entry' | 'reversal';
  note: string;
}

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);

export function ledgerDiff(
  current: ReadonlyMap<string, CurrentKey>,
  desired: ReadonlyMap<string, DesiredPoints>,
): LedgerRow[] {
  const out: LedgerRow[] = [];
  const keys = [...new Set([...current.keys(), ...desired.keys()])].sort();
  for (const key of keys) {
    const have = current.get(key);
    const want = desired.get(key);
    const had = have?.points ?? 0;
    const wanted = want?.points ?? 0;
    if (had === wanted) continue;
    const reverse = (amount: number, why: string) =>
      out.push({
        sourceKey: key,
        rule: want?.code ?? have?.rule ?? 'manual',
        occurredOn: have?.occurredOn ?? want?.occurredOn ?? '',
        points: amount,
        kind: 'reversal',
        note: clip(`冲回：${pointSourceTitle(have?.rule ?? want?.code ?? '')}（${why}）`),
      });
    const enter = (amount: number) => {
      if (!want) return;
      out.push({
        sourceKey: key,
        rule: want.code,
        occurredOn: want.occurredOn,
        points: amount,
        kind: 'entry',
        note: clip(`${pointSourceTitle(want.code)}：${want.note}`),
      });
    };
    if (had !== 0 && wanted !== 0 && Math.sign(had) !== Math.sign(wanted)) {
      reverse(-had, '记录已更正');
      enter(wanted);
    } else if (had === 0 || Math.abs(wanted) > Math.abs(had)) {
      enter(wanted - had);
    } else {
      reverse(wanted - had, wanted === 0 ? '来源记录已删除或不再计分' : '按规则重新计算');
    }
  }
  return out;
}
