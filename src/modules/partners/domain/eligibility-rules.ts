/**
 * The programme's rules (DESIGN.md section 1, rule 1), each checked from evidence. Contract and
 * agreement are read live from the registry and compliance; the others are audited (the portal
 * and the partner's site are asked) and stored.
 */
export const RULES = {
  contract: 'CONTRACT_ACTIVE',
  offer: 'OFFER_PUBLISHED',
  tariff: 'CRM_TARIFF_OK',
  app: 'APP_INSTALLED',
  agreement: 'PD_AGREEMENT_ACCEPTED',
  openLines: 'OPEN_LINES_ENABLED',
} as const;

export type RuleName = (typeof RULES)[keyof typeof RULES];
export type RuleResult = 'pass' | 'fail' | 'unknown';

/** Rules whose evidence an audit reads from outside (the portal, the site) and stores. */
export const AUDITED_RULES: readonly RuleName[] = [RULES.offer, RULES.tariff, RULES.app, RULES.openLines];

/** Never a reason to refuse a take: shown to the partner as advice. */
export const RECOMMENDATIONS: readonly RuleName[] = [RULES.openLines];

export const ALL_RULES: readonly RuleName[] = [RULES.contract, RULES.offer, RULES.tariff, RULES.app, RULES.agreement, RULES.openLines];

/** One check of one rule, as it was made. */
export interface RuleCheck {
  rule: RuleName;
  result: RuleResult;
  reasonCode: string;
  reasonRu: string;
  reasonEn: string;
  /** What was read, from where: shown to operators and partners as it is. */
  evidence: Record<string, unknown>;
  checkedAt: Date;
}

/** A stored audited rule: its last check and the last time it could be decided. */
export interface StoredCheck extends RuleCheck {
  decided: { result: 'pass' | 'fail'; at: Date; reasonRu: string; reasonEn: string } | null;
  /** Since when the rule could not be decided (null while it can). */
  unknownSince: Date | null;
}

/** What a rule counts as now, and why. */
export interface EffectiveRule extends RuleCheck {
  effective: 'pass' | 'fail';
  /** An unknown check within the grace period keeps the previous decision until then. */
  graceUntil: Date | null;
}

/** Folds a new check into the stored one: a decided check resets the grace clock, an unknown keeps it running. */
export function recordCheck(previous: StoredCheck | null, check: RuleCheck): StoredCheck {
  if (check.result !== 'unknown') {
    return { ...check, decided: { result: check.result, at: check.checkedAt, reasonRu: check.reasonRu, reasonEn: check.reasonEn }, unknownSince: null };
  }
  return { ...check, decided: previous?.decided ?? null, unknownSince: previous?.unknownSince ?? check.checkedAt };
}

/**
 * An unknown keeps the previous decision for `graceMs`, then counts as a fail. A rule never
 * decided yet (a partner not audited so far) is not held against the partner during the grace
 * period counted from `since` (its registration), so a new partner is not refused before its
 * portal and site could first be read.
 */
export function effectiveRule(stored: StoredCheck, now: Date, graceMs: number): EffectiveRule {
  if (stored.result !== 'unknown') return { ...stored, effective: stored.result, graceUntil: null };
  const graceUntil = new Date((stored.unknownSince ?? stored.checkedAt).getTime() + graceMs);
  if (now < graceUntil) return { ...stored, effective: stored.decided?.result ?? 'pass', graceUntil };
  return { ...stored, effective: 'fail', graceUntil };
}

/** A rule no audit has looked at yet: unknown since the partner was registered. */
export function notCheckedYet(rule: RuleName, since: Date): StoredCheck {
  return {
    rule,
    result: 'unknown',
    reasonCode: 'NOT_CHECKED_YET',
    reasonRu: 'Проверка ещё не проводилась.',
    reasonEn: 'No audit has checked this rule yet.',
    evidence: {},
    checkedAt: since,
    decided: null,
    unknownSince: since,
  };
}
