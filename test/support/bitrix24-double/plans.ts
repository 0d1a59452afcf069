/**
 * The portal's plan as app.info reports it (api-reference/common/system/app-info.md; the id list and
 * the demo / box rules follow core `rest/classes/general/rest_provider.php`, CRestProvider::appInfo).
 */

/** A cloud plan (`type` is the plan id, e.g. `company2`, `nfr`, `demo`), or a self-hosted box. */
export type PlanSpec =
  | 'box'
  | {
      type: string;
      /** While on `demo`: the real plan, a bare id (`pro`) or a full licence (`de_pro`). */
      previous?: string;
      /** LICENSE_FAMILY (undocumented values); by default the id without trailing digits. */
      family?: string;
      /** The LICENSE prefix (the portal's region); by default the portal's (its `license` prefix or language). */
      region?: string;
    };

/** Plan ids app.info names; any other id is shown as `project` in LICENSE (core's LICENSE_DEFAULT). */
export const KNOWN_PLANS: ReadonlySet<string> = new Set([
  'project', 'corporation', 'company', 'company2', 'company3', 'team', 'demo', 'nfr', 'tf', 'crm', 'tasks',
  'basic', 'start', 'std', 'pro', 'ent', 'pro100', 'ent250', 'ent500', 'ent1000', 'ent2000', 'ent3000',
  'ent4000', 'ent5000', 'ent6000', 'ent7000', 'ent8000', 'ent9000', 'ent10000',
]);

export const DEFAULT_PLAN = 'project';

export function licenseId(type: string): string {
  return KNOWN_PLANS.has(type) ? type : DEFAULT_PLAN;
}

/** The legacy `license: 'ru_company'` option (and `licensePrevious`) as a plan. */
export function planFromLicense(license: string, previous?: string): PlanSpec {
  const [region, type = ''] = license.split('_');
  if (type === 'selfhosted') return 'box';
  return { type, region: region || undefined, previous };
}

/** The plan keys of app.info in app context. */
export function planFields(plan: PlanSpec, languageId: string, portalRegion = languageId): Record<string, string> {
  if (plan === 'box') return { LICENSE: `${languageId}_selfhosted` };
  const region = plan.region ?? portalRegion;
  const out: Record<string, string> = { LICENSE: `${region}_${licenseId(plan.type)}` };
  if (licenseId(plan.type) === 'demo') {
    // Core reads the previous plan only while on demo and always prints it (unknown/absent: project).
    const [prevRegion, prevType] = plan.previous?.includes('_') ? plan.previous.split('_') : [region, plan.previous ?? ''];
    out.LICENSE_PREVIOUS = `${prevRegion || region}_${licenseId(prevType)}`;
  }
  out.LICENSE_TYPE = plan.type;
  out.LICENSE_FAMILY = plan.family ?? plan.type.replace(/\d+$/, '');
  return out;
}
