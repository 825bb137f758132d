import type { Actor } from './actor.js';

/** What a service needs to know about the request: who, which request, and what day it is. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
  /** Today in Asia/Shanghai as YYYY-MM-DD. */
  today: string;
  now: Date;
}
