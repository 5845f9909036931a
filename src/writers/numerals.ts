/** Chinese numerals for list markers: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五; 0 and ≥ 10000 stay digits. */
const DIGITS = '〇一二三四五六七八九';

export function cjkNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 10000) return String(n);
  const d = (k: number): string => DIGITS[k] ?? '';
  const th = Math.floor(n / 1000);
  const h = Math.floor(n / 100) % 10;
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  let s = '';
  if (th) s += `${d(th)}千`;
  if (h) s += `${d(h)}百`;
  else if (th && (t || u)) s += '零';
  if (t) s += n < 20 ? '十' : `${d(t)}十`;
  else if ((th || h) && u) s += s.endsWith('零') ? '' : '零';
  if (u) s += d(u);
  return s;
}

/** The marker of item `n` of an ordered list: "3." or "三、". */
export function orderedMarker(n: number, cjk: boolean): string {
  return cjk ? `${cjkNumeral(n)}、` : `${n}.`;
}
