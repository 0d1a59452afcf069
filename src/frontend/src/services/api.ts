/** The Partner Leads API: bearer token, problem+json refusals, one retry after renewing on a 401. */
import { retryAfterSeconds } from '../logic/dates';
import { leadsSearch, type LeadFilter } from '../logic/filters';
import { NETWORK_ERROR, SERVICE_UNAVAILABLE } from '../logic/problems';
import type { ClaimDetails, ClaimPage, Facets, Lead, LeadPage, ListedClaim, Me, Problem } from '../logic/types';
import { renew, sessionExpired, token } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfter: number | null = null,
    readonly problem: Problem | null = null,
  ) {
    super(problem?.title ?? code);
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  /** JSON body; when absent, no body and no Content-Type are sent. */
  json?: unknown;
  /** Path outside /api/v1 (absolute). */
  absolute?: boolean;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  try {
    return await fetch(options.absolute ? path : `/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'omit',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, NETWORK_ERROR);
  }
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    const text = await res.text();
    if (text) problem = JSON.parse(text) as Problem;
  } catch {
    problem = null;
  }
  const retryAfter = retryAfterSeconds(res.headers.get('Retry-After'));
  let code = typeof problem?.code === 'string' ? problem.code : '';
  if (!code) {
    if (res.status === 401) code = 'UNAUTHENTICATED';
    else if (res.status === 429) code = 'RATE_LIMITED';
    else if (res.status === 404) code = 'NOT_FOUND';
    else if (res.status === 403) code = 'FORBIDDEN';
    else if (res.status >= 500) code = SERVICE_UNAVAILABLE;
    else code = 'UNKNOWN';
  }
  if (res.status >= 500 && code !== 'RATE_LIMITED') code = SERVICE_UNAVAILABLE;
  return new ApiError(res.status, code, retryAfter, problem);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 401 && !options.absolute) {
    if (await renew()) res = await send(path, options);
    else sessionExpired.value = true;
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  me: () => request<Me>('/me'),
  facets: () => request<Facets>('/leads/facets'),
  leads: (filter: Partial<LeadFilter>, limit: number, cursor: string | null, signal?: AbortSignal) =>
    request<LeadPage>(`/leads?${leadsSearch(filter, limit, cursor)}`, { signal }),
  lead: (id: string) => request<Lead>(`/leads/${encodeURIComponent(id)}`),
  claim: (leadId: string) => request<ClaimDetails>(`/leads/${encodeURIComponent(leadId)}/claims`, { method: 'POST' }),
  claims: (limit: number, cursor: string | null) =>
    request<ClaimPage>(`/claims?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })}`),
  claimDetails: (id: string) => request<ClaimDetails>(`/claims/${encodeURIComponent(id)}`),
  claimState: (id: string) => request<ListedClaim>(`/claims/${encodeURIComponent(id)}/state`),
  acceptAgreement: (ticket: string) =>
    request<void>('/b24/install/accept', { method: 'POST', json: { ticket }, absolute: true }),
};
