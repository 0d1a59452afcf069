import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { IsCronExpression } from '../../shared/scheduling/cron-expression';

/** Settings of the partner registry. */
export class PartnersConfig {
  /** Leads a partner may have in work at once, unless the partner has a cap of its own. */
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  DEFAULT_CLAIM_CAP = 3;

  /** Body limit of `POST /partners/import` alone (10,000 rows of CSV are about 2 MB); other routes keep BODY_LIMIT_BYTES. */
  @Type(() => Number) @IsInt() @Min(64 * 1024) @Max(100 * 1024 * 1024)
  IMPORT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

  /** Partner rows one import may hold; a bigger file is refused with 413 before anything is written. */
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  IMPORT_MAX_ROWS = 20_000;

  /** The rules that may refuse a take (comma list); OPEN_LINES_ENABLED is only ever advice. */
  @Matches(/^\s*(CONTRACT_ACTIVE|OFFER_PUBLISHED|CRM_TARIFF_OK|APP_INSTALLED|PD_AGREEMENT_ACCEPTED)(\s*,\s*(CONTRACT_ACTIVE|OFFER_PUBLISHED|CRM_TARIFF_OK|APP_INSTALLED|PD_AGREEMENT_ACCEPTED))*\s*$/, {
    message: 'ELIGIBILITY_RULES must list rules among CONTRACT_ACTIVE, OFFER_PUBLISHED, CRM_TARIFF_OK, APP_INSTALLED, PD_AGREEMENT_ACCEPTED',
  })
  ELIGIBILITY_RULES = 'CONTRACT_ACTIVE,OFFER_PUBLISHED,CRM_TARIFF_OK,APP_INSTALLED,PD_AGREEMENT_ACCEPTED';

  /** How long a rule that cannot be checked (portal or site unreachable) keeps its previous result. */
  @Type(() => Number) @IsInt() @Min(0) @Max(24 * 30)
  ELIGIBILITY_GRACE_HOURS = 72;

  /** Plans CRM_TARIFF_OK accepts (LICENSE_TYPE; `company*` takes company, company2, …); a box always passes. */
  @IsString()
  ELIGIBILITY_ACCEPTED_PLANS = 'nfr,company*';

  /** More phrases that count as an implementation-package offer on a partner's page (`|`-separated). */
  @IsString()
  OFFER_PHRASES = '';

  /** Lets audits fetch pages on private and loopback addresses: for tests with a local web server only. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  AUDIT_ALLOW_PRIVATE_NETWORKS = false;

  get enforcedRules(): Set<string> {
    return new Set(this.ELIGIBILITY_RULES.split(',').map((r) => r.trim()));
  }

  get acceptedPlans(): string[] {
    return this.ELIGIBILITY_ACCEPTED_PLANS.split(',').map((p) => p.trim()).filter(Boolean);
  }

  /** When the full audit of every partner runs (cron, in AUDIT_CRON_TIMEZONE): nightly by default. */
  @IsCronExpression()
  AUDIT_CRON = '0 3 * * *';

  @IsString()
  AUDIT_CRON_TIMEZONE = 'Europe/Moscow';

  /** Partners audited at once in a full audit; each portal's own rate budget still applies. */
  @Type(() => Number) @IsInt() @Min(1) @Max(64)
  AUDIT_CONCURRENCY = 8;

  /** Audit a partner as soon as its registry data or its portal change (a job each). */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  AUDIT_ON_CHANGE = true;

  /** The offer page fetch's whole time limit (DNS, connects, redirects, body). */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000)
  AUDIT_FETCH_TIMEOUT_MS = 10_000;
}
