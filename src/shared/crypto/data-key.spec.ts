import { randomBytes } from 'node:crypto';
import { DataKey } from './data-key';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('DataKey', () => {
  const box = SecretBox.fromSetting(`k1:${key()}`);

  it('seals a field that only its own data key opens, in its own row and column', () => {
    const dataKey = DataKey.generate();
    const sealed = dataKey.seal('+79991234567', 'leads.leads:a:contact_phone');
    expect(sealed).not.toContain('79991234567');
    expect(dataKey.open(sealed, 'leads.leads:a:contact_phone')).toBe('+79991234567');
    expect(() => dataKey.open(sealed, 'leads.leads:b:contact_phone')).toThrow();
    expect(() => dataKey.open(sealed, 'leads.leads:a:contact_email')).toThrow();
    expect(() => DataKey.generate().open(sealed, 'leads.leads:a:contact_phone')).toThrow();
  });

  it('refuses a tampered field', () => {
    const dataKey = DataKey.generate();
    const parts = dataKey.seal('secret', 'ctx').split('.');
    const tag = Buffer.from(parts[2], 'base64url');
    tag[0] ^= 1;
    parts[2] = tag.toString('base64url');
    expect(() => dataKey.open(parts.join('.'), 'ctx')).toThrow();
  });

  it('is stored only wrapped by the master key, bound to its row', () => {
    const dataKey = DataKey.generate();
    const field = dataKey.seal('Иван', 'ctx');
    const wrapped = dataKey.wrap(box, 'leads.lead_keys:a:wrapped_key');
    expect(SecretBox.keyIdOf(wrapped)).toBe('k1');
    expect(DataKey.unwrap(box, wrapped, 'leads.lead_keys:a:wrapped_key').open(field, 'ctx')).toBe('Иван');
    expect(() => DataKey.unwrap(box, wrapped, 'leads.lead_keys:b:wrapped_key')).toThrow();
    expect(() => DataKey.unwrap(SecretBox.fromSetting(`k1:${key()}`), wrapped, 'leads.lead_keys:a:wrapped_key')).toThrow();
  });
});
