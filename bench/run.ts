import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../src/bootstrap/create-app';
import { Settings } from '../src/config/settings';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres';

const PARTNERS = 200;
const CLAIM_CAP = 100;
const LEADS = 2000;
const REGIONS = ['Москва', 'Санкт-Петербург', 'Свердловская область', 'Новосибирская область'];
const CONNECTIONS = 16;
const DURATION_S = 10;
const WARMUP_S = 2;
const TAKES = 3000;
const SEED_CONCURRENCY = 8;
const RESULTS_FILE = join(__dirname, 'results', 'latest.json');

interface Scenario {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const server = await databaseServer();
  try {
    const database = await createDatabase(server.url);
    try {
      await benchmark(database.url, startedAt);
    } finally {
      await database.drop();
    }
  } finally {
    await server.stop();
  }
}

async function benchmark(databaseUrl: string, startedAt: number): Promise<void> {
  const keys = { operator: secret(), intake: secret() };
  const settings = Settings.fromEnv({
    API_KEYS: `operator:${keys.operator},intake:${keys.intake}`,
    SESSION_SECRET: secret(),
    PII_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: 'silent',
    // One partner and one intake key drive all the load: the limits would measure 429s, not the service.
    RATE_LIMIT_PER_CLIENT: '1000000',
    RATE_LIMIT_REVEALS_PER_PARTNER: '1000000',
    // The seeded partners have no portals or sites: an audit on registration would make them
    // ineligible, and the takes would measure refusals. Unaudited, they are within the grace period.
    AUDIT_ON_CHANGE: 'false',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: process.env.DB_POOL_SIZE,
  });
  const app = await createApp({ settings, databaseUrl });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const rssAtStart = process.memoryUsage().rss;

    log(`seeding ${PARTNERS} partners and ${LEADS} leads through the API`);
    const seedStarted = Date.now();
    const api = client(base);
    const partners = await inParallel(PARTNERS, async (i) => {
      const partner = await api.post('/api/v1/partners', { 'X-Api-Key': keys.operator }, partnerBody(i));
      const session = await api.post(`/api/v1/partners/${partner.id}/sessions`, { 'X-Api-Key': keys.operator }, {});
      return { token: session.token as string };
    });
    const leads = await inParallel(LEADS, async (i) => {
      const lead = await api.post('/api/v1/leads', { 'X-Api-Key': keys.intake }, leadBody(i));
      return lead.id as string;
    });
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const reader = { Authorization: `Bearer ${partners[0].token}` };
    const secondPages = await Promise.all(
      REGIONS.map(async (region) => {
        const first = await api.get(`/api/v1/leads?limit=20&region=${encodeURIComponent(region)}`, reader);
        // Without a second page the keyset scenario would silently measure the first page again.
        if (first.items.length !== 20 || !first.nextCursor) throw new Error(`region ${region} has no second page`);
        return `/api/v1/leads?limit=20&region=${encodeURIComponent(region)}&cursor=${first.nextCursor}`;
      }),
    );

    log(`warming up for ${WARMUP_S} s`);
    await measure('warm-up', { url: `${base}/api/v1/leads?limit=20`, headers: reader, duration: WARMUP_S });
    const rssBeforeLoad = process.memoryUsage().rss;

    const scenarios: Scenario[] = [];
    log('1/3 GET /api/v1/leads?limit=20');
    scenarios.push(
      await measure('GET /leads?limit=20', { url: `${base}/api/v1/leads?limit=20`, headers: reader }),
    );

    log('2/3 GET /api/v1/leads?limit=20&region=…&cursor=… (page 2)');
    scenarios.push(
      await measure('GET /leads?region&cursor (page 2)', {
        url: base,
        headers: reader,
        requests: secondPages.map((path) => ({ method: 'GET' as const, path })),
      }),
    );

    log(`3/3 POST /api/v1/leads/{id}/claims (up to ${TAKES} takes or ${DURATION_S} s)`);
    const pairs = takePairs(partners, leads);
    let next = 0;
    scenarios.push(
      await measure(
        'POST /leads/{id}/claims',
        {
          url: base,
          method: 'POST',
          amount: TAKES,
          requests: [
            {
              setupRequest: (request) => {
                const pair = pairs[next++];
                return {
                  ...request,
                  method: 'POST',
                  path: `/api/v1/leads/${pair.leadId}/claims`,
                  headers: { ...request.headers, Authorization: `Bearer ${pair.token}` },
                };
              },
            },
          ],
        },
        '201',
      ),
    );
    const rssAfterLoad = process.memoryUsage().rss;
    // Takes cut off by the time bound are still running on the server, and Nest closes the database
    // before the HTTP server, so closing at once would fail them.
    await new Promise((done) => setTimeout(done, 1000));

    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, platform: process.platform },
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
      dbPoolSize: settings.app.DB_POOL_SIZE,
      seed: { partners: PARTNERS, claimCap: CLAIM_CAP, leads: LEADS, regions: REGIONS.length, seconds: seedSeconds },
      scenarios,
      rssMiB: { atStart: mib(rssAtStart), beforeLoad: mib(rssBeforeLoad), afterLoad: mib(rssAfterLoad) },
      totalSeconds: (Date.now() - startedAt) / 1000,
    };
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    printTable(report.scenarios, report.rssMiB);
    log(`wrote ${RESULTS_FILE} (${report.totalSeconds.toFixed(0)} s in all)`);
  } finally {
    await app.close();
  }
}

/** Every (partner, lead) pair is distinct and stays under both the partner cap and the 5-per-lead limit. */
function takePairs(partners: Array<{ token: string }>, leads: string[]) {
  const pairs: Array<{ token: string; leadId: string }> = [];
  // Shifting the partner by 7 each round gives every lead 5 different partners, and each partner
  // 10 takes a round: 50 in all, half its cap, so no take is refused for a limit.
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < leads.length; i++) {
      pairs.push({ token: partners[(i + round * 7) % partners.length].token, leadId: leads[i] });
    }
  }
  // Each connection builds one request ahead that it never sends.
  if (pairs.length < TAKES + CONNECTIONS) throw new Error('not enough distinct (partner, lead) pairs');
  return pairs;
}

async function measure(name: string, options: autocannon.Options, success = '200'): Promise<Scenario> {
  const startedAt = Date.now();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, duration: DURATION_S, ...options },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon notices the end only on its 1 s sampling tick, which would round an `amount` run up
    // to whole seconds; the time of the last response gives the real window.
    instance.on('response', () => (lastResponseAt = Date.now()));
    // `amount` overrides `duration` in autocannon, so the time bound has to be enforced here.
    if (options.amount) setTimeout(() => instance.stop(), DURATION_S * 1000).unref();
  });
  const seconds = (lastResponseAt - startedAt) / 1000;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  );
  const ok = statusCodes[success] ?? 0;
  return {
    name,
    connections: result.connections,
    durationS: seconds,
    requests: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    perSecond: round(ok / seconds),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function databaseServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  log('starting embedded PostgreSQL');
  const root = mkdtempSync(join(tmpdir(), 'partner-leads-bench-'));
  // Run as root, the server runs as user postgres, which must be able to enter the folder.
  chmodSync(root, 0o755);
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: join(root, 'pg'), persistent: false, database: 'postgres' });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function createDatabase(serverUrl: string) {
  const name = `pl_bench_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}

function client(base: string) {
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    get: (path: string, headers: Record<string, string>) => call('GET', path, headers),
    post: (path: string, headers: Record<string, string>, body: unknown) => call('POST', path, headers, body),
  };
}

async function inParallel<T>(count: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return results;
}

function partnerBody(i: number) {
  return {
    name: `Партнёр ${i + 1}`,
    contractNumber: `BX-BENCH-${String(i + 1).padStart(4, '0')}`,
    contractStatus: 'active',
    websiteUrl: `https://partner${i + 1}.example.com`,
    offerPageUrl: `https://partner${i + 1}.example.com/offers`,
    claimCap: CLAIM_CAP,
  };
}

function leadBody(i: number) {
  return {
    company: {
      name: `ООО Клиент ${i + 1}`,
      industry: ['Retail', 'Manufacturing', 'Services'][i % 3],
      sizeBand: ['1-10', '11-50', '51-250', '251-1000'][i % 4],
      region: REGIONS[i % REGIONS.length],
      city: REGIONS[i % REGIONS.length],
    },
    need: { product: i % 5 === 0 ? 'box' : 'cloud', users: 5 + (i % 200), description: 'CRM and telephony' },
    contact: { name: 'Ivan Petrov', position: 'CEO', phone: `+7 999 ${String(1_000_000 + i).slice(1)}0`, email: `client${i + 1}@example.com` },
    consent: { version: 'pd-2026-01', givenAt: new Date(Date.now() - 60_000).toISOString(), source: 'web form' },
  };
}

function printTable(scenarios: Scenario[], rss: { atStart: number; beforeLoad: number; afterLoad: number }) {
  const rows = [
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'status codes'],
    ...scenarios.map((s) => [
      s.name,
      s.perSecond.toFixed(0),
      String(s.latencyMs.p50),
      String(s.latencyMs.p99),
      String(s.requests),
      Object.entries(s.statusCodes).map(([code, n]) => `${code}×${n}`).join(' ') + (s.errors ? ` errors×${s.errors}` : ''),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(`\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nRSS (app + load generator): ${rss.beforeLoad} MiB before load, ${rss.afterLoad} MiB after (${rss.atStart} MiB after start-up)`);
  console.log('req/s counts 200s for the GETs and 201s (fresh takes) for the POST.\n');
}

const secret = () => randomBytes(24).toString('hex');
const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const round = (n: number) => Math.round(n * 10) / 10;
const log = (message: string) => console.error(`[bench] ${message}`);

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
