import { describe, expect, it } from 'vitest';
import { statementNames } from './cache-statements.js';

describe('statementNames', () => {
  it('names a data statement from its second use on, always by the same name', () => {
    const names = statementNames({ minUses: 2, maxNames: 10, maxTracked: 10 });
    const text = 'select id from orgs where id = $1';
    expect(names.nameFor(text)).toBeUndefined();
    const name = names.nameFor(text);
    expect(name).toMatch(/^jc_[0-9a-f]{20}$/);
    expect(names.nameFor(text)).toBe(name);
    expect(names.nameFor('select id from orgs where id = $2')).toBeUndefined();
    expect(names.nameFor('select id from orgs where id = $2')).not.toBe(name);
  });

  it('leaves transaction control and the like unnamed', () => {
    const names = statementNames({ minUses: 1, maxNames: 10, maxTracked: 10 });
    for (const t of ['begin', 'commit', 'rollback', 'savepoint sp1', 'listen x', 'set local x = 1'])
      expect(names.nameFor(t)).toBeUndefined();
    for (const t of ['select 1', ' WITH a as (select 1) select * from a', 'insert into t values ($1)'])
      expect(names.nameFor(t)).toBeDefined();
  });

  it('names no more than its bound, and forgets one-off texts beyond its tracking bound', () => {
    const names = statementNames({ minUses: 2, maxNames: 2, maxTracked: 3 });
    for (const t of ['select 1', 'select 2', 'select 3']) {
      names.nameFor(t);
      names.nameFor(t);
    }
    expect(names.named).toBe(2);
    expect(names.nameFor('select 3')).toBeUndefined();
    const many = statementNames({ minUses: 2, maxNames: 100, maxTracked: 3 });
    for (let i = 0; i < 10; i++) many.nameFor(`select ${i}`);
    // The first texts were forgotten when the tracking bound was reached: their next use counts as a first.
    expect(many.nameFor('select 0')).toBeUndefined();
    expect(many.nameFor('select 9')).toBeDefined();
  });
});
