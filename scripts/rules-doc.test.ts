import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from './rules-doc.js';

describe('docs/rules.md', () => {
  it('is current with the rule catalog (run npm run docs:rules)', () => {
    const onDisk = readFileSync(path.join(import.meta.dirname, '../docs/rules.md'), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
    expect(onDisk).toContain('branch.minFullMembers');
  });
});
