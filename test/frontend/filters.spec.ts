import {
  emptyFilter,
  filterFromQuery,
  filterToQuery,
  isFilterEmpty,
  leadsSearch,
  sameFilter,
} from '../../src/frontend/src/logic/filters';
import { placeLabel, placesLabel, productLabel, sizeBandLabel, slotsLabel, urlPath, usersLabel } from '../../src/frontend/src/logic/format';
import { appendPage, capReached, mergeFirstPage } from '../../src/frontend/src/logic/leads';
import { parseLaunchContext, parseSession, renewDelayMs } from '../../src/frontend/src/logic/launch';
import type { Lead } from '../../src/frontend/src/logic/types';

describe('filter in the URL', () => {
  it('reads the query', () => {
    expect(filterFromQuery({})).toEqual(emptyFilter());
    expect(filterFromQuery({ region: 'Москва', product: 'box', sizeBand: ['11-50', '1-10'], industry: '', other: 'x' })).toEqual({
      region: 'Москва',
      industry: null,
      sizeBand: '11-50',
      product: 'box',
    });
    expect(filterFromQuery({ region: null, industry: '  ' })).toEqual(emptyFilter());
  });

  it('writes the query with only the set keys', () => {
    expect(filterToQuery({ region: 'Москва', industry: null, sizeBand: '', product: 'cloud' })).toEqual({
      region: 'Москва',
      product: 'cloud',
    });
    expect(filterToQuery(emptyFilter())).toEqual({});
  });

  it('round-trips', () => {
    const f = { region: 'Санкт-Петербург', industry: 'Розница', sizeBand: '1001+', product: 'box' };
    expect(filterFromQuery(filterToQuery(f))).toEqual(f);
    expect(sameFilter(f, filterFromQuery(filterToQuery(f)))).toBe(true);
    expect(sameFilter(f, { ...f, product: 'cloud' })).toBe(false);
    expect(isFilterEmpty(emptyFilter())).toBe(true);
    expect(isFilterEmpty(f)).toBe(false);
  });

  it('builds the API search', () => {
    expect(leadsSearch({ region: 'Москва', sizeBand: '1001+' }, 20)).toBe(
      'region=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0&sizeBand=1001%2B&limit=20',
    );
    expect(leadsSearch(emptyFilter(), 20, 'abc=')).toBe('limit=20&cursor=abc%3D');
  });
});

describe('request values in Russian', () => {
  it('labels sizes, products, users, places', () => {
    expect(sizeBandLabel('1-10')).toBe('1–10 сотрудников');
    expect(sizeBandLabel('251-1000')).toBe('251–1000 сотрудников');
    expect(sizeBandLabel('1001+')).toBe('более 1000 сотрудников');
    expect(productLabel('cloud')).toBe('облако');
    expect(productLabel('box')).toBe('коробка');
    expect(usersLabel(25)).toBe('25 пользователей');
    expect(placesLabel({ free: 2, total: 5 })).toBe('свободно мест: 2 из 5');
    expect(slotsLabel({ used: 2, limit: 3 })).toBe('Занято слотов: 2 из 3');
    expect(placeLabel('Татарстан', 'Казань')).toBe('Татарстан, Казань');
    expect(placeLabel('Москва', 'Москва')).toBe('Москва');
  });

  it('takes the path of a deal URL', () => {
    expect(urlPath('https://integrator.bitrix24.ru/crm/deal/details/451/')).toBe('/crm/deal/details/451/');
    expect(urlPath('https://x.ru/crm/deal/details/1/?a=1#h')).toBe('/crm/deal/details/1/?a=1');
    expect(urlPath('/relative')).toBeNull();
  });
});

describe('list merging', () => {
  const lead = (id: string): Lead =>
    ({ id, places: { free: 1, total: 1 } }) as unknown as Lead;

  it('puts unseen requests on top and keeps the rest', () => {
    const r = mergeFirstPage([lead('b'), lead('a')], [lead('c'), lead('b')]);
    expect(r.items.map((l) => l.id)).toEqual(['c', 'b', 'a']);
    expect(r.added).toEqual(['c']);
    expect(appendPage([lead('b')], [lead('b'), lead('a')]).map((l) => l.id)).toEqual(['b', 'a']);
  });

  it('knows the cap', () => {
    expect(capReached({ used: 3, limit: 3 })).toBe(true);
    expect(capReached({ used: 2, limit: 3 })).toBe(false);
    expect(capReached(null)).toBe(false);
  });
});

describe('launch context', () => {
  it('reads the context', () => {
    const ctx = parseLaunchContext(
      JSON.stringify({
        view: 'list',
        partnerName: 'ООО Интегратор',
        portal: 'integrator.bitrix24.ru',
        user: { id: '1', name: 'Иван Петров' },
        dealId: null,
        claimId: null,
        agreement: { version: 'pd-2026-02', text: 'Текст', ticket: null },
      }),
    );
    expect(ctx).toEqual({
      view: 'list',
      partnerName: 'ООО Интегратор',
      portal: 'integrator.bitrix24.ru',
      user: { id: '1', name: 'Иван Петров' },
      dealId: null,
      claimId: null,
      agreement: { version: 'pd-2026-02', text: 'Текст', ticket: null },
      sessionExpiresAt: null,
    });
    expect(parseLaunchContext('{"view":"deal-tab","dealId":451,"claimId":"u","user":{"id":1,"name":null},"agreement":{"version":"v","text":null,"ticket":"t"}}')).toMatchObject({
      user: { id: '1', name: null },
      view: 'deal-tab',
      dealId: '451',
      claimId: 'u',
      agreement: { version: 'v', text: '', ticket: 't' },
    });
  });

  it('refuses what is not a context', () => {
    expect(parseLaunchContext(null)).toBeNull();
    expect(parseLaunchContext('')).toBeNull();
    expect(parseLaunchContext('{not json')).toBeNull();
    expect(parseLaunchContext('{"view":"other"}')).toBeNull();
    expect(parseSession('', '2026-01-01T00:00:00Z')).toBeNull();
    expect(parseSession('jwt', 'later')).toBeNull();
    expect(parseSession('jwt', '2026-01-01T00:00:00Z')).toEqual({ token: 'jwt', expiresAt: '2026-01-01T00:00:00Z' });
  });

  it('renews after 2/3 of the remaining life', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(renewDelayMs('2026-01-01T00:15:00Z', now)).toBe(600_000);
    expect(renewDelayMs('2025-12-31T00:00:00Z', now)).toBe(1000);
  });
});
