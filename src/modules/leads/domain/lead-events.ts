import { DomainEvent } from '../../../shared/events/domain-event';

export type LeadPublished = DomainEvent<'lead.published', { leadId: string; publishedAt: string; expiresAt: string }>;
export type LeadWithdrawn = DomainEvent<'lead.withdrawn', { leadId: string; withdrawnAt: string; reason: string | null }>;
export type LeadExpired = DomainEvent<'lead.expired', { leadId: string; expiredAt: string }>;
