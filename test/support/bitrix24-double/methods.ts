import type { MethodResult } from './envelope';
import type { PortalState } from './fake-portal';

export interface CallContext {
  portal: PortalState;
  userId: number;
  authType: 'oauth' | 'webhook';
  /** Scopes of the app (OAuth) or of the webhook. */
  scopes: string[];
  params: Record<string, unknown>;
}

export type Handler = (ctx: CallContext) => MethodResult | Promise<MethodResult>;

export interface MethodDef {
  /** Scope the app (or webhook) must hold; null for methods every caller may use. */
  scope: string | null;
  /** Needs OAuth application context: a webhook gets WRONG_AUTH_TYPE. */
  appOnly?: boolean;
  handler: Handler;
}

export type MethodTable = Record<string, MethodDef>;

/** Legacy CRM methods read their parameters case-insensitively (`fields`, `FIELDS`, `Fields`). */
export function param(params: Record<string, unknown>, name: string): unknown {
  if (name in params) return params[name];
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function positiveId(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'Y' : 'N';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
