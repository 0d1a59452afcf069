import { Injectable } from '@nestjs/common';
import { DataKey } from '../../../shared/crypto/data-key';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { Contact, Disclosure, ERASED } from '../contract';

export const SEALED_COLUMNS = ['company_name', 'contact_name', 'contact_position', 'contact_phone', 'contact_email'] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];
export type SealedFields = Record<SealedColumn, string>;

export interface SealedContact {
  keyId: string;
  wrappedKey: string;
  fields: SealedFields;
  phoneHash: string;
  emailHash: string;
}

/** Associated data: a ciphertext opens only in its own lead's row and column. */
const fieldContext = (leadId: string, column: SealedColumn) => `leads.leads:${leadId}:${column}`;
const keyContext = (leadId: string) => `leads.lead_keys:${leadId}:wrapped_key`;
const phoneLookup = (phone: string) => `phone:${phone}`;
const emailLookup = (email: string) => `email:${email}`;

/**
 * Envelope encryption of a lead's contact data: the fields under the lead's own data key, the
 * data key wrapped by the master key, and keyed hashes of the phone and e-mail for de-duplication.
 */
@Injectable()
export class ContactSealing {
  constructor(private readonly box: SecretBox) {}

  seal(leadId: string, companyName: string, contact: Contact): SealedContact {
    const key = DataKey.generate();
    const plain: SealedFields = {
      company_name: companyName,
      contact_name: contact.name,
      contact_position: contact.position,
      contact_phone: contact.phone,
      contact_email: contact.email,
    };
    const fields = Object.fromEntries(
      SEALED_COLUMNS.map((column) => [column, key.seal(plain[column], fieldContext(leadId, column))]),
    ) as SealedFields;
    return {
      keyId: this.box.currentKeyId,
      wrappedKey: key.wrap(this.box, keyContext(leadId)),
      fields,
      phoneHash: this.box.lookupHash(phoneLookup(contact.phone)),
      emailHash: this.box.lookupHash(emailLookup(contact.email)),
    };
  }

  /** A lead without its key or fields has been erased: nothing can be opened any more. */
  open(leadId: string, wrappedKey: string | null, fields: Partial<Record<SealedColumn, string | null>>): Disclosure {
    if (!wrappedKey || SEALED_COLUMNS.some((c) => !fields[c])) return ERASED;
    const key = DataKey.unwrap(this.box, wrappedKey, keyContext(leadId));
    const field = (column: SealedColumn) => key.open(fields[column]!, fieldContext(leadId, column));
    return {
      erased: false,
      companyName: field('company_name'),
      contact: {
        name: field('contact_name'),
        position: field('contact_position'),
        phone: field('contact_phone'),
        email: field('contact_email'),
      },
    };
  }

  /** Hashes under every key of the ring, so leads sealed before a rotation still match. */
  lookups(contact: Pick<Contact, 'phone' | 'email'>): { phones: string[]; emails: string[]; current: string[] } {
    return {
      phones: this.box.lookupHashes(phoneLookup(contact.phone)),
      emails: this.box.lookupHashes(emailLookup(contact.email)),
      current: [this.box.lookupHash(phoneLookup(contact.phone)), this.box.lookupHash(emailLookup(contact.email))],
    };
  }

  /**
   * Rotation: the data key re-wrapped and the lookup hashes recomputed under the current master
   * key. The field ciphertexts stay as they are.
   */
  rotate(
    leadId: string,
    wrappedKey: string,
    sealed: { phone: string | null; email: string | null },
  ): { keyId: string; wrappedKey: string; phoneHash: string | null; emailHash: string | null } {
    const rewrapped = this.box.reseal(wrappedKey, keyContext(leadId));
    const key = DataKey.unwrap(this.box, rewrapped, keyContext(leadId));
    const hash = (value: string | null, column: SealedColumn, lookup: (v: string) => string) =>
      value ? this.box.lookupHash(lookup(key.open(value, fieldContext(leadId, column)))) : null;
    return {
      keyId: this.box.currentKeyId,
      wrappedKey: rewrapped,
      phoneHash: hash(sealed.phone, 'contact_phone', phoneLookup),
      emailHash: hash(sealed.email, 'contact_email', emailLookup),
    };
  }
}
