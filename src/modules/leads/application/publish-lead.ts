import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LeadsConfig } from '../leads.config';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { Consent, Lead } from '../domain/lead';
import { Company, Contact, Need } from '../contract';
import { LeadPublished } from '../contract';
import { LeadRepository } from '../infrastructure/lead.repository';

export interface LeadIntake {
  company: Company;
  need: Need;
  contact: Contact;
  consent: { version: string; givenAt: string; source: string };
}

const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class PublishLead {
  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly config: LeadsConfig,
  ) {}

  /**
   * A second open request for the same phone or e-mail is refused (409 CONFLICT naming the open
   * lead) rather than merged: the intake decides whether to withdraw the first one. Leads that are
   * closed or erased do not count, so the same customer can ask again later.
   */
  async execute(intake: LeadIntake): Promise<Lead> {
    const now = this.clock.now();
    const lead: Lead = {
      id: randomUUID(),
      status: 'open',
      company: intake.company,
      need: intake.need,
      contact: { ...intake.contact, email: intake.contact.email.toLowerCase() },
      consent: this.consent(intake.consent, now),
      publishedAt: now,
      expiresAt: new Date(now.getTime() + this.config.LEAD_TTL_DAYS * DAY_MS),
      closedAt: null,
    };
    const event: LeadPublished = domainEvent(
      'lead.published',
      { leadId: lead.id, publishedAt: now.toISOString(), expiresAt: lead.expiresAt.toISOString() },
      now,
    );
    await this.db.run(async (tx) => {
      const duplicate = await this.leads.findOpenDuplicate(tx, lead.contact, now);
      if (duplicate) {
        throw new DomainError('CONFLICT', `An open request with the same phone or e-mail already exists: lead ${duplicate}.`);
      }
      await this.leads.insert(tx, lead);
      await this.events.publish(tx, [event]);
    });
    return lead;
  }

  /** A consent dated in the future cannot have been given: refuse rather than publish without a basis. */
  private consent(raw: LeadIntake['consent'], now: Date): Consent {
    const givenAt = new Date(raw.givenAt);
    if (givenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new DomainError('VALIDATION_FAILED', 'The consent cannot be dated in the future.', [
        { field: 'consent.givenAt', message: 'givenAt is in the future' },
      ]);
    }
    return { version: raw.version, givenAt, source: raw.source };
  }
}
