import { randomBytes } from 'node:crypto';
import { b64, decrypt, encrypt, unb64 } from './aes-gcm';
import { SecretBox } from './secret-box';

const VERSION = 'd1';

/**
 * A record's own AES-256-GCM key (envelope encryption). Only its wrapped form is stored, sealed by
 * the master key; destroying that one row makes every field sealed under it unreadable for good.
 */
export class DataKey {
  private constructor(private readonly key: Buffer) {}

  static generate(): DataKey {
    return new DataKey(randomBytes(32));
  }

  static unwrap(box: SecretBox, wrapped: string, context: string): DataKey {
    const key = Buffer.from(box.open(wrapped, context), 'base64');
    if (key.length !== 32) throw new Error('a wrapped data key did not hold 32 bytes');
    return new DataKey(key);
  }

  wrap(box: SecretBox, context: string): string {
    return box.seal(this.key.toString('base64'), context);
  }

  seal(plaintext: string, context: string): string {
    const { iv, tag, data } = encrypt(this.key, Buffer.from(plaintext, 'utf8'), context);
    return [VERSION, b64(iv), b64(tag), b64(data)].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION) throw new Error('not a field sealed by a data key');
    return decrypt(this.key, { iv: unb64(iv), tag: unb64(tag), data: unb64(data) }, context).toString('utf8');
  }
}
