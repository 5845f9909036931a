/**
 * Which legacy East Asian encoding a non-UTF-8 clipping is in.
 *
 * GB18030, Big5, Shift_JIS and EUC-KR overlap: most Big5 and EUC-KR byte strings are also valid GBK, so "the
 * first strict decoder that succeeds" would read every Taiwanese or Korean file as Chinese mojibake. Instead each
 * candidate that decodes strictly is scored by how much of its non-ASCII text is made of the language's most
 * common characters: the right decoding gives ordinary text (的, 這, の, 이 …), a wrong one gives rare characters.
 * Highest score wins; a tie goes to the earlier candidate (GB18030 first: it is what Chinese clippings mostly are).
 */

export type LegacyEncoding = 'gb18030' | 'big5' | 'shift_jis' | 'euc-kr';

export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = ['gb18030', 'big5', 'shift_jis', 'euc-kr'];

/** Frequent Han characters in both simplified and traditional text (their form is the same). */
const SHARED =
  '的一是不了人我在有他中大上个到和你地出也年得就那要下以生自去之家可她小心多天而能好都然日起成事只作想看文开手十用主行方又如前本公同三已老动长知民分外但身些高意把法此实回二理美月明其全工己者向情部正名定女力等很最新什打便位因重被走四第相次政海口使教西再平真世信北少由却代先山五太水市眼别才比住九笑性目立命活神件安表原白路期叫死常提感金何更反合放做计或司利光王果界及今京制解各任至清物台象共干接它八特望直服毛林建南度色字交百吃义科怎元社结六功指思非流每青管夫跟花快院言往展近留治周保武半候七必城父步完革深即求品士量空甚技程告江英基派式李息呢极令德收未持取始版史商千片容研像找友孩站改形委早房音火首器';
/** Frequent characters only in simplified form (GB text). */
const SIMPLIFIED =
  '这来国说们为时过学对里后么没于还发当无经头见从两样现将与进点种声话儿问机给几业间电门东听气关并内产万体处总场师书员华报马张难数车应边风战许觉题统请爱让认论义术联权该领传红决达办运转众轻语满写识黄脸钱党双历广议际则单导团';
/** Frequent characters only in traditional form (Big5 text). */
const TRADITIONAL =
  '這來國說們為時過學對裡後麼沒於還發當無經頭見從兩樣現將與進點種聲話兒問機給幾業間電門東聽氣關並內產萬體處總場師書員華報馬張難數車應邊風戰許覺題統請愛讓認論義術聯權該領傳紅決達辦運轉眾輕語滿寫識黃臉錢黨雙歷廣議際則單導團';
/** Frequent Hangul syllables. */
const HANGUL =
  '이의가에는을를하고다한지대로서사기수도자나인있어것들시그게아니리보해요우상정라전면일만주어제부마여거스회장위중되와성소국세경니었했할습니까우리우는오년월';

const HAN = new Set([...SHARED]);
const SETS: Readonly<Record<LegacyEncoding, (c: string) => boolean>> = {
  gb18030: (c) => HAN.has(c) || SIMPLIFIED.includes(c),
  big5: (c) => HAN.has(c) || TRADITIONAL.includes(c),
  // kana alone marks Japanese text; kanji as in Chinese
  shift_jis: (c) => /[\u3041-\u30ff]/u.test(c) || HAN.has(c),
  'euc-kr': (c) => HANGUL.includes(c),
};

/** Share (0–1) of the non-ASCII characters of `text` that are common in the language `encoding` is used for. */
export function plausibility(text: string, encoding: LegacyEncoding): number {
  let all = 0;
  let common = 0;
  const isCommon = SETS[encoding];
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80 || /[\s\u3000-\u303f\uff00-\uffef]/u.test(c)) continue; // punctuation says nothing
    all++;
    if (isCommon(c)) common++;
  }
  return all === 0 ? 0 : common / all;
}

/**
 * The best candidate among the strict decodings given (in LEGACY_ENCODINGS order), or undefined when none has
 * any common character: such bytes are not text in these languages. (That check also catches Node's Big5
 * decoder, which returns an empty string for some invalid input instead of throwing.)
 */
export function pickLegacy(decoded: ReadonlyMap<LegacyEncoding, string>): LegacyEncoding | undefined {
  let best: LegacyEncoding | undefined;
  let bestScore = 0;
  for (const enc of LEGACY_ENCODINGS) {
    const text = decoded.get(enc);
    if (text === undefined) continue;
    const s = plausibility(text, enc);
    if (s > bestScore) {
      best = enc;
      bestScore = s;
    }
  }
  return best;
}
