import { DomainEvent } from '../../../shared/events/domain-event';

export type PortalInstalled = DomainEvent<'crm.portal-installed', { memberId: string; domain: string }>;
/** The portal was renamed: Bitrix24's OAuth server now names it by `to`. */
export type PortalMoved = DomainEvent<'crm.portal-moved', { memberId: string; from: string; to: string }>;
export type PortalUninstalled = DomainEvent<'crm.portal-uninstalled', { memberId: string; domain: string }>;
/** The deal for a claim exists in the partner's CRM. */
export type DealLinked = DomainEvent<'crm.deal-linked', { claimId: string; memberId: string; dealId: string; dealUrl: string }>;
/** The claim's deal reached a final stage. `proof` is the raw "Адрес портала" value for a win. */
export type DealStageChanged = DomainEvent<
  'crm.deal-stage-changed',
  { claimId: string; memberId: string; dealId: string; outcome: 'won' | 'lost'; proof: string | null }
>;
export type DealDeleted = DomainEvent<'crm.deal-deleted', { claimId: string; memberId: string; dealId: string }>;
