/** The years a points page offers: this one and the four before. */
export function yearOptions(thisYear: number) {
  return Array.from({ length: 5 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }));
}

/** +3 / −2 / 0, with a real minus sign. */
export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

export const ENTRY_KIND_COLORS: Record<string, string> = {
  entry: 'blue',
  reversal: 'default',
  award: 'green',
  deduction: 'red',
};
