import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';

export interface LeadConsentRecord {
  leadId: string;
  status: string;
  publishedAt: Date;
  consent: { version: string; givenAt: Date; source: string };
}

/** The consent record stored with a lead, read without touching its contact columns. */
@Injectable()
export class LeadConsentQuery {
  constructor(private readonly db: TransactionRunner) {}

  async find(leadId: string): Promise<LeadConsentRecord | null> {
    const { rows } = await this.db.query<{
      id: string;
      status: string;
      published_at: Date;
      consent_version: string;
      consent_given_at: Date;
      consent_source: string;
    }>(
      `SELECT id, status, published_at, consent_version, consent_given_at, consent_source FROM leads.leads WHERE id = $1`,
      [leadId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      leadId: r.id,
      status: r.status,
      publishedAt: r.published_at,
      consent: { version: r.consent_version, givenAt: r.consent_given_at, source: r.consent_source },
    };
  }
}
