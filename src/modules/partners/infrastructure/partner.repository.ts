import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { DomainError } from '../../../shared/domain/domain-error';
import { Cursor } from '../../../shared/http/cursor';
import { Partner } from '../domain/partner';

interface PartnerRow {
  id: string;
  name: string;
  contract_number: string;
  contract_status: Partner['contractStatus'];
  website_url: string;
  offer_page_url: string;
  portal_domain: string | null;
  claim_cap: number | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, contract_number, contract_status, website_url, offer_page_url, portal_domain,
  claim_cap, created_at, updated_at`;

@Injectable()
export class PartnerRepository {
  constructor(private readonly db: TransactionRunner) {}

  async insert(tx: Tx, p: Partner): Promise<void> {
    await uniqueOrConflict(
      tx.query(
        `INSERT INTO partners.partners (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [p.id, p.name, p.contractNumber, p.contractStatus, p.websiteUrl, p.offerPageUrl, p.portalDomain, p.claimCap, p.createdAt, p.updatedAt],
      ),
    );
  }

  async update(tx: Tx, p: Partner): Promise<void> {
    await uniqueOrConflict(
      tx.query(
        `UPDATE partners.partners SET name = $2, contract_number = $3, contract_status = $4, website_url = $5,
           offer_page_url = $6, portal_domain = $7, claim_cap = $8, updated_at = $9 WHERE id = $1`,
        [p.id, p.name, p.contractNumber, p.contractStatus, p.websiteUrl, p.offerPageUrl, p.portalDomain, p.claimCap, p.updatedAt],
      ),
    );
  }

  async findForUpdate(tx: Tx, id: string): Promise<Partner | null> {
    const { rows } = await tx.query<PartnerRow>(`SELECT ${COLUMNS} FROM partners.partners WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toPartner(rows[0]) : null;
  }

  async find(id: string): Promise<Partner | null> {
    const { rows } = await this.db.query<PartnerRow>(`SELECT ${COLUMNS} FROM partners.partners WHERE id = $1`, [id]);
    return rows[0] ? toPartner(rows[0]) : null;
  }

  async allIds(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM partners.partners ORDER BY id');
    return rows.map((r) => r.id);
  }

  async idsWithPortalDomain(domain: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM partners.partners WHERE portal_domain = $1', [domain]);
    return rows.map((r) => r.id);
  }

  /**
   * The partner's portal was renamed in Bitrix24: the registry follows it to its new address,
   * unless another partner is already registered there (an operator must sort that out).
   */
  async movePortalDomain(tx: Tx, from: string, to: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE partners.partners SET portal_domain = $2, updated_at = $3
        WHERE portal_domain = $1 AND NOT EXISTS (SELECT 1 FROM partners.partners WHERE portal_domain = $2)`,
      [from, to, at],
    );
  }

  /** The partners with these contract numbers, locked for the caller's transaction (registry import). */
  async findForUpdateByContractNumbers(tx: Tx, contractNumbers: string[]): Promise<Partner[]> {
    const { rows } = await tx.query<PartnerRow>(
      `SELECT ${COLUMNS} FROM partners.partners WHERE contract_number = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [contractNumbers],
    );
    return rows.map(toPartner);
  }

  /** Who holds each of these portal domains now. */
  async portalDomainHolders(tx: Tx, domains: string[]): Promise<Array<{ id: string; contractNumber: string; portalDomain: string }>> {
    const { rows } = await tx.query<{ id: string; contract_number: string; portal_domain: string }>(
      'SELECT id, contract_number, portal_domain FROM partners.partners WHERE portal_domain = ANY($1::text[])',
      [domains],
    );
    return rows.map((r) => ({ id: r.id, contractNumber: r.contract_number, portalDomain: r.portal_domain }));
  }

  /** Many partners in one statement; a unique clash fails them all, as CONFLICT naming the field. */
  async insertMany(tx: Tx, partners: Partner[]): Promise<void> {
    if (partners.length === 0) return;
    const column = <K extends keyof Partner>(key: K) => partners.map((p) => p[key]);
    await conflictOnField(
      tx.query(
        `INSERT INTO partners.partners (${COLUMNS})
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                              $9::timestamptz[], $10::timestamptz[])`,
        [
          column('id'), column('name'), column('contractNumber'), column('contractStatus'), column('websiteUrl'),
          column('offerPageUrl'), column('portalDomain'), column('claimCap'), column('createdAt'), column('updatedAt'),
        ],
      ),
    );
  }

  /** Writes every field of many partners in one statement (as `update`), matched by id. */
  async updateMany(tx: Tx, partners: Partner[]): Promise<void> {
    if (partners.length === 0) return;
    const column = <K extends keyof Partner>(key: K) => partners.map((p) => p[key]);
    await conflictOnField(
      tx.query(
        `UPDATE partners.partners p SET name = u.name, contract_number = u.contract_number, contract_status = u.contract_status,
           website_url = u.website_url, offer_page_url = u.offer_page_url, portal_domain = u.portal_domain,
           claim_cap = u.claim_cap, updated_at = u.updated_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[])
           AS u(id, name, contract_number, contract_status, website_url, offer_page_url, portal_domain, claim_cap, updated_at)
         WHERE p.id = u.id`,
        [
          column('id'), column('name'), column('contractNumber'), column('contractStatus'), column('websiteUrl'),
          column('offerPageUrl'), column('portalDomain'), column('claimCap'), column('updatedAt'),
        ],
      ),
    );
  }

  async list(after: Cursor | null, limit: number): Promise<Partner[]> {
    const { rows } = after
      ? await this.db.query<PartnerRow>(
          `SELECT ${COLUMNS} FROM partners.partners WHERE (created_at, id) < ($1, $2)
           ORDER BY created_at DESC, id DESC LIMIT $3`,
          [after.at, after.id, limit],
        )
      : await this.db.query<PartnerRow>(
          `SELECT ${COLUMNS} FROM partners.partners ORDER BY created_at DESC, id DESC LIMIT $1`,
          [limit],
        );
    return rows.map(toPartner);
  }
}

async function uniqueOrConflict(statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error) {
    const constraint = (error as { code?: string; constraint?: string }).code === '23505'
      ? (error as { constraint?: string }).constraint
      : undefined;
    if (constraint === 'partners_contract_number') {
      throw new DomainError('CONFLICT', 'A partner with this contract number is already registered.');
    }
    if (constraint === 'partners_portal_domain') {
      throw new DomainError('CONFLICT', 'Another partner already uses this Bitrix24 portal domain.');
    }
    throw error;
  }
}

/** Like uniqueOrConflict, with the field the clash is on in `errors`, for reports that name it. */
async function conflictOnField(statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'partners_contract_number') {
      throw new DomainError('CONFLICT', 'A partner with this contract number is already registered.', [
        { field: 'contractNumber', message: 'a partner with this contract number is already registered' },
      ]);
    }
    if (code === '23505' && constraint === 'partners_portal_domain') {
      throw new DomainError('CONFLICT', 'Another partner already uses this Bitrix24 portal domain.', [
        { field: 'portalDomain', message: 'another partner already uses this Bitrix24 portal domain' },
      ]);
    }
    throw error;
  }
}

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    contractNumber: row.contract_number,
    contractStatus: row.contract_status,
    websiteUrl: row.website_url,
    offerPageUrl: row.offer_page_url,
    portalDomain: row.portal_domain,
    claimCap: row.claim_cap,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
