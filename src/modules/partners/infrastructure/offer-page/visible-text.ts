import { createHash } from 'node:crypto';

/**
 * The text a visitor sees on a page, for the offer check and for noticing that a page changed.
 * Not an HTML parser: good enough for matching phrases, never used to render anything.
 */
export function visibleText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ');
  // Elements whose content is never shown; an unclosed one hides the rest of the document.
  s = s.replace(/<(script|style|noscript|template)\b(?:"[^"]*"|'[^']*'|[^'">])*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
  s = s
    .replace(/<![^>]*>|<\?[^>]*>/g, ' ')
    // Inline elements do not separate words ("вне<b>дрение</b>"); every other tag does.
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:"[^"]*"|'[^']*'|[^'">])*>/g, (_tag, name: string) =>
      INLINE.has(name.toLowerCase()) ? '' : ' ');
  return normaliseText(decodeEntities(s));
}

/** sha256 (hex) of the normalised visible text. */
export function textHash(text: string): string {
  return createHash('sha256').update(normaliseText(text), 'utf8').digest('hex');
}

/** NFC, invisible characters dropped, every run of whitespace (nbsp included) one space, trimmed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);

const NAMED: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", laquo: '«', raquo: '»', ldquo: '“',
  rdquo: '”', bdquo: '„', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', hellip: '…', minus: '−', shy: '\u00ad',
  copy: '©', reg: '®', trade: '™', deg: '°', times: '×', nbhy: '\u2011', thinsp: '\u2009', ensp: '\u2002',
  emsp: '\u2003', zwj: '\u200d', zwnj: '\u200c', middot: '·', bull: '•', euro: '€', rub: '₽', numero: '№',
};

function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex as string, 16);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[(name as string).toLowerCase()] ?? NAMED[name as string] ?? whole;
  });
}
