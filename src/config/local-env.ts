import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root: the nearest folder above this file with a package.json (from src or dist). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/**
 * Loads `.env`. Outside production a missing `.env` is first written from `.env.example` with
 * freshly generated keys (API keys, session secret, PII master key), so `npm start` works on a new checkout without publishing a known key.
 */
export function loadLocalEnv(root: string): void {
  const envFile = join(root, '.env');
  if (!existsSync(envFile) && process.env.NODE_ENV !== 'production') {
    const secret = () => randomBytes(18).toString('base64url');
    const content = readFileSync(join(root, '.env.example'), 'utf8')
      .replace(/^API_KEYS=.*$/m, `API_KEYS=operator:${secret()},intake:${secret()},auditor:${secret()}`)
      .replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${randomBytes(32).toString('base64url')}`)
      .replace(/^PII_MASTER_KEY=.*$/m, `PII_MASTER_KEY=k1:${randomBytes(32).toString('base64')}`);
    writeFileSync(envFile, content, { mode: 0o600 });
    console.warn(`No .env found: wrote ${envFile} from .env.example with new random API keys and a new PII master key.`);
  }
  if (existsSync(envFile)) process.loadEnvFile(envFile);
}
