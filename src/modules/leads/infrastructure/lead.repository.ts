import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { SqlConditions } from '../../../shared/database/sql-conditions';
import { Tx } from '../../../shared/database/tx';
import { Cursor } from '../../../shared/http/cursor';
import { Disclosure, LeadCatalog, LeadFacets, LeadFilter, LeadStatus, PRODUCTS, PublicLead, SIZE_BANDS } from '../contract';
import { Lead } from '../domain/lead';
import { ContactSealing, SEALED_COLUMNS, SealedColumn } from './contact-sealing';

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

const PUBLIC_COLUMNS = `id, status, industry, size_band, region, city, product, users, description,
  published_at, expires_at, closed_at`;

/**
 * Plain SQL: the partner list is the hottest read and must not pay for entity hydration. Contact
 * columns hold ciphertext; only `disclosures` opens them, and the list never reads them.
 */
@Injectable()
export class LeadRepository extends LeadCatalog {
  constructor(
    private readonly db: TransactionRunner,
    private readonly sealing: ContactSealing,
  ) {
    super();
  }

  async insert(tx: Tx, lead: Lead): Promise<void> {
    const sealed = this.sealing.seal(lead.id, lead.company.name, lead.contact);
    await tx.query(
      `INSERT INTO leads.leads (id, status, company_name, industry, size_band, region, city, product, users,
         description, contact_name, contact_position, contact_phone, contact_email, consent_version,
         consent_given_at, consent_source, published_at, expires_at, contact_phone_hmac, contact_email_hmac)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        lead.id, lead.status, sealed.fields.company_name, lead.company.industry, lead.company.sizeBand,
        lead.company.region, lead.company.city, lead.need.product, lead.need.users, lead.need.description,
        sealed.fields.contact_name, sealed.fields.contact_position, sealed.fields.contact_phone,
        sealed.fields.contact_email, lead.consent.version, lead.consent.givenAt, lead.consent.source, lead.publishedAt,
        lead.expiresAt, sealed.phoneHash, sealed.emailHash,
      ],
    );
    await tx.query('INSERT INTO leads.lead_keys (lead_id, key_id, wrapped_key) VALUES ($1, $2, $3)', [
      lead.id, sealed.keyId, sealed.wrappedKey,
    ]);
  }

  /**
   * An open lead with the same phone or e-mail. The transaction-scoped locks on the two hashes
   * make a concurrent intake of the same contact wait for this one to commit, then find it.
   */
  async findOpenDuplicate(tx: Tx, contact: Pick<Lead['contact'], 'phone' | 'email'>, now: Date): Promise<string | null> {
    const { phones, emails, current } = this.sealing.lookups(contact);
    const [first, second] = [...current].sort();
    await tx.query(
      'SELECT pg_advisory_xact_lock(hashtextextended($1, 7417002)), pg_advisory_xact_lock(hashtextextended($2, 7417002))',
      [first, second],
    );
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM leads.leads
       WHERE status = 'open' AND expires_at > $3 AND (contact_phone_hmac = ANY($1) OR contact_email_hmac = ANY($2))
       LIMIT 1`,
      [phones, emails, now],
    );
    return rows[0]?.id ?? null;
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

  async openFacets(now: Date): Promise<LeadFacets> {
    const { rows } = await this.db.query<{ facet: keyof LeadFacets; value: string }>(
      `WITH open AS (SELECT region, industry, size_band, product FROM leads.leads WHERE status = 'open' AND expires_at > $1)
       SELECT DISTINCT 'regions' AS facet, region AS value FROM open
       UNION SELECT DISTINCT 'industries', industry FROM open
       UNION SELECT DISTINCT 'sizeBands', size_band FROM open
       UNION SELECT DISTINCT 'products', product FROM open`,
      [now],
    );
    const facets: LeadFacets = { regions: [], industries: [], sizeBands: [], products: [] };
    for (const row of rows) facets[row.facet].push(row.value);
    const inOrder = (known: readonly string[]) => (a: string, b: string) => known.indexOf(a) - known.indexOf(b);
    facets.regions.sort((a, b) => a.localeCompare(b, 'ru'));
    facets.industries.sort((a, b) => a.localeCompare(b, 'ru'));
    facets.sizeBands.sort(inOrder(SIZE_BANDS));
    facets.products.sort(inOrder(PRODUCTS));
    return facets;
  }

  async findMany(ids: string[]): Promise<Map<string, PublicLead>> {
    const { rows } = await this.db.query<PublicRow>(`SELECT ${PUBLIC_COLUMNS} FROM leads.leads WHERE id = ANY($1)`, [ids]);
    return new Map(rows.map((r) => [r.id, toPublicLead(r)]));
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
    const { rows } = await tx.query<{ id: string; wrapped_key: string | null } & Record<SealedColumn, string | null>>(
      `SELECT l.id, k.wrapped_key, ${SEALED_COLUMNS.map((c) => `l.${c}`).join(', ')}
       FROM leads.leads l LEFT JOIN leads.lead_keys k ON k.lead_id = l.id WHERE l.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, this.sealing.open(r.id, r.wrapped_key, r)]));
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
