import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface GcmParts {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

/** AES-256-GCM with associated data; a wrong key, context or a flipped bit makes `decrypt` throw. */
export function encrypt(key: Buffer, plaintext: Buffer, context: string): GcmParts {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

export function decrypt(key: Buffer, { iv, tag, data }: GcmParts, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

export const b64 = (buffer: Buffer) => buffer.toString('base64url');
export const unb64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64url');
