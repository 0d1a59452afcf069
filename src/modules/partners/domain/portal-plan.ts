/** The plan fields of `app.info`: LICENSE is `{lang}_{plan}`, LICENSE_TYPE the plan, LICENSE_PREVIOUS the plan before a demo. */
export interface PlanFields {
  license: string | null;
  licenseType: string | null;
  licensePrevious: string | null;
}

export interface DecodedPlan {
  /** The plan that counts: LICENSE_TYPE, or for a demo the plan it was switched from. */
  plan: string | null;
  box: boolean;
  /** Set when the portal runs a demo: the plan before it. */
  demoOf: string | null;
}

/** `ru_company` → `company`: LICENSE and LICENSE_PREVIOUS carry the language in front. */
const withoutLanguage = (value: string) => value.toLowerCase().replace(/^[a-z]{2}_/, '');

/**
 * Decoded as app.info documents it: a box is a LICENSE ending in `_selfhosted` (with no type);
 * a demo's LICENSE_TYPE is `demo` and its real plan is in LICENSE_PREVIOUS. LICENSE_FAMILY is
 * left alone: its values are not documented for these plans.
 */
export function decodePlan(fields: PlanFields): DecodedPlan {
  if (fields.license && /_selfhosted$/i.test(fields.license)) return { plan: null, box: true, demoOf: null };
  const type = fields.licenseType?.toLowerCase() ?? null;
  if (type === 'demo') {
    const previous = fields.licensePrevious ? withoutLanguage(fields.licensePrevious) : null;
    return { plan: previous, box: false, demoOf: previous };
  }
  return { plan: type ?? (fields.license ? withoutLanguage(fields.license) : null), box: false, demoOf: null };
}

/** Accepted plans are names, or prefixes ending in `*` (`company*` takes company, company2, company3…). */
export function planAccepted(plan: string, accepted: string[]): boolean {
  const name = plan.toLowerCase();
  return accepted.some((entry) => {
    const pattern = entry.trim().toLowerCase();
    return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
  });
}
