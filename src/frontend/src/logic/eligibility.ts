/** The eligibility rules from GET /me, grouped for «Условия участия». */
import type { EligibilityRule, RuleResult } from './types';

export interface RuleState {
  label: 'выполнено' | 'не выполнено' | 'не проверено';
  tone: 'pass' | 'fail' | 'unknown';
}

export function ruleState(rule: Pick<EligibilityRule, 'result' | 'passed'>): RuleState {
  const result: RuleResult = rule.result ?? (rule.passed ? 'pass' : 'fail');
  if (result === 'pass') return { label: 'выполнено', tone: 'pass' };
  if (result === 'fail') return { label: 'не выполнено', tone: 'fail' };
  return { label: 'не проверено', tone: 'unknown' };
}

/** Blocking rules are conditions; the rest are recommendations. */
export function splitRules(rules: readonly EligibilityRule[]): { conditions: EligibilityRule[]; recommendations: EligibilityRule[] } {
  return {
    conditions: rules.filter((r) => r.blocking),
    recommendations: rules.filter((r) => !r.blocking),
  };
}

/** True when /me says nothing about Open Lines, so the page shows its own recommendation. */
export function needsOpenLinesCard(rules: readonly EligibilityRule[]): boolean {
  return !rules.some((r) => r.rule.toLowerCase() === 'open_lines_enabled');
}
