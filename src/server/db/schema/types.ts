import { customType } from 'drizzle-orm/pg-core';

/**
 * PostgreSQL `ltree`: an org's path of ancestor ids ("1.12.305"). Labels are integer ids, which
 * keeps paths valid on PostgreSQL 15 (no hyphens in labels before 16) and short.
 */
export const ltree = customType<{ data: string }>({
  dataType() {
    return 'ltree';
  },
});
