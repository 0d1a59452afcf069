import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM under a ring of master keys. The first key seals; any key of the ring opens, so a
 * key can be rotated in. The associated data binds a ciphertext to its row and column: a value
 * copied into another row does not open.
 */
export class SecretBox {
  private constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly currentId: string,
  ) {}

  /** `id:base64key[,id:base64key…]`, 32-byte keys, the first one current. */
  static fromSetting(setting: string): SecretBox {
    const keys = new Map<string, Buffer>();
    for (const entry of setting.split(',')) {
      const [id, encoded] = entry.split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (!/^[\w-]{1,32}$/.test(id ?? '') || key.length !== 32) {
        throw new Error('a master key must be written as id:base64 of 32 bytes');
      }
      keys.set(id, key);
    }
    return new SecretBox(keys, setting.split(':')[0]);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.currentId, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, data] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (version !== VERSION || !key) throw new Error(`cannot open a secret sealed with key "${keyId}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
