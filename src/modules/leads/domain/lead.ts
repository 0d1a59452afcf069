import { Company, Contact, ErasureReason, PublicLead } from '../contract';

export interface Consent {
  version: string;
  givenAt: Date;
  source: string;
}

/** The whole lead as this module keeps it; other modules see `PublicLead` and, through claims, a `Disclosure`. */
export interface Lead extends Omit<PublicLead, 'company'> {
  company: Company;
  contact: Contact;
  consent: Consent;
}

/** A lead whose contacts were destroyed: the answer to every later erasure request. */
export interface Erasure {
  leadId: string;
  erasedAt: Date;
  reason: ErasureReason;
}
