import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { Portal, PortalTokens } from '../domain/portal';

interface PortalRow {
  member_id: string;
  domain: string;
  client_endpoint: string;
  status: Portal['status'];
  installed_by: string | null;
  installed_at: Date;
  uninstalled_at: Date | null;
  handlers_bound_at: Date | null;
  deal_category_id: number | null;
  portal_field: string | null;
}

interface TokenRow {
  domain: string;
  client_endpoint: string;
  access_token: string | null;
  refresh_token: string | null;
  expires_at: Date | null;
  scope: string;
}

/** Everything but the sealed tokens, which only `tokens` reads. */
const PORTAL_COLUMNS = `member_id, domain, client_endpoint, status, installed_by, installed_at, uninstalled_at,
  handlers_bound_at, deal_category_id, portal_field`;

/** An install refused because `heldBy`, another installed portal, holds the address. */
export interface PortalConflict {
  memberId: string;
  domain: string;
  heldBy: string;
  attemptedAt: Date;
}

export interface Installation {
  memberId: string;
  domain: string;
  clientEndpoint: string;
  tokens: PortalTokens;
  applicationToken: string | null;
  installedBy: string | null;
}

/** Portals and their token pairs; tokens are sealed with the master key, bound to their row. */
@Injectable()
export class PortalRepository {
  constructor(
    private readonly db: TransactionRunner,
    private readonly box: SecretBox,
  ) {}

  /** Install and reinstall: one row per member id, refreshed with the newest tokens. */
  async saveInstallation(tx: Tx, i: Installation, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO crm_sync.portals (member_id, domain, client_endpoint, access_token, refresh_token, expires_at, scope,
         application_token_hash, status, installed_by, installed_at, updated_at, tokens_refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'installed', $9, $10, $10, $10)
       ON CONFLICT (member_id) DO UPDATE SET domain = EXCLUDED.domain, client_endpoint = EXCLUDED.client_endpoint,
         access_token = EXCLUDED.access_token, refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at,
         scope = EXCLUDED.scope,
         application_token_hash = COALESCE(EXCLUDED.application_token_hash, portals.application_token_hash),
         installed_by = COALESCE(EXCLUDED.installed_by, portals.installed_by),
         installed_at = CASE WHEN portals.status = 'uninstalled' THEN EXCLUDED.installed_at ELSE portals.installed_at END,
         handlers_bound_at = CASE WHEN portals.status = 'installed' THEN portals.handlers_bound_at END,
         status = 'installed', uninstalled_at = NULL, updated_at = EXCLUDED.updated_at, auth_failures = 0, suspended_at = NULL,
         tokens_refreshed_at = EXCLUDED.tokens_refreshed_at`,
      [
        i.memberId, i.domain, i.clientEndpoint, this.seal(i.memberId, 'access', i.tokens.accessToken),
        this.seal(i.memberId, 'refresh', i.tokens.refreshToken), i.tokens.expiresAt, i.tokens.scope,
        i.applicationToken ? digest(i.applicationToken) : null, i.installedBy, now,
      ],
    );
  }

  /**
   * Serialises installs of one address and answers which other installed portal holds it, if any.
   * The lock lasts until `tx` ends, so two portals racing for one address cannot both win.
   */
  async lockAddress(tx: Tx, domain: string, memberId: string): Promise<string | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('crm_sync.portals:' || $1))`, [domain]);
    const { rows } = await tx.query<{ member_id: string }>(
      `SELECT member_id FROM crm_sync.portals WHERE domain = $1 AND status = 'installed' AND member_id <> $2 LIMIT 1`,
      [domain, memberId],
    );
    return rows[0]?.member_id ?? null;
  }

  async recordConflict(conflict: PortalConflict): Promise<void> {
    await this.db.query(
      'INSERT INTO crm_sync.portal_conflicts (member_id, domain, held_by, attempted_at) VALUES ($1, $2, $3, $4)',
      [conflict.memberId, conflict.domain, conflict.heldBy, conflict.attemptedAt],
    );
  }

  async conflicts(limit: number): Promise<PortalConflict[]> {
    const { rows } = await this.db.query<{ member_id: string; domain: string; held_by: string; attempted_at: Date }>(
      'SELECT member_id, domain, held_by, attempted_at FROM crm_sync.portal_conflicts ORDER BY attempted_at DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ memberId: r.member_id, domain: r.domain, heldBy: r.held_by, attemptedAt: r.attempted_at }));
  }

  async find(memberId: string): Promise<Portal | null> {
    const { rows } = await this.db.query<PortalRow>(`SELECT ${PORTAL_COLUMNS} FROM crm_sync.portals WHERE member_id = $1`, [
      memberId,
    ]);
    return rows[0] ? toPortal(rows[0]) : null;
  }

  async findInstalled(memberId: string): Promise<Portal | null> {
    const portal = await this.find(memberId);
    return portal?.status === 'installed' ? portal : null;
  }

  async installedMemberIdByDomain(domain: string): Promise<string | null> {
    const { rows } = await this.db.query<{ member_id: string }>(
      `SELECT member_id FROM crm_sync.portals WHERE domain = $1 AND status = 'installed' ORDER BY installed_at DESC LIMIT 1`,
      [domain],
    );
    return rows[0]?.member_id ?? null;
  }

  async list(): Promise<Portal[]> {
    const { rows } = await this.db.query<PortalRow>(`SELECT ${PORTAL_COLUMNS} FROM crm_sync.portals ORDER BY installed_at DESC`);
    return rows.map(toPortal);
  }

  /** The status of the portal at `domain`: the installed one if any, else the latest. */
  async statusAt(domain: string): Promise<Portal['status'] | null> {
    const { rows } = await this.db.query<{ status: Portal['status'] }>(
      `SELECT status FROM crm_sync.portals WHERE domain = $1 ORDER BY status = 'installed' DESC, installed_at DESC LIMIT 1`,
      [domain],
    );
    return rows[0]?.status ?? null;
  }

  async installedMemberIds(): Promise<string[]> {
    const { rows } = await this.db.query<{ member_id: string }>(`SELECT member_id FROM crm_sync.portals WHERE status = 'installed'`);
    return rows.map((r) => r.member_id);
  }

  /** Installed portals whose token pair was last renewed before `before`. */
  async refreshedBefore(before: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ member_id: string }>(
      `SELECT member_id FROM crm_sync.portals WHERE status = 'installed' AND tokens_refreshed_at < $1`,
      [before],
    );
    return rows.map((r) => r.member_id);
  }

  async installedSites(): Promise<Array<{ domain: string; clientEndpoint: string }>> {
    const { rows } = await this.db.query<{ domain: string; client_endpoint: string }>(
      `SELECT DISTINCT domain, client_endpoint FROM crm_sync.portals WHERE status = 'installed'`,
    );
    return rows.map((r) => ({ domain: r.domain, clientEndpoint: r.client_endpoint }));
  }

  /** Whether `token` is the application token stored for an installed portal (constant time). */
  async applicationTokenMatches(memberId: string, token: string): Promise<boolean> {
    const { rows } = await this.db.query<{ application_token_hash: string | null }>(
      `SELECT application_token_hash FROM crm_sync.portals WHERE member_id = $1 AND status = 'installed'`,
      [memberId],
    );
    const stored = rows[0]?.application_token_hash;
    if (!stored) return false;
    return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(digest(token), 'hex'));
  }

  async rememberApplicationToken(memberId: string, token: string): Promise<void> {
    await this.db.query(
      'UPDATE crm_sync.portals SET application_token_hash = $2 WHERE member_id = $1 AND application_token_hash IS NULL',
      [memberId, digest(token)],
    );
  }

  /** Forgets the tokens: the portal revoked them, and nothing may call it any more. */
  async markUninstalled(tx: Tx, memberId: string, now: Date): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE crm_sync.portals SET status = 'uninstalled', uninstalled_at = $2, updated_at = $2, access_token = NULL,
         refresh_token = NULL, expires_at = NULL, handlers_bound_at = NULL
       WHERE member_id = $1 AND status = 'installed'`,
      [memberId, now],
    );
    return rowCount === 1;
  }

  async markHandlersBound(memberId: string, now: Date): Promise<void> {
    await this.db.query('UPDATE crm_sync.portals SET handlers_bound_at = $2 WHERE member_id = $1', [memberId, now]);
  }

  async saveSetup(memberId: string, setup: { dealCategoryId: number; portalField: string }): Promise<void> {
    await this.db.query('UPDATE crm_sync.portals SET deal_category_id = $2, portal_field = $3 WHERE member_id = $1', [
      memberId, setup.dealCategoryId, setup.portalField,
    ]);
  }

  /** The stored pair, for the REST client; null when the portal is not installed. */
  async tokens(memberId: string, tx?: Tx): Promise<(PortalTokens & { clientEndpoint: string; domain: string }) | null> {
    const sql = `SELECT domain, client_endpoint, access_token, refresh_token, expires_at, scope
      FROM crm_sync.portals WHERE member_id = $1 AND status = 'installed'${tx ? ' FOR UPDATE' : ''}`;
    const { rows } = tx ? await tx.query<TokenRow>(sql, [memberId]) : await this.db.query<TokenRow>(sql, [memberId]);
    const row = rows[0];
    if (!row?.access_token || !row.refresh_token || !row.expires_at) return null;
    return {
      domain: row.domain,
      clientEndpoint: row.client_endpoint,
      accessToken: this.box.open(row.access_token, portalTokenContext(memberId, 'access')),
      refreshToken: this.box.open(row.refresh_token, portalTokenContext(memberId, 'refresh')),
      expiresAt: row.expires_at,
      scope: row.scope,
    };
  }

  /** A refreshed pair; the OAuth server's endpoint also says where the portal lives now (a rename). */
  async saveTokens(
    tx: Tx,
    memberId: string,
    tokens: Omit<PortalTokens, 'scope'>,
    where: { clientEndpoint: string; domain: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE crm_sync.portals SET access_token = $2, refresh_token = $3, expires_at = $4, client_endpoint = $5,
         domain = $6, updated_at = now(), tokens_refreshed_at = now()
       WHERE member_id = $1 AND status = 'installed'`,
      [
        memberId, this.seal(memberId, 'access', tokens.accessToken), this.seal(memberId, 'refresh', tokens.refreshToken),
        tokens.expiresAt, where.clientEndpoint, where.domain,
      ],
    );
  }

  private seal(memberId: string, kind: 'access' | 'refresh', value: string): string {
    return this.box.seal(value, portalTokenContext(memberId, kind));
  }
}

/** Binds a sealed token to its portal and kind; key rotation re-seals with the same context. */
export const portalTokenContext = (memberId: string, kind: 'access' | 'refresh') => `crm_sync.portals:${memberId}:${kind}_token`;
const digest = (value: string) => createHash('sha256').update(value).digest('hex');

function toPortal(r: PortalRow): Portal {
  return {
    memberId: r.member_id,
    domain: r.domain,
    clientEndpoint: r.client_endpoint,
    status: r.status,
    installedBy: r.installed_by,
    installedAt: r.installed_at,
    uninstalledAt: r.uninstalled_at,
    handlersBoundAt: r.handlers_bound_at,
    dealCategoryId: r.deal_category_id,
    portalField: r.portal_field,
  };
}
