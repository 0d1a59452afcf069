import { cellValue, contractStatusOf, registryField } from './registry-row';

describe('registry row', () => {
  it('knows the columns by English field name or Russian header, whatever the case and spaces', () => {
    expect(registryField('contractNumber')).toBe('contractNumber');
    expect(registryField(' CONTRACT_NUMBER ')).toBe('contractNumber');
    expect(registryField('Номер  договора')).toBe('contractNumber');
    expect(registryField('страница предложения')).toBe('offerPageUrl');
    expect(registryField('ЛИМИТ ЗАЯВОК')).toBe('claimCap');
    expect(registryField('ИНН')).toBeNull();
  });

  it('maps contract statuses in either language and leaves others for validation', () => {
    expect(contractStatusOf('Действует')).toBe('active');
    expect(contractStatusOf('заблокирован')).toBe('blocked');
    expect(contractStatusOf(' РАСТОРГНУТ ')).toBe('terminated');
    expect(contractStatusOf('Blocked')).toBe('blocked');
    expect(contractStatusOf('suspended')).toBe('suspended');
    expect(contractStatusOf(5)).toBe(5);
  });

  it('reads cells: empty cap and portal are none, a cap in digits a number', () => {
    expect(cellValue('claimCap', '')).toBeNull();
    expect(cellValue('claimCap', ' 7 ')).toBe(7);
    expect(cellValue('claimCap', '2.5')).toBe('2.5');
    expect(cellValue('portalDomain', ' ')).toBeNull();
    expect(cellValue('name', '  ООО Ромашка ')).toBe('ООО Ромашка');
  });
});
