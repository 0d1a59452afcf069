import { evaluateEligibility, PD_AGREEMENT_RULE } from './eligibility';

describe('eligibility', () => {
  it('has no agreement rule while no agreement version is in effect', () => {
    expect(evaluateEligibility({ contractStatus: 'active' }, null)).toEqual({
      eligible: true,
      rules: [expect.objectContaining({ rule: 'contract_active', passed: true })],
    });
  });

  it('requires the portal to have accepted the version in effect', () => {
    const missing = evaluateEligibility({ contractStatus: 'active' }, { version: '2026-02', accepted: false });
    expect(missing.eligible).toBe(false);
    expect(missing.rules[1]).toEqual({
      rule: PD_AGREEMENT_RULE,
      result: 'fail',
      passed: false,
      blocking: true,
      title: 'Соглашение об обработке персональных данных',
      reasonRu: expect.stringContaining('2026-02'),
      actionRu: expect.stringContaining('принять соглашение'),
      reason: expect.stringContaining('2026-02'),
    });
    expect(evaluateEligibility({ contractStatus: 'active' }, { version: '2026-02', accepted: true }).eligible).toBe(true);
  });
});
