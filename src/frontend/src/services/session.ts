/**
 * The partner session: a bearer token renewed while the page is open
 * (after 2/3 of its remaining life, and on a 401), POST /api/v1/sessions/renew.
 */
import { ref } from 'vue';
import { renewDelayMs } from '../logic/launch';
import type { Session } from '../logic/types';

let current: Session | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let renewing: Promise<boolean> | null = null;

/** True once renewal failed: the page then says «Сессия истекла — откройте приложение заново». */
export const sessionExpired = ref(false);

export function startSession(session: Session): void {
  current = session;
  schedule();
}

export function token(): string | null {
  return current?.token ?? null;
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  if (!current) return;
  timer = setTimeout(() => void renew(), renewDelayMs(current.expiresAt));
}

/** Renews once at a time; concurrent callers share the same attempt. */
export function renew(): Promise<boolean> {
  if (!current) return Promise.resolve(false);
  renewing ??= doRenew().finally(() => {
    renewing = null;
  });
  return renewing;
}

async function doRenew(): Promise<boolean> {
  const old = current;
  if (!old) return false;
  try {
    const res = await fetch('/api/v1/sessions/renew', {
      method: 'POST',
      headers: { Authorization: `Bearer ${old.token}`, Accept: 'application/json' },
      credentials: 'omit',
    });
    if (!res.ok) throw new Error(`renew ${res.status}`);
    const body = (await res.json()) as Partial<Session>;
    if (typeof body.token !== 'string' || typeof body.expiresAt !== 'string') throw new Error('renew: bad body');
    current = { token: body.token, expiresAt: body.expiresAt };
    schedule();
    return true;
  } catch {
    // A network hiccup before expiry: try again shortly while the old token still lives.
    if (Date.parse(old.expiresAt) - Date.now() > 15_000 && !sessionExpired.value) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void renew(), 10_000);
      return false;
    }
    sessionExpired.value = true;
    return false;
  }
}
