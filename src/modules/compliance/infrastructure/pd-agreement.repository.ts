import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { PdAcceptance, PdAgreementCheck, PdAgreements, PdAgreementStatus, PdAgreementVersion } from '../contract';

interface VersionRow {
  version: string;
  text: string;
  text_sha256: string;
  effective_from: Date;
  published_at: Date;
  published_by: string;
}

const IN_EFFECT = `SELECT * FROM compliance.pd_agreement_versions WHERE effective_from <= $1
  ORDER BY effective_from DESC, id DESC LIMIT 1`;

/** Agreement versions and acceptances; both tables refuse UPDATE, DELETE and TRUNCATE. */
@Injectable()
export class PdAgreementRepository extends PdAgreements implements PdAgreementStatus {
  constructor(private readonly db: TransactionRunner) {
    super();
  }

  /** False when the version name is taken: a published text is never replaced. */
  async publish(v: PdAgreementVersion): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO compliance.pd_agreement_versions (version, text, text_sha256, effective_from, published_at, published_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (version) DO NOTHING RETURNING id`,
      [v.version, v.text, v.textSha256, v.effectiveFrom, v.publishedAt, v.publishedBy],
    );
    return rowCount === 1;
  }

  /** Newest effective date first. */
  async list(): Promise<PdAgreementVersion[]> {
    const { rows } = await this.db.query<VersionRow>(
      'SELECT * FROM compliance.pd_agreement_versions ORDER BY effective_from DESC, id DESC',
    );
    return rows.map(toVersion);
  }

  async inEffect(at: Date): Promise<PdAgreementVersion | null> {
    const { rows } = await this.db.query<VersionRow>(IN_EFFECT, [at]);
    return rows[0] ? toVersion(rows[0]) : null;
  }

  checkPortal(memberId: string, at: Date): Promise<PdAgreementCheck | null> {
    return this.check('a.member_id = $2', memberId, at);
  }

  /** By the portal that lives at `domain` now (portal_addresses), so an acceptance follows a rename. */
  checkPortalDomain(domain: string | null, at: Date): Promise<PdAgreementCheck | null> {
    return this.check('a.member_id IN (SELECT member_id FROM compliance.portal_addresses WHERE domain = $2)', domain, at);
  }

  /** Where a portal lives now: at install, at each acceptance, and after a rename. */
  async rememberAddress(tx: Tx, memberId: string, domain: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO compliance.portal_addresses AS p (member_id, domain, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (member_id) DO UPDATE SET domain = EXCLUDED.domain, updated_at = EXCLUDED.updated_at
       WHERE p.updated_at <= EXCLUDED.updated_at`,
      [memberId, domain, at],
    );
  }

  async recordAcceptance(tx: Tx, a: PdAcceptance): Promise<void> {
    await tx.query(
      `INSERT INTO compliance.pd_acceptances (member_id, portal_domain, b24_user_id, version, accepted_at, source_ip)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [a.memberId, a.portalDomain, a.b24UserId, a.version, a.acceptedAt, a.sourceIp],
    );
    if (a.portalDomain) await this.rememberAddress(tx, a.memberId, a.portalDomain, a.acceptedAt);
  }

  /** One statement, as it runs on every take: the version in effect, and whether the portal accepted it. */
  private async check(acceptedBy: string, value: string | null, at: Date): Promise<PdAgreementCheck | null> {
    const { rows } = await this.db.query<{ version: string; effective_from: Date; accepted: boolean }>(
      `SELECT v.version, v.effective_from,
         EXISTS (SELECT 1 FROM compliance.pd_acceptances a WHERE ${acceptedBy} AND a.version = v.version) AS accepted
       FROM (${IN_EFFECT}) v`,
      [at, value],
    );
    const r = rows[0];
    return r ? { version: r.version, effectiveFrom: r.effective_from, accepted: r.accepted } : null;
  }
}

function toVersion(r: VersionRow): PdAgreementVersion {
  return {
    version: r.version,
    text: r.text,
    textSha256: r.text_sha256,
    effectiveFrom: r.effective_from,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
  };
}
