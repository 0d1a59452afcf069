import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Scheduler } from '../../src/shared/scheduling/scheduler';
import { eventually, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const PARTNERS = 200;
const OFFER = '<html><body>Внедрение Битрикс24: пакеты Старт и Бизнес</body></html>';

/**
 * The nightly audit: on its cron time, once per cluster however many instances run, every
 * partner with bounded concurrency; a slow site or a failing audit never stalls the rest.
 */
describe('the full eligibility audit', () => {
  let a: TestApp;
  let b: TestApp;
  let site: Server;
  let siteUrl = '';
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    site = createServer((req, res) => {
      if (req.url === '/slow') return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(OFFER);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const env = {
      SCHEDULER_TICK_SECONDS: '60',
      AUDIT_CRON: '30 2 * * *',
      AUDIT_ALLOW_PRIVATE_NETWORKS: 'true',
      AUDIT_FETCH_TIMEOUT_MS: '1500',
      AUDIT_CONCURRENCY: '8',
      ELIGIBILITY_RULES: 'CONTRACT_ACTIVE,OFFER_PUBLISHED,PD_AGREEMENT_ACCEPTED',
    };
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    held.forEach((r) => r.destroy());
    await new Promise((resolve) => site?.close(resolve));
  });

  it('is due at the next cron time in its time zone', async () => {
    const [task] = await a.sql<{ next_due_at: Date }>(`SELECT next_due_at FROM platform.scheduled_tasks WHERE name = 'partners.audit'`);
    const due = task.next_due_at;
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // 02:30 in Moscow (UTC+3) is 23:30 UTC.
    expect([due.getUTCHours(), due.getUTCMinutes()]).toEqual([23, 30]);
  });

  it('two instances run one audit of every partner; a slow site and a failing audit do not stop the rest', async () => {
    const rows = Array.from({ length: PARTNERS }, (_, i) => ({
      contractNumber: `AUD-${String(i).padStart(4, '0')}`,
      name: `ООО Партнёр ${i}`,
      contractStatus: 'active',
      websiteUrl: 'https://partner.example',
      offerPageUrl: i === 7 ? `${siteUrl}/slow` : `${siteUrl}/p${i}`,
    }));
    const imported = await a.http.post('/api/v1/partners/import').set(operator).send({ partners: rows }).expect(200);
    expect(imported.body.summary.created).toBe(PARTNERS);
    // One partner whose site is broken: its offer page address cannot even be parsed.
    const broken = imported.body.rows[3].partnerId as string;
    await a.sql(`UPDATE partners.partners SET offer_page_url = 'http://[broken' WHERE id = $1`, [broken]);

    await a.sql(`UPDATE platform.scheduled_tasks SET next_due_at = now() - interval '1 second' WHERE name = 'partners.audit'`);
    const started = Date.now();
    const ticks = Promise.all([a.app.get(Scheduler).tick(), b.app.get(Scheduler).tick()]);
    // Operators follow the run while it goes: its counts so far are on the running run.
    await eventually(async () => {
      const page = await a.http.get('/api/v1/scheduled-tasks/partners.audit/runs').set(operator).expect(200);
      expect(page.body.items[0]).toMatchObject({ outcome: 'running', counts: expect.objectContaining({ partners: PARTNERS, done: expect.any(Number) }) });
    }, 30_000);
    await ticks;
    const elapsed = Date.now() - started;

    const runs = await a.sql<{ outcome: string; counts: Record<string, number> }>(
      `SELECT outcome, counts FROM platform.task_runs WHERE task = 'partners.audit'`,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0].outcome).toBe('succeeded');
    // The slow one is unknown and keeps its benefit of the doubt for the grace period; the broken one fails.
    expect(runs[0].counts).toEqual({ partners: PARTNERS, done: PARTNERS, eligible: PARTNERS - 1, ineligible: 1, unknown: 1, errors: 0 });
    // The slow site held one lane for its time limit, not the run: 200 audits took well under 200 × 1.5 s.
    expect(elapsed).toBeLessThan(60_000);
    const checked = await a.sql<{ n: number }>(`SELECT count(DISTINCT partner_id)::int AS n FROM partners.eligibility_checks WHERE rule = 'OFFER_PUBLISHED'`);
    expect(checked[0].n).toBeGreaterThanOrEqual(PARTNERS - 1);
    const slow = await a.sql<{ result: string; reason_code: string }>(
      `SELECT result, reason_code FROM partners.eligibility_checks c JOIN partners.partners p ON p.id = c.partner_id
        WHERE p.contract_number = 'AUD-0007' AND c.rule = 'OFFER_PUBLISHED'`,
    );
    expect(slow).toEqual([{ result: 'unknown', reason_code: 'TIMEOUT' }]);
    const brokenCheck = await a.sql<{ result: string; reason_code: string }>(
      `SELECT result, reason_code FROM partners.eligibility_checks WHERE partner_id = $1 AND rule = 'OFFER_PUBLISHED'`,
      [broken],
    );
    expect(brokenCheck).toEqual([{ result: 'fail', reason_code: 'BAD_URL' }]);
    const [due] = await a.sql<{ next_due_at: Date }>(`SELECT next_due_at FROM platform.scheduled_tasks WHERE name = 'partners.audit'`);
    expect(due.next_due_at.getTime()).toBeGreaterThan(Date.now());
  });
});
