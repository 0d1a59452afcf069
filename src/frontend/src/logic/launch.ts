/** Reading the launch context the server puts into the page's <head>. Plain data in, plain data out. */
import type { Agreement, LaunchContext, Session } from './types';

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function idStr(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return str(v);
}

/** The content of <meta name="launch-context"> (already HTML-unescaped by the DOM) → context, or null. */
export function parseLaunchContext(json: string | null | undefined): LaunchContext | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  const view = o.view === 'deal-tab' ? 'deal-tab' : o.view === 'list' ? 'list' : null;
  if (!view) return null;
  const user = (o.user && typeof o.user === 'object' ? o.user : {}) as Record<string, unknown>;
  let agreement: Agreement | null = null;
  if (o.agreement && typeof o.agreement === 'object') {
    const a = o.agreement as Record<string, unknown>;
    agreement = { version: str(a.version) ?? '', text: typeof a.text === 'string' ? a.text : '', ticket: str(a.ticket) };
  }
  return {
    view,
    partnerName: str(o.partnerName) ?? '',
    portal: str(o.portal) ?? '',
    user: { id: idStr(user.id) ?? '', name: str(user.name) },
    dealId: idStr(o.dealId),
    claimId: str(o.claimId),
    agreement,
    sessionExpiresAt: str(o.sessionExpiresAt),
  };
}

/** <meta name="partner-session" content="JWT" data-expires-at="…"> → session, or null. */
export function parseSession(token: string | null | undefined, expiresAt: string | null | undefined): Session | null {
  if (!token || !expiresAt || Number.isNaN(Date.parse(expiresAt))) return null;
  return { token, expiresAt };
}

/**
 * When to renew: after 2/3 of the remaining life has passed. Milliseconds from now; at least 1 s,
 * and never more than setTimeout can wait.
 */
export function renewDelayMs(expiresAt: string, now: Date = new Date()): number {
  const remaining = Date.parse(expiresAt) - now.getTime();
  if (!Number.isFinite(remaining) || remaining <= 0) return 1000;
  return Math.min(2_147_483_000, Math.max(1000, Math.floor((remaining * 2) / 3)));
}
