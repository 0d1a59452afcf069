import { ApiRole } from '../../config/app-config';

export interface OperatorPrincipal {
  kind: 'operator';
  role: ApiRole;
  /** Stable per key, never the key itself: used to scope idempotency keys and audit entries. */
  clientId: string;
}

export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  b24UserId: string | null;
  b24UserName: string | null;
  clientId: string;
}

export type Principal = OperatorPrincipal | PartnerPrincipal;
export type Audience = ApiRole | 'partner';
