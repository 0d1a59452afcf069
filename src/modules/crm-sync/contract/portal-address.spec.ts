import { portalAddress } from './portal-address';

describe('portalAddress', () => {
  it.each([
    ['Acme.Bitrix24.RU', 'acme.bitrix24.ru'],
    ['acme.bitrix24.ru.', 'acme.bitrix24.ru'],
    ['https://acme.bitrix24.ru/crm/deal/details/5/', 'acme.bitrix24.ru'],
    ['crm.example.ru:8443', 'crm.example.ru:8443'],
    ['https://CRM.example.ru:8443/rest/', 'crm.example.ru:8443'],
    ['https://crm.example.ru:443/', 'crm.example.ru'],
    ['http://crm.example.ru:80/', 'crm.example.ru'],
    ['http://crm.example.ru:8080', 'crm.example.ru:8080'],
    ['  portal.example.org  ', 'portal.example.org'],
  ])('names %j as %j', (input, expected) => {
    expect(portalAddress(input)).toBe(expected);
  });

  it.each(['', 'not a domain', 'localhost', 'ftp://crm.example.ru', 'https://user:pw@crm.example.ru', 'crm..example.ru', '-a.example.ru'])(
    'names no portal for %j',
    (input) => {
      expect(portalAddress(input)).toBeNull();
    },
  );
});
