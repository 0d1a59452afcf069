import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('SecretBox', () => {
  const k1 = key();
  const box = SecretBox.fromSetting(`k1:${k1}`);

  it('opens what it sealed, and the ciphertext does not contain the plaintext', () => {
    const sealed = box.seal('refresh-token-value', 'portal:abc:refresh');
    expect(sealed).not.toContain('refresh-token-value');
    expect(box.open(sealed, 'portal:abc:refresh')).toBe('refresh-token-value');
  });

  it('refuses a ciphertext moved to another row or column', () => {
    const sealed = box.seal('secret', 'portal:abc:refresh');
    expect(() => box.open(sealed, 'portal:xyz:refresh')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const parts = box.seal('secret', 'ctx').split('.');
    const data = Buffer.from(parts[4], 'base64url');
    data[0] ^= 1;
    parts[4] = data.toString('base64url');
    expect(() => box.open(parts.join('.'), 'ctx')).toThrow();
  });

  it('opens secrets sealed under an older key after rotation, and seals under the new one', () => {
    const old = box.seal('secret', 'ctx');
    const rotated = SecretBox.fromSetting(`k2:${key()},k1:${k1}`);
    expect(rotated.open(old, 'ctx')).toBe('secret');
    expect(rotated.seal('secret', 'ctx').split('.')[1]).toBe('k2');
  });

  it('refuses an unknown key id and malformed settings', () => {
    const other = SecretBox.fromSetting(`k9:${key()}`);
    expect(() => other.open(box.seal('secret', 'ctx'), 'ctx')).toThrow(/k1/);
    expect(() => SecretBox.fromSetting('k1:short')).toThrow();
    expect(() => SecretBox.fromSetting('')).toThrow();
  });

  it('reseals under the current key, and leaves what already is under it unchanged', () => {
    const old = box.seal('secret', 'ctx');
    const rotated = SecretBox.fromSetting(`k2:${key()},k1:${k1}`);
    const resealed = rotated.reseal(old, 'ctx');
    expect(SecretBox.keyIdOf(resealed)).toBe('k2');
    expect(rotated.reseal(resealed, 'ctx')).toBe(resealed);
    expect(() => rotated.reseal(old, 'other-row')).toThrow();
  });

  it('hashes for lookups under a key of its own, and under every key of the ring', () => {
    const rotated = SecretBox.fromSetting(`k2:${key()},k1:${k1}`);
    const value = 'phone:+79991234567';
    expect(box.lookupHash(value)).toBe(box.lookupHash(value));
    expect(box.lookupHash(value)).not.toContain('79991234567');
    expect(rotated.lookupHashes(value)).toEqual([rotated.lookupHash(value), box.lookupHash(value)]);
    expect(rotated.lookupHash(value)).not.toBe(box.lookupHash(value));
  });

  it('refuses a ring naming one id twice', () => {
    expect(() => SecretBox.fromSetting(`k1:${key()},k1:${key()}`)).toThrow();
  });
});
