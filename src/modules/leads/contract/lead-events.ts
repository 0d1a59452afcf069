import { DomainEvent } from '../../../shared/events/domain-event';
import { ErasureReason } from './lead-types';

export type LeadPublished = DomainEvent<'lead.published', { leadId: string; publishedAt: string; expiresAt: string }>;
export type LeadWithdrawn = DomainEvent<'lead.withdrawn', { leadId: string; withdrawnAt: string; reason: string | null }>;
export type LeadExpired = DomainEvent<'lead.expired', { leadId: string; expiredAt: string }>;
/** The lead's contacts were destroyed; partners who received them must delete their copies. */
export type LeadErased = DomainEvent<'lead.erased', { leadId: string; erasedAt: string; reason: ErasureReason }>;
