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
  const contractActive = partner.contractStatus === 'active';
  const rules: EligibilityRule[] = [
    {
      rule: 'contract_active',
      passed: contractActive,
      reason: contractActive
        ? 'The partner licence contract is active.'
        : `The partner licence contract is ${partner.contractStatus}.`,
    },
  ];
  if (pdAgreement) {
    rules.push({
      rule: PD_AGREEMENT_RULE,
      passed: pdAgreement.accepted,
      reason: pdAgreement.accepted
        ? `The partner's Bitrix24 portal accepted personal-data agreement ${pdAgreement.version}.`
        : `The personal-data agreement ${pdAgreement.version} is in effect and the partner's Bitrix24 portal has not accepted it: ` +
          'a portal administrator must open the app and accept it.',
    });
  }
  return { eligible: rules.every((r) => r.passed), rules };
}

export function takeStanding({ rules }: Eligibility): TakeStanding {
  return {
    eligible: rules.every((r) => r.passed || r.rule === PD_AGREEMENT_RULE),
    agreementAccepted: rules.every((r) => r.passed || r.rule !== PD_AGREEMENT_RULE),
  };
}
