import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * E.164 form of a phone number as people type it in Russia: `8 (999) 123-45-67`,
 * `+7 999 1234567`, `tel:` links, non-breaking spaces, full-width digits. Numbers with an
 * extension or that no numbering plan knows are refused (null) rather than guessed at.
 */
export function toE164(raw: string): string | null {
  if (raw.length > 40) return null;
  const cleaned = raw
    .normalize('NFKC')
    .replace(/^tel:/i, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  const parsed = parsePhoneNumberFromString(cleaned, 'RU');
  if (!parsed || parsed.ext || !parsed.isValid()) return null;
  return parsed.number;
}
