/**
 * The SMS provider of one-time codes (sign-in, password reset). A deployment plugs in its carrier's
 * gateway behind `SmsProvider`; the console provider is the demo's and the tests': it writes the
 * message to the server log with the phone masked (the log must never hold a phone: the logger
 * scrubs them and `npm run scan:logs` checks), and keeps the last messages in memory so that the
 * test harness reads a code in-process, never through an HTTP route.
 */
import type { FastifyBaseLogger } from 'fastify';
import { maskPhone } from '../../lib/pii.js';

export interface SmsProvider {
  readonly name: string;
  /** Sends `text` to `phone` (11 digits); rejects when the carrier refuses. */
  send(phone: string, text: string): Promise<void>;
}

export interface SentSms {
  /** As the log shows it: 138****5678. */
  phoneMasked: string;
  /** The full phone: the ring is in-process memory for tests and the demo, never logged. */
  phone: string;
  text: string;
  /** The six-digit code in the text. */
  code: string;
  at: Date;
}

const RING_SIZE = 50;
const ring: SentSms[] = [];

/** The console provider's latest messages, newest last (tests, and the demo's e2e journeys in-process). */
export const smsOutbox = {
  all: (): readonly SentSms[] => ring,
  /** The latest code sent to `phone`, if any. */
  lastCodeFor(phone: string): string | null {
    for (let i = ring.length - 1; i >= 0; i--) if (ring[i].phone === phone) return ring[i].code;
    return null;
  },
  clear: () => {
    ring.length = 0;
  },
};

export class ConsoleSmsProvider implements SmsProvider {
  readonly name = 'console';
  constructor(private readonly log: Pick<FastifyBaseLogger, 'info'>) {}

  async send(phone: string, text: string): Promise<void> {
    const code = /\d{6}/.exec(text)?.[0] ?? '';
    const phoneMasked = maskPhone(phone);
    ring.push({ phoneMasked, phone, text, code, at: new Date() });
    if (ring.length > RING_SIZE) ring.shift();
    // The line a demo operator reads the code from: masked phone, the code, nothing else.
    this.log.info(`sms.console phone=${phoneMasked} code=${code}`);
  }
}
