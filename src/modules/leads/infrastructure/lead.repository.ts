import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { SqlConditions } from '../../../shared/database/sql-conditions';
import { Tx } from '../../../shared/database/tx';
import { Cursor } from '../../../shared/http/cursor';
import { LeadCatalog } from '../application/lead-catalog';
import { Disclosure, Lead, LeadStatus, PublicLead } from '../domain/lead';

interface PublicRow {
  id: string;
  status: LeadStatus;
  industry: string;
  size_band: Lead['company']['sizeBand'];
  region: string;
  city: string;
  product: Lead['need']['product'];
  users: number;
  description: string;
  published_at: Date;
  expires_at: Date;
  closed_at: Date | null;
}

export interface LeadFilter {
  region?: string;
  industry?: string;
  sizeBand?: string;
  product?: string;
}

const PUBLIC_COLUMNS = `id, status, industry, size_band, region, city, product, users, description,
  published_at, expires_at, closed_at`;

/** Plain SQL: the partner list is the hottest read and must not pay for entity hydration. */
@Injectable()
export class LeadRepository extends LeadCatalog {
  constructor(private readonly db: TransactionRunner) {
    super();
  }

  async insert(tx: Tx, lead: Lead): Promise<void> {
    await tx.query(
      `INSERT INTO leads.leads (id, status, company_name, industry, size_band, region, city, product, users,
         description, contact_name, contact_position, contact_phone, contact_email, consent_version,
         consent_given_at, consent_source, published_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        lead.id, lead.status, lead.company.name, lead.company.industry, lead.company.sizeBand, lead.company.region,
        lead.company.city, lead.need.product, lead.need.users, lead.need.description, lead.contact.name,
        lead.contact.position, lead.contact.phone, lead.contact.email, lead.consent.version, lead.consent.givenAt,
        lead.consent.source, lead.publishedAt, lead.expiresAt,
      ],
    );
  }

  /** Closes an open lead; null when there is no such lead, false when it was not open. */
  async close(tx: Tx, id: string, status: 'withdrawn', at: Date, reason: string | null): Promise<boolean | null> {
    const { rows } = await tx.query<{ status: LeadStatus }>(
      'SELECT status FROM leads.leads WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!rows[0]) return null;
    if (rows[0].status !== 'open') return false;
    await tx.query('UPDATE leads.leads SET status = $2, closed_at = $3, withdraw_reason = $4 WHERE id = $1', [
      id, status, at, reason,
    ]);
    return true;
  }

  /** Expires a batch of overdue leads; SKIP LOCKED lets several instances share the work. */
  async expireDue(tx: Tx, now: Date, batch: number): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE leads.leads SET status = 'expired', closed_at = $1
       WHERE id IN (SELECT id FROM leads.leads WHERE status = 'open' AND expires_at <= $1
                    ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, batch],
    );
    return rows.map((r) => r.id);
  }

  async listOpen(filter: LeadFilter, now: Date, after: Cursor | null, limit: number): Promise<PublicLead[]> {
    const conditions = new SqlConditions().add(`status = 'open'`).add('expires_at > ?', now);
    if (filter.region) conditions.add('region = ?', filter.region);
    if (filter.industry) conditions.add('industry = ?', filter.industry);
    if (filter.sizeBand) conditions.add('size_band = ?', filter.sizeBand);
    if (filter.product) conditions.add('product = ?', filter.product);
    if (after) conditions.add('(published_at, id) < (?, ?)', after.at, after.id);
    const { rows } = await this.db.query<PublicRow>(
      `SELECT ${PUBLIC_COLUMNS} FROM leads.leads ${conditions.where()}
       ORDER BY published_at DESC, id DESC LIMIT ${conditions.param(limit)}`,
      conditions.values,
    );
    return rows.map(toPublicLead);
  }

  async find(id: string): Promise<PublicLead | null> {
    const { rows } = await this.db.query<PublicRow>(`SELECT ${PUBLIC_COLUMNS} FROM leads.leads WHERE id = $1`, [id]);
    return rows[0] ? toPublicLead(rows[0]) : null;
  }

  /** Holds the lead against a concurrent withdrawal while a claim on it is being taken. */
  async holdForClaim(tx: Tx, id: string): Promise<Pick<Lead, 'status' | 'expiresAt'> | null> {
    const { rows } = await tx.query<{ status: LeadStatus; expires_at: Date }>(
      'SELECT status, expires_at FROM leads.leads WHERE id = $1 FOR SHARE',
      [id],
    );
    return rows[0] ? { status: rows[0].status, expiresAt: rows[0].expires_at } : null;
  }

  async disclosures(tx: Tx, ids: string[]): Promise<Map<string, Disclosure>> {
    const { rows } = await tx.query<{
      id: string;
      company_name: string;
      contact_name: string;
      contact_position: string;
      contact_phone: string;
      contact_email: string;
    }>(
      `SELECT id, company_name, contact_name, contact_position, contact_phone, contact_email
       FROM leads.leads WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          companyName: r.company_name,
          contact: { name: r.contact_name, position: r.contact_position, phone: r.contact_phone, email: r.contact_email },
        },
      ]),
    );
  }
}

function toPublicLead(row: PublicRow): PublicLead {
  return {
    id: row.id,
    status: row.status,
    company: { industry: row.industry, sizeBand: row.size_band, region: row.region, city: row.city },
    need: { product: row.product, users: row.users, description: row.description },
    publishedAt: row.published_at,
    expiresAt: row.expires_at,
    closedAt: row.closed_at,
  };
}
