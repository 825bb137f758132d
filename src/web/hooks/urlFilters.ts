/**
 * A list page's filters and paging as they stand in its address: parsed with a zod object schema
 * (one field per query parameter) and written back as a patch. Pure, so the hook around it
 * (useUrlFilters.ts) stays thin and this part is unit-tested.
 */
import { z } from 'zod';

/** The page size the lists use by default; it is left out of the address when unchanged. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Field schemas for query parameters. Each takes the raw string (or undefined when absent) and is
 * optional, so a value that does not parse is dropped (the field falls back to its default or to
 * undefined) instead of failing the page.
 */
export const param = {
  /** A whole number ≥ 0: ids, years, decades. */
  int: () =>
    z
      .string()
      .regex(/^\d+$/)
      .transform((v) => Number(v))
      .optional(),
  /** A year of this century (2001–2099): a calendar's year. */
  year: () =>
    z
      .string()
      .regex(/^\d{4}$/)
      .transform((v) => Number(v))
      .refine((y) => y > 2000 && y < 2100)
      .optional(),
  /** A page number or size: a whole number ≥ 1. */
  positive: () =>
    z
      .string()
      .regex(/^[1-9]\d*$/)
      .transform((v) => Number(v))
      .optional(),
  /** Free text such as a search; the empty string counts as absent. */
  text: () => z.string().min(1).optional(),
  /** A calendar date, YYYY-MM-DD. */
  date: () =>
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  /** A month, YYYY-MM. */
  month: () =>
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
  /** One of a closed set of codes (an enum); anything else is dropped. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional(),
  /** An on/off switch written as `=true`; absent (or anything else) is off. */
  flag: () =>
    z
      .literal('true')
      .transform(() => true)
      .optional()
      .default(false),
};

/** `current` and `pageSize` of a server-paged list (page 1 and the default size when absent). */
export const paging = {
  current: param.positive().default(1),
  pageSize: param.positive().default(DEFAULT_PAGE_SIZE),
};

// biome-ignore lint/suspicious/noExplicitAny: any object schema; its fields are read one by one
export type FilterSchema = z.ZodObject<any>;

/** A value written into the address: undefined, null, '' and false remove the parameter. */
export type FilterValue = string | number | boolean | null | undefined;

/** A change to the filters: the schema's keys only, so a misspelt parameter is a type error. */
export type FilterPatch<S extends FilterSchema> = { [K in keyof z.output<S>]?: FilterValue };

/** The filters read from the address, field by field: a bad value falls back to the field's default. */
export function parseFilters<S extends FilterSchema>(schema: S, params: URLSearchParams): z.output<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse(params.get(key) ?? undefined);
    out[key] = parsed.success ? parsed.data : field.safeParse(undefined).data;
  }
  return out as z.output<S>;
}

/**
 * The address after a change: parameters outside the patch are kept (the page's other state, such
 * as a tab), empty values are removed, and a filter change goes back to page 1 (`current` is
 * dropped unless the patch sets it or `keepPage` is asked for).
 */
export function patchParams(
  params: URLSearchParams,
  patch: Record<string, FilterValue>,
  options: { keepPage?: boolean } = {},
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '' || value === false) next.delete(key);
    else next.set(key, String(value));
  }
  if (!options.keepPage && !('current' in patch)) next.delete('current');
  return next;
}
