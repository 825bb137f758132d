// The sealing primitives of pii.ts are hand-assembled for speed (HMAC from its padded keys, SM4-CTR
// from a kept ECB context): they must give OpenSSL's bytes exactly, or values sealed before them
// (and by the app on other runtimes) would no longer unseal.
import { createCipheriv, createHmac, getCiphers, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { primitivesForTest } from './pii.js';

const { hmac, sm4Ctr } = primitivesForTest;
const SM = getCiphers().includes('sm4-ctr');

describe('sealing primitives', () => {
  it('HMAC-SHA-256 and HMAC-SM3 equal createHmac for keys of every length and split messages', () => {
    for (const suite of SM ? (['s1', 'a1'] as const) : (['a1'] as const)) {
      const alg = suite === 's1' ? 'sm3' : 'sha256';
      for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 100]) {
        const key = randomBytes(keyLength);
        for (const parts of [
          [],
          ['a'],
          ['s1|3', '\0', randomBytes(16), randomBytes(18)],
          ['党员', randomBytes(200)],
        ]) {
          const expected = createHmac(alg, key);
          for (const p of parts) expected.update(p);
          expect(hmac(suite, key, ...parts).equals(expected.digest())).toBe(true);
        }
        // A second call reuses the key's pads.
        expect(hmac(suite, key, 'x').equals(createHmac(alg, key).update('x').digest())).toBe(true);
      }
    }
  });

  it.runIf(SM)('SM4-CTR equals OpenSSL sm4-ctr, across blocks and a counter that carries', () => {
    const key = randomBytes(32);
    const ivs = [
      randomBytes(16),
      Buffer.alloc(16, 0xff),
      Buffer.concat([randomBytes(8), Buffer.alloc(8, 0xff)]),
    ];
    for (const iv of ivs) {
      for (const n of [0, 1, 11, 16, 17, 18, 32, 33, 100]) {
        const text = randomBytes(n);
        const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
        const expected = Buffer.concat([c.update(text), c.final()]);
        const got = sm4Ctr(key, iv, text);
        expect(got.equals(expected)).toBe(true);
        // CTR is its own inverse: the same call decrypts, on the same kept context.
        expect(sm4Ctr(key, iv, got).equals(text)).toBe(true);
      }
    }
  });
});
