import { DomainError } from '../../../shared/domain/domain-error';

export interface WinProof {
  portalAddress: string | null;
  licenseKey: string | null;
}

const HOST = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const LICENSE_KEY = /^[A-Za-z0-9][A-Za-z0-9-]{6,62}[A-Za-z0-9]$/;

export interface WinProofInput {
  portalAddress?: string | null;
  licenseKey?: string | null;
}

/**
 * Business rule 4: a won deal counts only with the customer's portal address (kept as a lower-case
 * host name: scheme, path, port and query are dropped) or the licence key of a box purchase.
 */
export function winProof(input: WinProofInput): WinProof {
  const proof = readWinProof(input);
  if (proof instanceof DomainError) throw proof;
  return proof;
}

/** The proof, or the refusal (WON_REQUIRES_PROOF) saying what is wrong with it. */
export function readWinProof(input: WinProofInput): WinProof | DomainError {
  const portalAddress = input.portalAddress ? normalizeHost(input.portalAddress) : null;
  const licenseKey = input.licenseKey?.trim() || null;
  if (input.portalAddress && !portalAddress) {
    return new DomainError('WON_REQUIRES_PROOF', 'The portal address must be a host name such as company.bitrix24.ru.', [
      { field: 'portalAddress', message: 'not a portal host name' },
    ]);
  }
  if (licenseKey && !LICENSE_KEY.test(licenseKey)) {
    return new DomainError('WON_REQUIRES_PROOF', 'The licence key must be 8-64 letters, digits or dashes.', [
      { field: 'licenseKey', message: 'not a licence key' },
    ]);
  }
  if (!portalAddress && !licenseKey) {
    return new DomainError('WON_REQUIRES_PROOF', "A won request needs the customer's Bitrix24 portal address or the box licence key.");
  }
  return { portalAddress, licenseKey };
}

function normalizeHost(raw: string): string | null {
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/?#]/)[0]
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  return HOST.test(host) ? host : null;
}

/** Reads the CRM's single "Адрес портала" field: a host name or, failing that, a licence key. */
export function proofFromField(raw: string | null): WinProofInput {
  const value = raw?.trim();
  if (!value) return {};
  return normalizeHost(value) ? { portalAddress: value } : { licenseKey: value };
}
