import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { ContactSealing } from './contact-sealing';

const key = () => randomBytes(32).toString('base64');
const contact = { name: 'Иван Петров', position: 'CEO', phone: '+79991234567', email: 'ivan@romashka.example' };

describe('ContactSealing', () => {
  const sealing = new ContactSealing(SecretBox.fromSetting(`k1:${key()}`));

  it('seals every contact field so that nothing of the plaintext shows, and opens it again', () => {
    const sealed = sealing.seal('lead-a', 'ООО Ромашка', contact);
    const stored = JSON.stringify(sealed);
    for (const plain of ['Иван', 'Петров', '9991234567', 'ivan@', 'Ромашка']) expect(stored).not.toContain(plain);
    expect(sealing.open('lead-a', sealed.wrappedKey, sealed.fields)).toEqual({ erased: false, companyName: 'ООО Ромашка', contact });
  });

  it('refuses a field swapped between rows, or between columns of one row', () => {
    const a = sealing.seal('lead-a', 'A', contact);
    const b = sealing.seal('lead-b', 'B', { ...contact, phone: '+79990000000' });
    expect(() => sealing.open('lead-a', a.wrappedKey, { ...a.fields, contact_phone: b.fields.contact_phone })).toThrow();
    expect(() => sealing.open('lead-a', b.wrappedKey, a.fields)).toThrow();
    expect(() => sealing.open('lead-a', a.wrappedKey, { ...a.fields, contact_phone: a.fields.contact_email })).toThrow();
  });

  it('refuses a tampered field', () => {
    const a = sealing.seal('lead-a', 'A', contact);
    const parts = a.fields.contact_name.split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[0] ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => sealing.open('lead-a', a.wrappedKey, { ...a.fields, contact_name: parts.join('.') })).toThrow();
  });

  it('refuses a data key wrapped under a master key it does not hold', () => {
    const a = new ContactSealing(SecretBox.fromSetting(`k9:${key()}`)).seal('lead-a', 'A', contact);
    expect(() => sealing.open('lead-a', a.wrappedKey, a.fields)).toThrow(/k9/);
  });

  it('reports an erased lead (no key, no fields) as erased, with nothing to show', () => {
    const a = sealing.seal('lead-a', 'A', contact);
    expect(sealing.open('lead-a', null, a.fields)).toEqual({ erased: true, companyName: null, contact: null });
    expect(sealing.open('lead-a', a.wrappedKey, {})).toEqual({ erased: true, companyName: null, contact: null });
  });

  it('rotation re-wraps the key and rehashes the lookups without changing the fields', () => {
    const k1 = key();
    const before = new ContactSealing(SecretBox.fromSetting(`k1:${k1}`)).seal('lead-a', 'A', contact);
    const after = new ContactSealing(SecretBox.fromSetting(`k2:${key()},k1:${k1}`));
    const rotated = after.rotate('lead-a', before.wrappedKey, { phone: before.fields.contact_phone, email: before.fields.contact_email });
    expect(rotated.keyId).toBe('k2');
    expect(SecretBox.keyIdOf(rotated.wrappedKey)).toBe('k2');
    expect(after.lookups(contact).current).toEqual([rotated.phoneHash, rotated.emailHash]);
    expect(after.open('lead-a', rotated.wrappedKey, before.fields).contact).toEqual(contact);
  });
});
