import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('password hashes', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('Lantern-river-27');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword('Lantern-river-27', stored)).toBe(true);
    expect(await verifyPassword('Lantern-river-28', stored)).toBe(false);
  });

  it('refuses corrupt or extravagant stored values without hashing them', async () => {
    for (const stored of [
      '',
      'plain',
      '$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
      'scrypt$1073741824$8$1$c2FsdA==$a2V5',
    ]) {
      expect(await verifyPassword('x', stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });
});
