import { Tx } from '../../../shared/database/tx';
import { Cursor } from '../../../shared/http/cursor';
import { Disclosure, LeadFacets, LeadFilter, PublicLead } from './lead-types';

/**
 * What other modules may ask of the leads synchronously. Contacts leave this module only through
 * `disclosures`, which the claims module calls for leads the caller has claimed.
 */
export abstract class LeadCatalog {
  abstract listOpen(filter: LeadFilter, now: Date, after: Cursor | null, limit: number): Promise<PublicLead[]>;
  /** The distinct values open leads hold, for the app page's filters. */
  abstract openFacets(now: Date): Promise<LeadFacets>;
  abstract findMany(ids: string[]): Promise<Map<string, PublicLead>>;
  abstract find(id: string): Promise<PublicLead | null>;
  abstract holdForClaim(tx: Tx, id: string): Promise<Pick<PublicLead, 'status' | 'expiresAt'> | null>;
  abstract disclosures(tx: Tx, ids: string[]): Promise<Map<string, Disclosure>>;
}
