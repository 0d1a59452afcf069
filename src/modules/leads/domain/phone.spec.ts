import { toE164 } from './phone';

describe('toE164', () => {
  it.each(['8 (999) 123-45-67', '+7 999 1234567', '８９９９１２３４５６７', 'tel:+79991234567', '8\u00a0999\u00a0123\u00a045\u00a067', '89991234567'])(
    'reads %s as +79991234567',
    (raw) => expect(toE164(raw)).toBe('+79991234567'),
  );

  it.each(['', '12345', 'abc', '1'.repeat(1000), '+7 999 123-45-67 доб. 12'])('refuses %s', (raw) => {
    expect(toE164(raw)).toBeNull();
  });
});
