/** How values of a request read in Russian. */
import { plural, USERS } from './plural';

const SIZE_BANDS: Record<string, string> = {
  '1-10': '1–10 сотрудников',
  '11-50': '11–50 сотрудников',
  '51-250': '51–250 сотрудников',
  '251-1000': '251–1000 сотрудников',
  '1001+': 'более 1000 сотрудников',
};

export const SIZE_BAND_ORDER = ['1-10', '11-50', '51-250', '251-1000', '1001+'] as const;

/** '11-50' → «11–50 сотрудников»; an unknown band is shown with an en dash as it came. */
export function sizeBandLabel(band: string): string {
  return SIZE_BANDS[band] ?? `${band.replace('-', '–')} сотрудников`;
}

const PRODUCTS: Record<string, string> = { cloud: 'облако', box: 'коробка' };

/** cloud → «облако», box → «коробка». */
export function productLabel(product: string): string {
  return PRODUCTS[product] ?? product;
}

/** «25 пользователей». */
export function usersLabel(users: number): string {
  return plural(users, USERS);
}

/** «Москва, Москва» is said once; an empty city is left out. */
export function placeLabel(region: string, city: string | null | undefined): string {
  if (!city || city.trim() === '' || city === region) return region;
  return `${region}, ${city}`;
}

/** «свободно мест: 2 из 5» */
export function placesLabel(places: { free: number; total: number }): string {
  return `свободно мест: ${places.free} из ${places.total}`;
}

/** «Занято слотов: 2 из 3» */
export function slotsLabel(cap: { used: number; limit: number }): string {
  return `Занято слотов: ${cap.used} из ${cap.limit}`;
}

/** The path of a portal URL for openPath: 'https://x.bitrix24.ru/crm/deal/details/451/' → '/crm/deal/details/451/'. */
export function urlPath(url: string): string | null {
  const m = /^https?:\/\/[^/?#]+(\/[^#]*)?/i.exec(url.trim());
  if (!m) return null;
  const rest = m[1] ?? '/';
  return rest.startsWith('/') ? rest : `/${rest}`;
}
