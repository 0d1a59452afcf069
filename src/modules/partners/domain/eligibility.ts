import { Eligibility, EligibilityRule, TakeStanding } from '../contract';
import { Partner } from './partner';

/** Its failure has a code of its own (PD_AGREEMENT_REQUIRED): the cure is an acceptance in the app. */
export const PD_AGREEMENT_RULE = 'pd_agreement_accepted';

/** Whether the partner's portal accepted the personal-data agreement version in effect. */
export interface PdAgreementFact {
  version: string;
  accepted: boolean;
}

/**
 * Business rule 1, as far as the registry knows today: the contract must be active, and once an
 * agreement version is published (`pdAgreement` given), the partner's portal must have accepted
 * the version in effect. The website offer and CRM tariff rules join this list when their audits exist.
 */
export function evaluateEligibility(partner: Pick<Partner, 'contractStatus'>, pdAgreement?: PdAgreementFact | null): Eligibility {
  const rules: EligibilityRule[] = [contractRule(partner.contractStatus)];
  if (pdAgreement) rules.push(agreementRule(pdAgreement));
  return { eligible: rules.every((r) => r.passed || !r.blocking), rules };
}

const CONTRACT_STATUS_RU: Record<string, string> = { active: 'действует', blocked: 'заблокирован', terminated: 'расторгнут' };

function contractRule(status: string): EligibilityRule {
  const passed = status === 'active';
  return {
    rule: 'contract_active',
    result: passed ? 'pass' : 'fail',
    passed,
    blocking: true,
    title: 'Партнёрский договор',
    reasonRu: `Партнёрский лицензионный договор ${CONTRACT_STATUS_RU[status] ?? status}.`,
    actionRu: passed ? null : 'Свяжитесь с менеджером партнёрской программы Битрикс24, чтобы возобновить договор.',
    reason: passed ? 'The partner licence contract is active.' : `The partner licence contract is ${status}.`,
  };
}

function agreementRule({ version, accepted }: PdAgreementFact): EligibilityRule {
  return {
    rule: PD_AGREEMENT_RULE,
    result: accepted ? 'pass' : 'fail',
    passed: accepted,
    blocking: true,
    title: 'Соглашение об обработке персональных данных',
    reasonRu: accepted
      ? `Портал принял соглашение версии ${version}.`
      : `Действует соглашение версии ${version}, а портал его ещё не принял.`,
    actionRu: accepted ? null : 'Администратор портала должен открыть приложение и принять соглашение.',
    reason: accepted
      ? `The partner's Bitrix24 portal accepted personal-data agreement ${version}.`
      : `The personal-data agreement ${version} is in effect and the partner's Bitrix24 portal has not accepted it: ` +
        'a portal administrator must open the app and accept it.',
  };
}

export function takeStanding({ rules }: Eligibility): TakeStanding {
  return {
    eligible: rules.every((r) => r.passed || !r.blocking || r.rule === PD_AGREEMENT_RULE),
    agreementAccepted: rules.every((r) => r.passed || r.rule !== PD_AGREEMENT_RULE),
  };
}
