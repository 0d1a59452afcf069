import { evaluateEligibility, takeStanding } from './eligibility';
import { AUDITED_RULES, notCheckedYet, recordCheck, RuleCheck, RULES, StoredCheck } from './eligibility-rules';
import { decodePlan, planAccepted } from './portal-plan';

const HOUR = 3_600_000;
const GRACE = 72 * HOUR;
const registered = new Date('2026-11-01T00:00:00Z');
const ALL = new Set([RULES.contract, RULES.offer, RULES.tariff, RULES.app, RULES.agreement]);

const check = (rule: RuleCheck['rule'], result: RuleCheck['result'], at: Date): RuleCheck => ({
  rule, result, reasonCode: result.toUpperCase(), reasonRu: `${rule} ${result}`, reasonEn: `${rule} ${result}`, evidence: {}, checkedAt: at,
});
const audited = (overrides: StoredCheck[] = []) =>
  AUDITED_RULES.map((rule) => overrides.find((c) => c.rule === rule) ?? recordCheck(null, check(rule, 'pass', registered)));

const evaluate = (now: Date, checks: StoredCheck[], extra: Partial<Parameters<typeof evaluateEligibility>[0]> = {}) =>
  evaluateEligibility({ partner: { contractStatus: 'active' }, pdAgreement: null, audited: checks, now, graceMs: GRACE, enforced: ALL, ...extra });

const rule = (e: ReturnType<typeof evaluate>, name: string) => e.rules.find((r) => r.rule === name)!;

describe('eligibility', () => {
  it('is eligible when every enforced rule passes, in the programme\'s order, Open Lines only as advice', () => {
    const openLinesOff = recordCheck(null, check(RULES.openLines, 'fail', registered));
    const e = evaluate(registered, audited([openLinesOff]));
    expect(e.eligible).toBe(true);
    expect(e.rules.map((r) => r.rule)).toEqual(['CONTRACT_ACTIVE', 'OFFER_PUBLISHED', 'CRM_TARIFF_OK', 'APP_INSTALLED', 'PD_AGREEMENT_ACCEPTED', 'OPEN_LINES_ENABLED']);
    expect(rule(e, RULES.openLines)).toMatchObject({ result: 'fail', passed: false, blocking: false, actionRu: expect.stringContaining('Открытые линии') });
  });

  it('a failing rule refuses, with the reason in both languages and what to do', () => {
    const e = evaluateEligibility({ partner: { contractStatus: 'blocked' }, pdAgreement: null, audited: audited(), now: registered, graceMs: GRACE, enforced: ALL });
    expect(e.eligible).toBe(false);
    expect(rule(e, RULES.contract)).toMatchObject({
      result: 'fail', passed: false, blocking: true, reasonCode: 'CONTRACT_BLOCKED',
      reasonRu: 'Партнёрский лицензионный договор заблокирован.', reason: 'The partner licence contract is blocked.', actionRu: expect.any(String),
    });
    expect(takeStanding(e)).toEqual({ eligible: false, agreementAccepted: true });
  });

  it('an agreement not accepted has its own answer, apart from the other rules', () => {
    const e = evaluate(registered, audited(), { pdAgreement: { version: '2026-02', accepted: false } });
    expect(rule(e, RULES.agreement)).toMatchObject({ result: 'fail', reasonRu: expect.stringContaining('2026-02') });
    expect(takeStanding(e)).toEqual({ eligible: true, agreementAccepted: false });
  });

  it('an unknown keeps the previous result for the grace period, then counts as a fail', () => {
    const passed = recordCheck(null, check(RULES.tariff, 'pass', registered));
    const unreachable = new Date(registered.getTime() + 24 * HOUR);
    const stillUnknown = recordCheck(recordCheck(passed, check(RULES.tariff, 'unknown', unreachable)), check(RULES.tariff, 'unknown', new Date(unreachable.getTime() + HOUR)));
    expect(stillUnknown.unknownSince).toEqual(unreachable);

    const within = evaluate(new Date(unreachable.getTime() + 71 * HOUR), audited([stillUnknown]));
    expect(within.eligible).toBe(true);
    expect(rule(within, RULES.tariff)).toMatchObject({ result: 'unknown', passed: true, graceUntil: new Date(unreachable.getTime() + GRACE).toISOString() });

    const after = evaluate(new Date(unreachable.getTime() + 73 * HOUR), audited([stillUnknown]));
    expect(after.eligible).toBe(false);
    expect(rule(after, RULES.tariff)).toMatchObject({ result: 'unknown', passed: false });

    // A previous fail is kept just the same.
    const failed = recordCheck(recordCheck(null, check(RULES.tariff, 'fail', registered)), check(RULES.tariff, 'unknown', unreachable));
    expect(evaluate(unreachable, audited([failed])).eligible).toBe(false);
    // A decided check ends the grace clock.
    expect(recordCheck(stillUnknown, check(RULES.tariff, 'pass', unreachable)).unknownSince).toBeNull();
  });

  it('a partner never audited is not refused during the grace period from its registration', () => {
    const fresh = AUDITED_RULES.map((r) => notCheckedYet(r, registered));
    expect(evaluate(new Date(registered.getTime() + HOUR), fresh).eligible).toBe(true);
    const late = evaluate(new Date(registered.getTime() + 80 * HOUR), fresh);
    expect(late.eligible).toBe(false);
    expect(rule(late, RULES.offer)).toMatchObject({ reasonCode: 'NOT_CHECKED_YET', passed: false });
  });

  it('a rule left out of ELIGIBILITY_RULES is shown but never refuses', () => {
    const noSite = recordCheck(null, check(RULES.offer, 'fail', registered));
    const e = evaluate(registered, audited([noSite]), { enforced: new Set([RULES.contract, RULES.agreement]) });
    expect(e.eligible).toBe(true);
    expect(rule(e, RULES.offer)).toMatchObject({ passed: false, blocking: false });
  });
});

describe('the portal plan, as app.info gives it', () => {
  const accepted = ['nfr', 'company*'];
  it.each([
    [{ license: 'ru_nfr', licenseType: 'nfr', licensePrevious: null }, 'nfr', true],
    [{ license: 'ru_company', licenseType: 'company', licensePrevious: null }, 'company', true],
    [{ license: 'ru_company3', licenseType: 'company3', licensePrevious: null }, 'company3', true],
    [{ license: 'ru_basic', licenseType: 'basic', licensePrevious: null }, 'basic', false],
    [{ license: 'ru_project', licenseType: 'project', licensePrevious: null }, 'project', false],
    [{ license: 'ru_demo', licenseType: 'demo', licensePrevious: 'company' }, 'company', true],
    [{ license: 'ru_demo', licenseType: 'demo', licensePrevious: 'ru_basic' }, 'basic', false],
  ])('%j is %s (accepted: %s)', (fields, plan, ok) => {
    const decoded = decodePlan(fields);
    expect(decoded.plan).toBe(plan);
    expect(planAccepted(decoded.plan!, accepted)).toBe(ok);
  });

  it('a box is LICENSE ending in _selfhosted, with no type; LICENSE_FAMILY is not read', () => {
    expect(decodePlan({ license: 'ru_selfhosted', licenseType: null, licensePrevious: null })).toEqual({ plan: null, box: true, demoOf: null });
    expect(decodePlan({ license: 'ru_demo', licenseType: 'demo', licensePrevious: 'company2' })).toEqual({ plan: 'company2', box: false, demoOf: 'company2' });
  });
});
