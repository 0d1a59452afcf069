import 'reflect-metadata';
import { startDemoWorld } from '../test/support/demo-world';

/**
 * `npm run demo`: the Bitrix24 double with two partner portals, the service on a throw-away
 * embedded PostgreSQL and about 200 seeded requests. Open the printed address in a browser.
 */
async function main(): Promise<void> {
  const world = await startDemoWorld({
    b24Port: Number(process.env.DEMO_B24_PORT ?? 3100),
    port: Number(process.env.DEMO_PORT ?? 3000),
    leads: Number(process.env.DEMO_LEADS ?? 200),
    database: 'embedded',
  });
  console.log(`Откройте ${world.appPageUrl('integrator.bitrix24.ru')} (CRM: ${world.crmUrl('integrator.bitrix24.ru')})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await world.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
