/**
 * The learning module's public surface: other modules import only this file.
 *
 * For the hours module (and progress, points):
 * - `visibleItemForMember(db, memberId, itemId, today)`: the item ({id, kind, lengthSeconds, orgId,
 *   title}) if the member may study it today (published, publishOn <= today, its org at or above
 *   the member's branch, audience matching the member's roles today), else null.
 * - `completedClassesOf(db, memberIds, year?)`: rows {memberId, classId, orgId, orgPath, endsOn,
 *   creditSeconds, kind} of the classes (not cancelled) each member completed by attendance;
 *   `year` filters by endsOn. Credit on endsOn. Changes are touched on topic 'learning' with the
 *   members' current branch ids.
 * - `memberFacts(db, memberId, today)`: the member's branch, path and audiences today (null if left).
 * - `memberFileUrl(itemId)`: the member's streaming URL of an item's file.
 */
export { memberFileUrl } from './items.js';
export {
  type CompletedClass,
  completedClassesOf,
  type MemberFacts,
  memberFacts,
  type VisibleItem,
  visibleItemForMember,
} from './visibility.js';
