/**
 * The derived part of the hours ledger: class credits (from the learning module's completed
 * classes) and external credits (from approved external study), recomputed idempotently for a
 * set of members, and the members' yearly progress rows rewritten from the ledger. Online credits
 * are added beat by beat (service.ts) and never touched here.
 */
import type { Tx } from '../../db/client.js';
import type { WorkTx } from '../../lib/unit-of-work.js';
import { completedClassesOf } from '../learning/index.js';
import * as repo from './repo.js';

/** Members per batch: one recomputation's queries stay bounded on a big touch (an import). */
const BATCH = 2000;

/**
 * Brings the class and external credits of the members in line with their sources: inserts what
 * is missing, deletes what no longer holds (a class no longer completed, a record rejected or
 * deleted), updates what changed; then rewrites their progress rows. A second run changes nothing.
 * Answers the number of credit rows written or deleted.
 */
export async function recomputeCredits(tx: Tx, memberIds: readonly number[]): Promise<number> {
  let changed = 0;
  const unique = [...new Set(memberIds)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const ids = unique.slice(i, i + BATCH);
    const [classes, external, existing] = await Promise.all([
      completedClassesOf(tx, ids),
      repo.approvedExternal(tx, ids),
      repo.derivedCredits(tx, ids),
    ]);
    const want = new Map<
      string,
      { memberId: number; source: string; sourceId: number; creditedOn: string; seconds: number }
    >();
    const key = (m: number, s: string, id: number, d: string) => `${m}|${s}|${id}|${d}`;
    for (const c of classes) {
      want.set(key(c.memberId, 'class', c.classId, c.endsOn), {
        memberId: c.memberId,
        source: 'class',
        sourceId: c.classId,
        creditedOn: c.endsOn,
        seconds: c.creditSeconds,
      });
    }
    for (const e of external) {
      want.set(key(e.memberId, 'external', e.id, e.studiedOn), {
        memberId: e.memberId,
        source: 'external',
        sourceId: e.id,
        creditedOn: e.studiedOn,
        seconds: e.seconds,
      });
    }
    const gone: number[] = [];
    for (const c of existing) {
      const k = key(c.memberId, c.source, c.sourceId, c.creditedOn);
      const w = want.get(k);
      if (!w) gone.push(c.id);
      else {
        if (w.seconds !== c.seconds) {
          await repo.updateCreditSeconds(tx, c.id, w.seconds);
          changed++;
        }
        want.delete(k);
      }
    }
    await repo.deleteCredits(tx, gone);
    await repo.insertCredits(tx, [...want.values()]);
    changed += gone.length + want.size;
    await repo.refreshProgress(tx, ids);
  }
  return changed;
}

/**
 * The listener of `learning` (class rosters, attendance, classes changed) and `members`
 * (transfers move the progress rows, a member who left): the members of the touched branches are
 * recomputed, and the change is passed on as `hours` for the points module.
 */
export async function onTouched(tx: Tx, orgIds: number[]): Promise<void> {
  const memberIds = await repo.membersOf(tx, orgIds);
  if (!memberIds.length) return;
  const changed = await recomputeCredits(tx, memberIds);
  // The listener's tx is the unit of work's own (lib/unit-of-work.ts marks the raw transaction).
  const work = tx as Partial<WorkTx>;
  if (changed && typeof work.touch === 'function') work.touch('hours', orgIds);
}
