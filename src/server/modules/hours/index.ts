/**
 * The hours module's public surface: other modules import only this file.
 *
 * - `recomputeCredits(tx, memberIds)`: re-derives the class and external credits of the members
 *   and rewrites their `learning_progress` rows (idempotent; the seed and the listener use it).
 * - `refreshProgress(tx, memberIds)`: rewrites only the progress rows from the ledger.
 * - `creditRulesOf(rules)`: the crediting rules (heartbeat, gap, idle, daily cap) from the rules.
 * - `sha256`: how session tokens and device ids are hashed (seeds that write sessions).
 *
 * The tables it keeps, for readers (progress, points): `learning_credits` (one row per member and
 * online item and day, per completed class on its last day, per approved external record; org =
 * the member's branch on that day), `learning_progress` (member, year: seconds by source, total,
 * higher_classes), `study_sessions` / `study_beats` (the trace: beat verdicts, device_hash).
 */
export { recomputeCredits } from './credits.js';
export { refreshProgress } from './repo.js';
export { creditRulesOf, sha256 } from './service.js';
