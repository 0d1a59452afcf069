import { ruleState, needsOpenLinesCard, splitRules } from '../../src/frontend/src/logic/eligibility';
import {
  ACTIVE_CLAIM_HINT,
  awaitingProofText,
  claimStatusLabel,
  missingForWinText,
  takenByLabel,
} from '../../src/frontend/src/logic/status';
import type { Claim, EligibilityRule } from '../../src/frontend/src/logic/types';

const base: Claim = {
  id: 'c1',
  leadId: 'l1',
  status: 'active',
  takenAt: '2026-01-01T00:00:00Z',
  closedAt: null,
  closeReason: null,
  portalAddress: null,
  licenseKey: null,
  deal: { id: '451', url: 'https://p.bitrix24.ru/crm/deal/details/451/', deleted: false },
  takenBy: { userId: '7', name: 'Иван Петров' },
  awaitingProof: null,
};

describe('claim status labels', () => {
  it('labels each state', () => {
    expect(claimStatusLabel(base)).toBe('в работе');
    expect(claimStatusLabel({ ...base, status: 'won' })).toBe('выиграна');
    expect(claimStatusLabel({ ...base, status: 'lost' })).toBe('проиграна');
    expect(claimStatusLabel({ ...base, awaitingProof: { since: '2026-01-02T00:00:00Z', fieldLabel: 'Адрес портала' } })).toBe(
      'выиграна, но без адреса портала',
    );
    expect(claimStatusLabel({ ...base, deal: { ...base.deal!, deleted: true } })).toBe('сделка удалена');
    expect(claimStatusLabel({ ...base, deal: null })).toBe('в работе');
  });

  it('writes the awaiting-proof sentence', () => {
    const claim = { ...base, awaitingProof: { since: '2026-01-02T00:00:00Z', fieldLabel: 'Адрес портала' } };
    const text =
      'Сделка №451 выиграна, но поле «Адрес портала» не заполнено: впишите адрес портала клиента ' +
      '(например, company.bitrix24.ru) или ключ лицензии коробки — заявка закроется сама.';
    expect(awaitingProofText(claim)).toBe(text);
    expect(missingForWinText(claim)).toBe(text);
    expect(awaitingProofText(base)).toBeNull();
  });

  it('says what an active claim still needs', () => {
    expect(missingForWinText(base)).toBe(ACTIVE_CLAIM_HINT);
    expect(ACTIVE_CLAIM_HINT).toBe(
      'Чтобы заявка засчиталась, переведите сделку в успешную стадию и заполните поле «Адрес портала»',
    );
  });

  it('names the employee', () => {
    expect(takenByLabel(base.takenBy)).toBe('Иван Петров');
    expect(takenByLabel({ userId: '17', name: null })).toBe('сотрудник #17');
    expect(takenByLabel({ userId: '17', name: '  ' })).toBe('сотрудник #17');
    expect(takenByLabel(null)).toBeNull();
  });
});

describe('eligibility rules', () => {
  const rule = (over: Partial<EligibilityRule>): EligibilityRule => ({
    rule: 'certified',
    result: 'pass',
    passed: true,
    blocking: true,
    title: 'Сертификат',
    reasonRu: 'Есть',
    actionRu: null,
    reason: 'ok',
    ...over,
  });

  it('shows the state of each rule', () => {
    expect(ruleState(rule({})).label).toBe('выполнено');
    expect(ruleState(rule({ result: 'fail', passed: false })).label).toBe('не выполнено');
    expect(ruleState(rule({ result: 'unknown', passed: false })).label).toBe('не проверено');
  });

  it('splits recommendations off and knows about Open Lines', () => {
    const rules = [rule({}), rule({ rule: 'site', blocking: false })];
    expect(splitRules(rules).conditions).toHaveLength(1);
    expect(splitRules(rules).recommendations).toHaveLength(1);
    expect(needsOpenLinesCard(rules)).toBe(true);
    expect(needsOpenLinesCard([...rules, rule({ rule: 'OPEN_LINES_ENABLED', blocking: false })])).toBe(false);
    expect(needsOpenLinesCard([rule({ rule: 'open_lines_enabled' })])).toBe(false);
  });
});
