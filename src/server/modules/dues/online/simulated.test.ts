import { describe, expect, it } from 'vitest';
import {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  SimulatedProvider,
  signedNotice,
  simulatedSecret,
  TIMESTAMP_HEADER,
  verifyNotice,
} from './simulated.js';

const SECRET = 'a-secret-of-the-simulated-provider-000';
const AT = new Date('2026-11-23T04:00:00Z');
const notice = {
  orderNo: 'DO1234567890',
  txnId: 'SIM0001',
  amountFen: 3000,
  paidAt: AT.toISOString(),
  tradeState: 'SUCCESS' as const,
};

describe('the simulated provider’s signature', () => {
  it('verifies what it signed, reading the order, transaction, amount, nonce and timestamp', () => {
    const s = signedNotice(SECRET, notice, AT, 'nonce-0001');
    expect(verifyNotice(SECRET, s.body, s.headers)).toEqual({
      ok: true,
      orderNo: 'DO1234567890',
      txnId: 'SIM0001',
      amountFen: 3000,
      paidAt: AT,
      nonce: 'nonce-0001',
      timestamp: AT.getTime() / 1000,
    });
  });

  it('refuses another key, a changed body, timestamp or nonce, and a missing signature', () => {
    const s = signedNotice(SECRET, notice, AT, 'nonce-0001');
    const outcome = (body: string, headers: Record<string, string>, secret = SECRET) => {
      const v = verifyNotice(secret, body, headers);
      return v.ok ? 'ok' : v.outcome;
    };
    expect(outcome(s.body, s.headers, 'another-secret-another-secret-0000')).toBe('bad_signature');
    expect(outcome(s.body.replace('3000', '300'), s.headers)).toBe('bad_signature');
    // Whitespace is part of the signed bytes: a re-serialised body does not verify.
    expect(outcome(JSON.stringify(JSON.parse(s.body), null, 1), s.headers)).toBe('bad_signature');
    expect(
      outcome(s.body, { ...s.headers, [TIMESTAMP_HEADER]: String(Number(s.headers[TIMESTAMP_HEADER]) + 1) }),
    ).toBe('bad_signature');
    expect(outcome(s.body, { ...s.headers, [NONCE_HEADER]: 'nonce-0002' })).toBe('bad_signature');
    const { [SIGNATURE_HEADER]: _, ...unsigned } = s.headers;
    expect(outcome(s.body, unsigned)).toBe('bad_signature');
    expect(outcome(s.body, { ...s.headers, [SIGNATURE_HEADER]: 'zz' })).toBe('bad_signature');
    expect(outcome(s.body, { ...s.headers, [TIMESTAMP_HEADER]: 'yesterday' })).toBe('malformed');
  });

  it('refuses a signed body that is not a payment notice, keeping what it claimed for the log', () => {
    const s = signedNotice(SECRET, { ...notice, amountFen: 1.5 } as never, AT, 'nonce-0003');
    const v = verifyNotice(SECRET, s.body, s.headers);
    expect(v).toMatchObject({ ok: false, outcome: 'malformed', orderNo: 'DO1234567890', txnId: 'SIM0001' });
  });

  it('takes the configured secret, or derives a stable one from the deployment key', () => {
    expect(simulatedSecret({ paymentSimulatedSecret: SECRET }, () => Buffer.alloc(32))).toBe(SECRET);
    const a = simulatedSecret({ paymentSimulatedSecret: undefined }, () => Buffer.alloc(32, 1));
    expect(a).toBe(simulatedSecret({ paymentSimulatedSecret: undefined }, () => Buffer.alloc(32, 1)));
    expect(a).not.toBe(simulatedSecret({ paymentSimulatedSecret: undefined }, () => Buffer.alloc(32, 2)));
  });
});

describe('the simulated provider', () => {
  it('opens the cashier with the order’s token only, pays once, and closes what expired', async () => {
    let now = AT;
    const p = new SimulatedProvider(SECRET, () => now);
    const { payUrl } = await p.createPayment({
      orderNo: 'DO1',
      amountFen: 1500,
      description: '党费 2026-11',
      expiresAt: new Date(AT.getTime() + 30 * 60_000),
    });
    const token = new URL(payUrl, 'http://x').searchParams.get('token') as string;
    expect(p.checkToken('DO1', token)).toBe(true);
    expect(p.checkToken('DO1', `${token.slice(0, -1)}x`)).toBe(false);
    expect(p.checkToken('DO2', token)).toBe(false);
    const sent: string[] = [];
    const notify = async (body: string, headers: Record<string, string>) => {
      sent.push(body);
      expect(verifyNotice(SECRET, body, headers).ok).toBe(true);
      return { status: 200, body: { code: 'SUCCESS' as const, message: '成功' } };
    };
    const first = await p.pay('DO1', true, notify);
    const again = await p.pay('DO1', true, notify);
    // Paid once; a second press re-sends the same transaction (a provider's retry).
    expect(again?.order.txnId).toBe(first?.order.txnId);
    expect(sent.map((b) => JSON.parse(b).txnId)).toEqual([first?.order.txnId, first?.order.txnId]);
    expect(await p.queryOrder('DO1')).toMatchObject({ status: 'paid', amountFen: 1500 });
    await p.createPayment({
      orderNo: 'DO3',
      amountFen: 1500,
      description: '',
      expiresAt: new Date(AT.getTime() + 60_000),
    });
    now = new Date(AT.getTime() + 120_000);
    expect((await p.queryOrder('DO3')).status).toBe('closed');
    expect((await p.pay('DO3', true, notify))?.order.status).toBe('closed');
    expect(await p.queryOrder('DO9')).toEqual({ status: 'unknown' });
  });
});
