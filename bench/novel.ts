/**
 * A generated novel for the speed figures: deterministic (a seeded generator), the shape of a real one —
 * chapters with headings, narrative paragraphs of 80–400 characters, dialogue on its own lines in
 * “…” with ，。！？…… — and a realistic character repertoire: a Zipf-like draw over the 20,902 CJK
 * Unified Ideographs, so a million characters use about 4,000 distinct ones, as long Chinese novels do.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN_FIRST = 0x4e00;
const HAN_COUNT = 20902;

export function generateNovel(chars: number, chapters = 120, seed = 1): string {
  const r = rng(seed);
  // a fixed random order of the ideographs, then a Zipf-like rank: rank = floor(N^u) - 1 favours the first ones
  const order = Array.from({ length: HAN_COUNT }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const han = (): string => {
    const rank = Math.min(HAN_COUNT - 1, Math.floor(Math.exp(r() * Math.log(6000))) - 1);
    return String.fromCodePoint(HAN_FIRST + (order[rank] as number));
  };
  const clause = (): string => {
    let s = '';
    const n = 3 + Math.floor(r() * 12);
    for (let i = 0; i < n; i++) s += han();
    return s;
  };
  const sentence = (): string => {
    let s = clause();
    while (r() < 0.55) s += (r() < 0.8 ? '，' : '、') + clause();
    return s + (r() < 0.85 ? '。' : r() < 0.5 ? '！' : '？');
  };
  const paragraph = (): string => {
    if (r() < 0.3) return `“${clause()}${r() < 0.5 ? '，' + clause() : ''}${['！', '？', '。', '……'][Math.floor(r() * 4)]}”`;
    let p = '';
    const target = 80 + Math.floor(r() * 320);
    while (p.length < target) p += sentence();
    return p;
  };
  const perChapter = Math.floor(chars / chapters);
  const out: string[] = ['---', 'title: 长篇小说', 'lang: zh-CN', '---', ''];
  for (let c = 1; c <= chapters; c++) {
    out.push(`## 第${c}章　${clause().slice(0, 6)}`, '');
    let n = 0;
    while (n < perChapter) {
      const p = paragraph();
      n += p.length;
      out.push(p, '');
    }
  }
  return out.join('\n');
}
