import { Partner } from './partner';

export interface EligibilityRule {
  rule: string;
  passed: boolean;
  reason: string;
}

export interface Eligibility {
  eligible: boolean;
  rules: EligibilityRule[];
}

/**
 * Business rule 1, as far as the registry knows today: the contract must be active. The website
 * offer, CRM tariff and app-installation rules join this list when their audits exist.
 */
export function evaluateEligibility(partner: Pick<Partner, 'contractStatus'>): Eligibility {
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
  return { eligible: rules.every((r) => r.passed), rules };
}
