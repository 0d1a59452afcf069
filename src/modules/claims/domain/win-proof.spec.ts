import { DomainError } from '../../../shared/domain/domain-error';
import { winProof } from './win-proof';

describe('winProof', () => {
  it.each([
    ['https://Customer.Bitrix24.RU/crm/deal/details/1/', 'customer.bitrix24.ru'],
    ['customer.bitrix24.ru', 'customer.bitrix24.ru'],
    ['http://crm.company.com:8080', 'crm.company.com'],
    ['  portal.example.org.  ', 'portal.example.org'],
  ])('keeps %s as the host name %s', (input, host) => {
    expect(winProof({ portalAddress: input })).toEqual({ portalAddress: host, licenseKey: null });
  });

  it('accepts a box licence key instead of an address', () => {
    expect(winProof({ licenseKey: ' NFR-123-4567890 ' })).toEqual({ portalAddress: null, licenseKey: 'NFR-123-4567890' });
  });

  it.each([{}, { portalAddress: '' }, { portalAddress: 'localhost' }, { portalAddress: 'not a host' }, { licenseKey: 'short' }])(
    'refuses %j with WON_REQUIRES_PROOF',
    (input) => {
      expect(() => winProof(input)).toThrow(expect.objectContaining({ code: 'WON_REQUIRES_PROOF' }) as DomainError);
    },
  );
});
