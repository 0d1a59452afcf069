import { createHmac, hkdfSync } from 'node:crypto';
import { b64, decrypt, encrypt, unb64 } from './aes-gcm';

const VERSION = 'v1';
const KEY_ID = /^[\w-]{1,32}$/;
const LOOKUP_KEY_INFO = 'partner-leads/lookup-hmac/v1';

/**
 * AES-256-GCM under a ring of master keys. The first key seals; any key of the ring opens, so a
 * key can be rotated in. The associated data binds a ciphertext to its row and column: a value
 * copied into another row does not open.
 */
export class SecretBox {
  private readonly lookupKeys: Map<string, Buffer>;

  private constructor(
    private readonly keys: Map<string, Buffer>,
    readonly currentKeyId: string,
  ) {
    // A separate key per purpose: an HMAC never runs under the key that encrypts.
    this.lookupKeys = new Map(
      [...keys].map(([id, key]) => [id, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), LOOKUP_KEY_INFO, 32))]),
    );
  }

  /** `id:base64key[,id:base64key…]`, 32-byte keys, the first one current. */
  static fromSetting(setting: string): SecretBox {
    const keys = new Map<string, Buffer>();
    for (const entry of setting.split(',')) {
      const [id, encoded, extra] = entry.split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (!KEY_ID.test(id ?? '') || key.length !== 32 || extra !== undefined || keys.has(id)) {
        throw new Error('a master key must be written as id:base64 of 32 bytes, each id once');
      }
      keys.set(id, key);
    }
    return new SecretBox(keys, setting.split(':')[0]);
  }

  /** The id of the master key that sealed `sealed`, read without opening it. */
  static keyIdOf(sealed: string): string {
    return sealed.split('.')[1] ?? '';
  }

  seal(plaintext: string, context: string): string {
    const { iv, tag, data } = encrypt(this.keys.get(this.currentKeyId)!, Buffer.from(plaintext, 'utf8'), context);
    return [VERSION, this.currentKeyId, b64(iv), b64(tag), b64(data)].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, data] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (version !== VERSION || !key) throw new Error(`cannot open a secret sealed with key "${keyId}"`);
    return decrypt(key, { iv: unb64(iv), tag: unb64(tag), data: unb64(data) }, context).toString('utf8');
  }

  /** The same secret sealed under the current key; unchanged when it already is. */
  reseal(sealed: string, context: string): string {
    return SecretBox.keyIdOf(sealed) === this.currentKeyId ? sealed : this.seal(this.open(sealed, context), context);
  }

  /** A keyed hash for equality lookups, under the current key. */
  lookupHash(value: string): string {
    return this.hashUnder(this.currentKeyId, value);
  }

  /** The value's hash under every key of the ring: rows not yet rotated still match. */
  lookupHashes(value: string): string[] {
    return [...this.lookupKeys.keys()].map((id) => this.hashUnder(id, value));
  }

  private hashUnder(keyId: string, value: string): string {
    return createHmac('sha256', this.lookupKeys.get(keyId)!).update(value, 'utf8').digest('hex');
  }
}
