import { createServer } from 'node:net';
import { Bitrix24Double, startBitrix24Double } from './bitrix24-double';
import { seededRandom } from './seeded-random';
import { startTestApp, TestApp } from './test-app';

export const B24_APP = { clientId: 'local.test-app.123', clientSecret: 'test-client-secret-0123456789' };

export interface Bitrix24World {
  b24: Bitrix24Double;
  t: TestApp;
  close(): Promise<void>;
}

/** The service configured as a Bitrix24 app against a local Bitrix24 (OAuth server and portals). */
export async function startBitrix24World(env: Record<string, string> = {}): Promise<Bitrix24World> {
  const b24 = await startBitrix24Double({ random: seededRandom(7) });
  // The app needs its PUBLIC_URL before it listens, so its port is chosen first; another process
  // may take it in between, and then a new one is chosen.
  let t: TestApp | undefined;
  let publicUrl = '';
  for (let attempt = 1; !t; attempt++) {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    try {
      t = await startTestApp({
        port,
        env: {
          B24_CLIENT_ID: B24_APP.clientId,
          B24_CLIENT_SECRET: B24_APP.clientSecret,
          B24_OAUTH_URL: b24.oauthUrl,
          PUBLIC_URL: publicUrl,
          B24_ALLOW_INSECURE_PORTALS: 'true',
          ...env,
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt === 3) throw error;
    }
  }
  b24.registerApp({ ...B24_APP, installUrl: `${publicUrl}/b24/install`, appUrl: `${publicUrl}/b24/app` });
  return {
    b24,
    t,
    close: async () => {
      await t.close();
      await b24.close();
    },
  };
}

/** The ticket the install page carries for its "accept" button. */
export function ticketFromInstallPage(html: string): string {
  const match = /<meta name="install-ticket" content="([^"]+)">/.exec(html);
  if (!match) throw new Error('no ticket in the install page');
  return match[1];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
