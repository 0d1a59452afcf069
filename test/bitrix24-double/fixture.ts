import { startBitrix24Double, type Bitrix24Double, type FakePortal } from '../support/bitrix24-double';
import { Clock, Receiver } from './receiver';

export interface Fixture {
  double: Bitrix24Double;
  receiver: Receiver;
  clock: Clock;
  portal: FakePortal;
  token: string;
  refresh: string;
  close(): Promise<void>;
}

export const CLIENT = { clientId: 'local.test.1', clientSecret: 'secret-1' };

/** A double with one registered app and one installed (and finished) portal. */
export async function installedPortal(opts: { bucket?: { capacity: number; drainPerSecond: number }; scope?: string } = {}): Promise<Fixture> {
  const clock = new Clock();
  const receiver = await new Receiver().start();
  const double = await startBitrix24Double({ now: clock.now });
  double.registerApp({
    ...CLIENT,
    installUrl: `${receiver.url}/b24/install`,
    appUrl: `${receiver.url}/b24/app`,
    scope: opts.scope,
  });
  const portal = double.createPortal({ domain: 'acme.bitrix24.test', bucket: opts.bucket ?? { capacity: 10_000, drainPerSecond: 2 } });
  const { accessToken, refreshToken } = await portal.install();
  portal.installFinish();
  return {
    double, receiver, clock, portal, token: accessToken, refresh: refreshToken,
    async close() {
      await double.close();
      await receiver.close();
    },
  };
}
