import 'reflect-metadata';
import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditAllPartnersTask } from '../src/modules/partners/application/audit-all-partners.task';
import { startDemoWorld } from '../test/support/demo-world';

const PARTNERS = Number(process.env.BENCH_AUDIT_PARTNERS ?? 2000);
const WITH_PORTALS = Number(process.env.BENCH_AUDIT_PORTALS ?? 200);
const OFFER = '<html><body><h1>Внедрение Битрикс24</h1><p>Пакеты: Старт, Бизнес, Корпорация.</p></body></html>';

/**
 * `npm run bench:audit`: the nightly audit of 2,000 partners (by default) against the Bitrix24
 * double and a local web site. WITH_PORTALS of them have an installed portal (app.info and Open
 * Lines are read through the per-portal rate budget); one site never answers and one refuses
 * connections. Prints the time of the registry import and of the full audit, and the audit's counts.
 */
async function main(): Promise<void> {
  const held: ServerResponse[] = [];
  const site = createServer((req, res) => {
    if (req.url === '/slow') return void held.push(res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(OFFER);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const world = await startDemoWorld({
    leads: 0,
    partners: [],
    database: 'embedded',
    logLevel: 'warn',
    env: { AUDIT_ALLOW_PRIVATE_NETWORKS: 'true', AUDIT_ON_CHANGE: 'false' },
  });
  try {
    const rows = Array.from({ length: PARTNERS }, (_, i) => ({
      contractNumber: `BENCH-${String(i).padStart(5, '0')}`,
      name: `ООО Партнёр ${i}`,
      contractStatus: 'active',
      websiteUrl: 'https://partner.example',
      offerPageUrl: i === 1 ? `${siteUrl}/slow` : i === 2 ? 'http://127.0.0.1:1/offer' : `${siteUrl}/offer/${i}`,
      ...(i < WITH_PORTALS ? { portalDomain: `bench${i}.bitrix24.test` } : {}),
    }));
    const importStarted = Date.now();
    const answer = await fetch(`${world.url}/api/v1/partners/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': world.keys.operator },
      body: JSON.stringify({ partners: rows }),
    });
    const imported = (await answer.json()) as { summary: Record<string, number> };
    const importMs = Date.now() - importStarted;
    for (let i = 0; i < WITH_PORTALS; i++) {
      const portal = world.b24.createPortal({ domain: `bench${i}.bitrix24.test`, plan: { type: i % 10 === 0 ? 'basic' : 'company' }, scope: 'crm,user,placement,imopenlines,im' });
      portal.addOpenLine({ name: 'Сайт', active: i % 2 === 0 });
      await portal.install({ headless: true });
    }
    const started = Date.now();
    const counts = await world.app.get(AuditAllPartnersTask).run();
    const auditMs = Date.now() - started;
    console.log(`registry import of ${PARTNERS} partners: ${importMs} ms ${JSON.stringify(imported.summary)}`);
    console.log(`full audit of ${PARTNERS} partners (${WITH_PORTALS} with a portal): ${auditMs} ms, ${(PARTNERS / (auditMs / 1000)).toFixed(0)} partners/s`);
    console.log(`counts: ${JSON.stringify(counts)}`);
  } finally {
    held.forEach((r) => r.destroy());
    site.close();
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
