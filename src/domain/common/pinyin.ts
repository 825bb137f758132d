/**
 * Search keys for Chinese names, stored beside the name so that 张三丰 is found by typing
 * `zhangsanfeng` or `zsf` (how people search with a pinyin keyboard and no IME at hand).
 *
 * Person names use pinyin-pro's surname mode: many surnames read differently from the same character
 * elsewhere (单 shan not dan, 曾 zeng not ceng, 解 xie not jie, 尉迟 yuchi), and a search key in the
 * wrong reading is a member nobody can find. Organization names do not start with a surname, so they
 * use ordinary reading (长安街 is chang'an, not zhang'an).
 */
import { pinyin } from 'pinyin-pro';

export interface NameSearchKeys {
  /** Full pinyin without tones or spaces, lower case: 'zhangsanfeng'. ü is written v ('lv'), as typed. */
  pinyin: string;
  /** First letters of each syllable: 'zsf'. Runs of Latin letters and digits are kept whole. */
  initials: string;
}

/** Only letters and digits survive, lower-cased: spaces and punctuation (·, -, ) are not typed in a search. */
const clean = (parts: string[]) =>
  parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function nameSearchKeys(name: string, options: { surname?: boolean } = {}): NameSearchKeys {
  // NFKC folds full-width letters and digits (ＡＢ１) into ASCII before conversion.
  const text = name.normalize('NFKC').trim();
  if (!text) return { pinyin: '', initials: '' };
  const common = {
    toneType: 'none',
    type: 'array',
    v: true,
    // Keeps 'CBD' or '12' as one item, so its initials are the whole run rather than 'c'.
    nonZh: 'consecutive',
    surname: options.surname ? 'head' : 'off',
  } as const;
  return {
    pinyin: clean(pinyin(text, common)),
    initials: clean(pinyin(text, { ...common, pattern: 'first' })),
  };
}

/** Keys for a person's name: the first character(s) are read as a surname. */
export function personNameKeys(name: string): NameSearchKeys {
  return nameSearchKeys(name, { surname: true });
}

/** Keys for an organization's name: ordinary reading throughout. */
export function orgNameKeys(name: string): NameSearchKeys {
  return nameSearchKeys(name, { surname: false });
}
