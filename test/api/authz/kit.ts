/**
 * The authorization matrix's expectations, one entry per contract of API_CONTRACTS (keyed
 * `group.name`; the type below makes a missing entry a compile error and the test checks it again
 * at run time). An entry builds a schema-valid request aimed at a record on side A or B and names
 * the org whose subtree must hold the caller's scope (`org`), the member record the self-only
 * `member` role may reach (`member`), the org whose scope gives the authority to decide
 * (`authority`: the higher org that reviews, approves, confirms or receives), or the user who owns
 * the record (`owner`). The runner derives the expected answer from the contract's permission,
 * ROLE_PERMISSIONS and these; what a route answers beyond that is declared here, with the reason.
 *
 * Writes that change a record's state build a throwaway one per case (the factories of World),
 * so a success in one case never turns the next one into a false 404 or 409.
 */
import type { API } from '../../../src/shared/contracts/api.js';
import type { Side, World } from './fixture.js';

export interface Me {
  username: string | null;
  userId: number | null;
  memberId: number | null;
}

export interface Built {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** A multipart upload instead of a JSON body. */
  upload?: { fields: Record<string, string>; file: { name: string; content: Buffer } };
  org?: number;
  member?: number;
  authority?: number;
  owner?: number;
}

export interface Row {
  [key: string]: unknown;
}

export interface Spec {
  build: (w: World, s: Side, me: Me) => Built | Promise<Built>;
  /** The route names no record: one case per identity (side A's build). */
  one?: true;
  /** Expected when the record lies outside the scope (default 404). */
  out?: number[];
  /** Expected when the scope holds the record but not the authority (default 403). */
  noAuthority?: number[];
  /** Expected of a caller whose only grant of the permission is the self-only member role (default `out`). */
  selfOnly?: number[];
  /** Run after every other route (the route ends or changes the caller's session), in this order. */
  last?: number;
  /** What a public route answers everyone (default 2xx). */
  publicAnswer?: number[];
  /** Expected when the record is another user's (a proposal withdrawn by someone else; default 403). */
  notOwner?: number[];
  /** Statuses a valid in-scope request may also meet (a business rule), with the reason in a comment. */
  alsoOk?: number[];
  /** The rows of a 2xx answer whose org fields must lie in the caller's scope. */
  rows?: (body: unknown) => Row[];
  /** The fields of a row naming orgs; one of them in scope suffices (default orgId). */
  rowOrgs?: readonly string[];
  /** The orgs a row names when they are not plain fields (an account's roles). */
  rowOrgsOf?: (row: Row) => number[];
  /** A row's member id field, for the self-only scope (default none: such a caller sees no rows). */
  rowMember?: string;
  /** Waits before the request (an import's background check must be over: one at a time per subtree). */
  before?: (w: World) => Promise<void>;
  /** A login of its own (the route ends the session). */
  ownSession?: true;
  /** The route ends every session of the caller: the next case signs in again. */
  endsSessions?: true;
}

type Groups = typeof API;
export type ContractKey = { [G in keyof Groups]: `${G & string}.${keyof Groups[G] & string}` }[keyof Groups];

export const data = (b: unknown) => ((b as { data: Row[] }).data ?? []) as Row[];
export const list = (b: unknown) => b as Row[];
export const br = (w: World, s: Side) => w.side[s].branch;
/** A route aimed at the side's branch (params id). */
export const atBranch =
  (query?: Record<string, unknown>): Spec['build'] =>
  (w, s) => ({
    params: { id: br(w, s) },
    query,
    org: br(w, s),
  });
/** A list filtered to the side's branch. */
export const listAt =
  (extra: Record<string, unknown> = {}): Spec['build'] =>
  (w, s) => ({ query: { orgId: br(w, s), ...extra }, org: br(w, s) });
/** A member record of the side (memberA1's own on side A). */
export const atMember =
  (query?: Record<string, unknown>, body?: unknown): Spec['build'] =>
  (w, s) => ({ params: { id: w.side[s].member }, query, body, org: br(w, s), member: w.side[s].member });
export const none: Spec['build'] = () => ({});
export const nothing = { one: true, build: none } as const;
