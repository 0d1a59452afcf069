/** Russian plurals through Intl.PluralRules('ru'). */

const rules = new Intl.PluralRules('ru');

/** Word forms for 1, 2 and 5: ['заявка', 'заявки', 'заявок']. */
export type Forms = readonly [one: string, few: string, many: string];

/** The form of the word that goes with n: pluralForm(21, заявка…) → 'заявка'. */
export function pluralForm(n: number, forms: Forms): string {
  switch (rules.select(n)) {
    case 'one':
      return forms[0];
    case 'few':
      return forms[1];
    case 'many':
      return forms[2];
    default:
      // 'other' is for fractions: 1,5 заявки
      return forms[1];
  }
}

/** '5 заявок', '21 заявка', '3 заявки'. */
export function plural(n: number, forms: Forms): string {
  return `${n} ${pluralForm(n, forms)}`;
}

/**
 * The genitive after «из»: «из 1 заявки», «из 21 заявки», «из 3 заявок», «из 5 заявок».
 * After «из» the noun is genitive singular for numbers ending in 1 (but not 11) and genitive plural otherwise.
 */
export function ofCount(n: number, genitive: readonly [singular: string, plural: string]): string {
  return `${n} ${rules.select(n) === 'one' ? genitive[0] : genitive[1]}`;
}

export const LEADS: Forms = ['заявка', 'заявки', 'заявок'];
export const LEADS_GENITIVE = ['заявки', 'заявок'] as const;
export const USERS: Forms = ['пользователь', 'пользователя', 'пользователей'];
export const DAYS: Forms = ['день', 'дня', 'дней'];
export const PLACES: Forms = ['место', 'места', 'мест'];
/** Accusative: «через 1 секунду», «через 3 секунды», «через 5 секунд». */
export const SECONDS_ACCUSATIVE: Forms = ['секунду', 'секунды', 'секунд'];

/** «В работе 3 из 3 заявок: закройте одну из сделок, чтобы взять новую». */
export function capReachedText(used: number, limit: number): string {
  return `В работе ${used} из ${ofCount(limit, LEADS_GENITIVE)}: закройте одну из сделок, чтобы взять новую`;
}

/** «25 пользователей». */
export function usersText(n: number): string {
  return plural(n, USERS);
}

/** «в работе 3 дня»; less than a day is «в работе меньше дня». */
export function daysInWorkText(days: number): string {
  return days < 1 ? 'в работе меньше дня' : `в работе ${plural(days, DAYS)}`;
}
