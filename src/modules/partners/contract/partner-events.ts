import { DomainEvent } from '../../../shared/events/domain-event';
import { Eligibility } from './eligibility';

export type PartnerEligibilityChanged = DomainEvent<
  'partner.eligibility-changed',
  { partnerId: string; eligible: boolean; rules: Eligibility['rules'] }
>;
