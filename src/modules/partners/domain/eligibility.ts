import { Eligibility, EligibilityRule, TakeStanding } from '../contract';
import { EffectiveRule, effectiveRule, RECOMMENDATIONS, RuleCheck, RuleName, RULES, StoredCheck } from './eligibility-rules';
import { ACTIONS_RU, agreementCheck, contractCheck, TITLES_RU } from './rule-checks';
import { Partner } from './partner';

/** Its failure has a code of its own (PD_AGREEMENT_REQUIRED): the cure is an acceptance in the app. */
export const PD_AGREEMENT_RULE = RULES.agreement;

/** Whether the partner's portal accepted the personal-data agreement version in effect. */
export interface PdAgreementFact {
  version: string;
  accepted: boolean;
}

export interface EligibilityInput {
  partner: Pick<Partner, 'contractStatus'>;
  /** null: no agreement version is in effect. */
  pdAgreement: PdAgreementFact | null;
  /** The audited rules as stored, one per audited rule (never audited: `notCheckedYet`). */
  audited: StoredCheck[];
  now: Date;
  graceMs: number;
  /** The rules that may refuse a take (ELIGIBILITY_RULES); recommendations never do. */
  enforced: ReadonlySet<string>;
}

/**
 * Business rule 1: eligible when every enforced rule passes. Contract and agreement are read
 * live; an audited rule counts as its last check, an unknown one as its previous decision for the
 * grace period (see effectiveRule).
 */
export function evaluateEligibility(input: EligibilityInput): Eligibility {
  const live: RuleCheck[] = [
    { rule: RULES.contract, checkedAt: input.now, ...contractCheck(input.partner.contractStatus) },
    { rule: RULES.agreement, checkedAt: input.now, ...agreementCheck(input.pdAgreement) },
  ];
  const effective: EffectiveRule[] = [
    ...live.map((c) => ({ ...c, effective: c.result as 'pass' | 'fail', graceUntil: null })),
    ...input.audited.map((c) => effectiveRule(c, input.now, input.graceMs)),
  ];
  const order: RuleName[] = [RULES.contract, RULES.offer, RULES.tariff, RULES.app, RULES.agreement, RULES.openLines];
  const rules = effective
    .sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule))
    .map((r) => toView(r, input.enforced.has(r.rule) && !RECOMMENDATIONS.includes(r.rule)));
  return { eligible: rules.every((r) => r.passed || !r.blocking), rules };
}

function toView(r: EffectiveRule, blocking: boolean): EligibilityRule {
  const passed = r.effective === 'pass';
  const kept = r.result === 'unknown' && r.graceUntil ? ` До ${moscowTime(r.graceUntil)} действует прежний результат.` : '';
  return {
    rule: r.rule,
    result: r.result,
    passed,
    blocking,
    title: TITLES_RU[r.rule],
    reasonRu: r.reasonRu + kept,
    actionRu: passed && r.result !== 'unknown' ? null : ACTIONS_RU[r.rule],
    reason: r.reasonEn,
    reasonCode: r.reasonCode,
    evidence: r.evidence,
    checkedAt: r.checkedAt.toISOString(),
    graceUntil: r.result === 'unknown' && r.graceUntil ? r.graceUntil.toISOString() : null,
  };
}

export function takeStanding({ rules }: Eligibility): TakeStanding {
  return {
    eligible: rules.every((r) => r.passed || !r.blocking || r.rule === PD_AGREEMENT_RULE),
    agreementAccepted: rules.every((r) => r.passed || r.rule !== PD_AGREEMENT_RULE),
  };
}

/** «5 декабря 2026 г., 14:00 МСК»: partners read the grace deadline in Moscow time, as Bitrix24's Russian support does. */
function moscowTime(at: Date): string {
  const text = new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Moscow' }).format(at);
  return `${text} МСК`;
}
