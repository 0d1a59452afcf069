/**
 * Does a partner's page offer Bitrix24 implementation packages? Pure: the page's visible text in, a verdict out.
 * Matching is case-insensitive; «ё» counts as «е».
 */
export interface OfferCheck {
  mentionsBitrix24: boolean;
  mentionsPackages: boolean;
  /** Both of the above: the offer is published. */
  passes: boolean;
  /** What was found, as written on the page (configured phrases as configured). */
  matched: string[];
}

/** Битрикс24, Битрикс 24, Bitrix24, Bitrix 24 (also inside words and domains: mybitrix24.ru). */
const BITRIX24 = /(?:битрикс|bitrix)[\s\-‐‑–]?24/iu;
const IMPLEMENTATION = /(?<!\p{L})внедрени\p{L}*/iu;
const PACKAGE = /(?<!\p{L})пакет\p{L}*/iu;
const TARIFF = /(?<!\p{L})тариф\p{L}*/iu;

export function checkOffer(text: string, extraPhrases: readonly string[]): OfferCheck {
  const folded = fold(text);
  const matched: string[] = [];
  const find = (re: RegExp): boolean => {
    const m = re.exec(folded);
    // fold() keeps length, so the match's position is the same in the original text.
    if (m) matched.push(text.slice(m.index, m.index + m[0].length));
    return m !== null;
  };

  const mentionsBitrix24 = find(BITRIX24);
  const implementation = find(IMPLEMENTATION);
  const packageOrTariff = [find(PACKAGE), find(TARIFF)].some(Boolean);
  let phrase = false;
  for (const p of extraPhrases) {
    const needle = fold(p.replace(/\s+/g, ' ').trim());
    if (needle && folded.includes(needle)) {
      matched.push(p.trim());
      phrase = true;
    }
  }
  const mentionsPackages = (implementation && packageOrTariff) || phrase;
  return { mentionsBitrix24, mentionsPackages, passes: mentionsBitrix24 && mentionsPackages, matched };
}

/** Lower case, ё → е, whitespace runs kept at their length (one space each char) so indexes survive. */
function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const one = lower.length === ch.length ? lower : ch;
    out += one === 'ё' ? 'е' : /\s/.test(one) ? ' ' : one;
  }
  return out;
}
