import { Injectable } from '@nestjs/common';
import { OfferEvidence } from '../domain/rule-checks';
import { Partner } from '../domain/partner';
import { EligibilityRepository } from '../infrastructure/eligibility.repository';
import { checkOffer } from '../infrastructure/offer-page/offer-check';
import { fetchPage, RefusalCode } from '../infrastructure/offer-page/safe-fetch';
import { textHash, visibleText } from '../infrastructure/offer-page/visible-text';
import { PartnersConfig } from '../partners.config';

/** Refusals that say nothing about the page itself: the check is unknown, not failed. */
const TRANSIENT: ReadonlySet<RefusalCode> = new Set<RefusalCode>(['TIMEOUT', 'DNS_FAILED', 'CONNECTION_FAILED']);

/**
 * Reads the partner's registered offer page through the SSRF-safe fetcher. An operator's verdict
 * holds while the page's visible text keeps the hash it was given for.
 */
@Injectable()
export class OfferPageAudit {
  constructor(
    private readonly stored: EligibilityRepository,
    private readonly config: PartnersConfig,
  ) {}

  async read(partner: Partner): Promise<OfferEvidence> {
    const url = partner.offerPageUrl;
    const page = await fetchPage(url, { allowPrivateNetworks: this.config.AUDIT_ALLOW_PRIVATE_NETWORKS, timeoutMs: this.config.AUDIT_FETCH_TIMEOUT_MS });
    if (!page.ok) {
      const serverTrouble = page.refusal === 'HTTP_ERROR' && (page.status === undefined || page.status >= 500 || page.status === 429);
      return { kind: 'refused', url, refusal: page.refusal, detail: page.detail, transient: TRANSIENT.has(page.refusal) || serverTrouble };
    }
    const text = visibleText(page.body);
    const hash = textHash(text);
    const manual = await this.stored.offerVerdict(partner.id);
    if (manual && manual.textHash === hash) {
      return { kind: 'manual', url, textHash: hash, result: manual.result, comment: manual.comment, recordedBy: manual.recordedBy, recordedAt: manual.recordedAt.toISOString() };
    }
    const phrases = this.config.OFFER_PHRASES.split('|').map((p) => p.trim()).filter(Boolean);
    const found = checkOffer(text, phrases);
    return { kind: 'read', url, finalUrl: page.finalUrl, status: page.status, textHash: hash, ...found };
  }
}
