import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FastifyInstance } from 'fastify';
import { InvalidConfigError, Settings } from '../../src/config/settings';
import { ClaimsConfig } from '../../src/modules/claims/claims.config';
import { LeadsConfig } from '../../src/modules/leads/leads.config';
import { PartnersConfig } from '../../src/modules/partners/partners.config';
import { operator } from '../support/fixtures';
import { startTestApp, TestApp, TEST_ENV } from '../support/test-app';

const PROJECT_ROOT = join(__dirname, '..', '..');

/** Every operation the service offers; a route added without documentation must change this list. */
const EXPECTED_OPERATIONS = [
  'GET /health',
  'GET /health/ready',
  'POST /api/v1/partners',
  'GET /api/v1/partners',
  'GET /api/v1/partners/{id}',
  'GET /api/v1/scheduled-tasks',
  'GET /api/v1/scheduled-tasks/{name}/runs',
  'PATCH /api/v1/partners/{id}',
  'POST /api/v1/partners/{id}/sessions',
  'GET /api/v1/partners/{id}/eligibility',
  'GET /api/v1/partners/{id}/eligibility/history',
  'POST /api/v1/partners/{id}/eligibility-checks',
  'PUT /api/v1/partners/{id}/offer-verdict',
  'POST /api/v1/partners/import',
  'POST /api/v1/sessions/renew',
  'POST /api/v1/leads',
  'GET /api/v1/leads',
  'GET /api/v1/leads/facets',
  'GET /api/v1/leads/{id}',
  'POST /api/v1/leads/{id}/withdraw',
  'POST /api/v1/leads/{id}/erasure',
  'POST /api/v1/leads/{id}/claims',
  'GET /api/v1/leads/{id}/claims',
  'GET /api/v1/claims',
  'GET /api/v1/claims/{id}',
  'GET /api/v1/claims/{id}/state',
  'POST /api/v1/claims/{id}/close',
  'GET /api/v1/me',
  'GET /api/v1/compliance/access-log',
  'GET /api/v1/leads/{id}/consent',
  'POST /api/v1/compliance/pd-agreements',
  'GET /api/v1/compliance/pd-agreements',
].sort();

const PUBLIC_OPERATIONS = ['GET /health', 'GET /health/ready'];

interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

function operationsOf(doc: OpenApi): Array<[string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/**
 * The routes Fastify really serves, read from its route tree (printRoutes draws one node per
 * line, four columns per level), so an undocumented route cannot hide.
 */
function servedOperations(fastify: FastifyInstance): string[] {
  const stack: string[] = [];
  const served: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join('').replace(/\/:(\w+)/g, '/{$1}');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) served.push(`${method} ${path}`);
  }
  return served;
}

/** Every example (and default) value in the document, one JSON text per line. */
function examplesIn(doc: OpenApi): string {
  const examples: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' || k === 'examples' || k === 'default') examples.push(JSON.stringify(v));
      collect(v);
    }
  };
  collect(doc);
  // Guards against a document shape change that would make the scans below vacuous.
  expect(examples.length).toBeGreaterThan(10);
  return examples.join('\n');
}

describe('platform', () => {
  let t: TestApp;
  let doc: OpenApi;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  describe('health', () => {
    it('liveness answers without credentials', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('readiness reports the database up', async () => {
      const res = await t.http.get('/health/ready').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });
  });

  describe('request ids', () => {
    it('answers every request with an X-Request-Id', async () => {
      const a = await t.http.get('/api/v1/partners').set(operator).expect(200);
      const b = await t.http.get('/api/v1/partners').set(operator).expect(200);
      expect(a.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
      expect(b.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
      const unauthenticated = await t.http.get('/api/v1/leads').expect(401);
      expect(unauthenticated.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
    });

    it('echoes a well-formed client X-Request-Id and replaces a malformed one', async () => {
      const echoed = await t.http.get('/api/v1/partners').set(operator).set('X-Request-Id', 'client-trace.42_a').expect(200);
      expect(echoed.headers['x-request-id']).toBe('client-trace.42_a');
      const replaced = await t.http.get('/api/v1/partners').set(operator).set('X-Request-Id', 'has spaces; and <tags>').expect(200);
      expect(replaced.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
      expect(replaced.headers['x-request-id']).not.toContain(' ');
      const tooLong = await t.http.get('/api/v1/partners').set(operator).set('X-Request-Id', 'x'.repeat(65)).expect(200);
      expect(tooLong.headers['x-request-id']).not.toBe('x'.repeat(65));
    });
  });

  describe('OpenAPI', () => {
    it('documents exactly the routes the app serves', async () => {
      expect(operationsOf(doc).map(([key]) => key).sort()).toEqual(EXPECTED_OPERATIONS);
      const served = servedOperations(t.app.getHttpAdapter().getInstance())
        // The app page's hashed files (@fastify/static under /b24/static/assets/) print as a bare wildcard.
        .filter((op) => !op.startsWith('HEAD ') && !/ \/api\/docs/.test(op) && op !== 'GET *')
        .sort();
      expect(served).toEqual(EXPECTED_OPERATIONS);
    });

    it('gives every operation a summary and a documented success answer', () => {
      for (const [key, op] of operationsOf(doc)) {
        expect({ key, summary: op.summary?.trim() || null }).toEqual({ key, summary: expect.any(String) });
        const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
        const documented = success.some(
          ([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
        );
        expect({ key, documented }).toEqual({ key, documented: true });
      }
    });

    it('requires credentials on every operation but health', () => {
      for (const [key, op] of operationsOf(doc)) {
        const secured = (op.security ?? []).length > 0;
        expect({ key, secured }).toEqual({ key, secured: !PUBLIC_OPERATIONS.includes(key) });
      }
    });

    it('does not publish e-mail addresses outside example.com / example.org in its examples', () => {
      const text = examplesIn(doc);
      const emails = text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
      expect(emails.filter((e) => !/@example\.(com|org)$/i.test(e))).toEqual([]);
    });

    it('has no phone number (+7 or 8 and ten digits) in its examples', () => {
      const text = examplesIn(doc);
      const phones = text.match(/(?<![\w-])(?:\+\s*7|8)(?:[\s()-]*\d){10}(?!\d)/g) ?? [];
      expect(phones).toEqual([]);
    });

    it('serves the Swagger UI as HTML', async () => {
      const res = await t.http.get('/api/docs').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/swagger-ui/i);
    });

    it('the documented routes are really served', async () => {
      for (const key of EXPECTED_OPERATIONS.filter((k) => !PUBLIC_OPERATIONS.includes(k))) {
        const [method, path] = key.split(' ');
        const url = path.replace('{id}', '00000000-0000-4000-8000-000000000000');
        const res = await t.http[method.toLowerCase() as 'get' | 'post' | 'patch'](url).send({});
        expect({ key, status: res.status }).toEqual({ key, status: 401 });
      }
    });
  });
});

describe('configuration', () => {
  const masterKey = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
  const minimal = {
    API_KEYS: 'operator:operator-key-0123456789',
    SESSION_SECRET: 's'.repeat(32),
    PII_MASTER_KEY: masterKey('k1', 7),
  };

  const problemsOf = (env: Record<string, string | undefined>): string => {
    try {
      Settings.fromEnv(env);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      return (error as InvalidConfigError).message;
    }
    throw new Error('Settings.fromEnv accepted the configuration');
  };

  it('applies the documented defaults to a minimal valid environment', () => {
    const settings = Settings.fromEnv(minimal);
    const config = settings.app;
    expect(config).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
    expect(settings.of(PartnersConfig)).toMatchObject({ DEFAULT_CLAIM_CAP: 3 });
    expect(settings.of(ClaimsConfig)).toMatchObject({ LEAD_MAX_CLAIMS: 5, LOST_CLAIM_ACCESS_DAYS: 30 });
    expect(settings.of(LeadsConfig)).toMatchObject({ LEAD_TTL_DAYS: 30, PII_RETENTION_DAYS: 365 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.apiKeys()).toEqual([{ role: 'operator', key: 'operator-key-0123456789' }]);
  });

  it('reads numbers from strings', () => {
    const settings = Settings.fromEnv({ ...minimal, PORT: '8080', LEAD_TTL_DAYS: '7', DATABASE_URL: 'postgresql://u@h/db' });
    expect(settings.app).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgresql://u@h/db' });
    expect(settings.of(LeadsConfig).LEAD_TTL_DAYS).toBe(7);
  });

  it.each([
    ['API_KEYS is missing', { API_KEYS: undefined }, 'API_KEYS'],
    ['API_KEYS is empty', { API_KEYS: '' }, 'API_KEYS'],
    ['API_KEYS has an unknown role', { API_KEYS: 'admin:admin-key-0123456789' }, 'API_KEYS'],
    ['API_KEYS has a short key', { API_KEYS: 'operator:short-key' }, 'API_KEYS'],
    ['one of several API_KEYS is bad', { API_KEYS: 'operator:operator-key-0123456789,intake:tiny' }, 'API_KEYS'],
    ['SESSION_SECRET is shorter than 32', { SESSION_SECRET: 's'.repeat(31) }, 'SESSION_SECRET'],
    ['SESSION_SECRET is missing', { SESSION_SECRET: undefined }, 'SESSION_SECRET'],
    ['PORT is not a number', { PORT: 'abc' }, 'PORT'],
    ['PORT is out of range', { PORT: '70000' }, 'PORT'],
    ['DATABASE_URL is not PostgreSQL', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    ['LEAD_TTL_DAYS is zero', { LEAD_TTL_DAYS: '0' }, 'LEAD_TTL_DAYS'],
    ['LOG_LEVEL is unknown', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['PII_MASTER_KEY is missing (no key: fail closed)', { PII_MASTER_KEY: undefined }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY is empty', { PII_MASTER_KEY: '' }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY has no id', { PII_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY is garbled', { PII_MASTER_KEY: 'k1:not base64 at all!' }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY is 16 bytes', { PII_MASTER_KEY: `k1:${Buffer.alloc(16, 7).toString('base64')}` }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY is 33 bytes', { PII_MASTER_KEY: `k1:${Buffer.alloc(33, 7).toString('base64')}` }, 'PII_MASTER_KEY'],
    ['PII_MASTER_KEY names one id twice', { PII_MASTER_KEY: `${masterKey('k1', 1)},${masterKey('k1', 2)}` }, 'PII_MASTER_KEY'],
    ['PII_RETENTION_DAYS is zero', { PII_RETENTION_DAYS: '0' }, 'PII_RETENTION_DAYS'],
    ['LOST_CLAIM_ACCESS_DAYS is not a number', { LOST_CLAIM_ACCESS_DAYS: 'a month' }, 'LOST_CLAIM_ACCESS_DAYS'],
  ])('refuses to start when %s, naming the setting', (_case, override, setting) => {
    const message = problemsOf({ ...minimal, ...override });
    expect(message).toContain(setting);
    expect(message.split('\n')[0]).toBe('Invalid configuration:');
  });

  it('lists every bad setting at once, the platform\'s and each module\'s', () => {
    const message = problemsOf({
      ...minimal,
      PORT: 'abc',
      DEFAULT_CLAIM_CAP: '0',
      LEAD_TTL_DAYS: '0',
      LEAD_MAX_CLAIMS: 'many',
      B24_CLIENT_ID: 'app.123',
    });
    for (const setting of ['PORT', 'DEFAULT_CLAIM_CAP', 'LEAD_TTL_DAYS', 'LEAD_MAX_CLAIMS', 'B24_CLIENT_SECRET', 'PUBLIC_URL']) {
      expect(message).toContain(setting);
    }
  });

  it('does not repeat secret values in its messages', () => {
    const message = problemsOf({ API_KEYS: 'operator:short-secret', SESSION_SECRET: 'too-short-secret-value' });
    expect(message).toContain('API_KEYS');
    expect(message).toContain('SESSION_SECRET');
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('too-short-secret-value');
  });

  it('accepts a ring of master keys, the first one current', () => {
    expect(Settings.fromEnv({ ...minimal, PII_MASTER_KEY: `${masterKey('k2', 2)},${masterKey('k1', 1)}` }).app.PII_MASTER_KEY).toMatch(/^k2:/);
  });

  it('does not repeat a master key in its messages', () => {
    const garbled = `k1:${Buffer.alloc(16, 9).toString('base64')}`;
    const message = problemsOf({ ...minimal, PII_MASTER_KEY: garbled });
    expect(message).toContain('PII_MASTER_KEY');
    expect(message).not.toContain(Buffer.alloc(16, 9).toString('base64'));
  });

  it('refuses the example keys from .env.example in production', () => {
    const example = {
      API_KEYS: 'operator:example-operator-key-change-me',
      SESSION_SECRET: 'example-session-secret-change-me-0123456789',
      PII_MASTER_KEY: minimal.PII_MASTER_KEY,
    };
    expect(problemsOf({ ...example, NODE_ENV: 'production' })).toMatch(/API_KEYS and SESSION_SECRET/);
    expect(() => Settings.fromEnv(example)).not.toThrow();
  });

  it('the real entry point exits non-zero and names API_KEYS when it is not set', async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TS_NODE_PROJECT: 'tsconfig.json',
      // The suite's server: a start that got past the configuration would not boot an embedded one.
      DATABASE_URL: process.env.DATABASE_URL!,
      SESSION_SECRET: TEST_ENV.SESSION_SECRET,
      // Present but empty: a .env next to the code must not supply it (process.loadEnvFile never
      // overrides a variable that is set), and empty counts as unset for the configuration.
      API_KEYS: '',
      // Keeps main.ts from creating a .env from .env.example as it does for a first local start.
      NODE_ENV: 'production',
      PORT: '0',
    };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearTimeout(timer);

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toContain('API_KEYS');
    expect(stderr).toContain('Invalid configuration');
    // The configuration error is reported as a message, not as a stack trace.
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
