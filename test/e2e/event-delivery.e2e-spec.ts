import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/bootstrap/create-app';
import { Settings } from '../../src/config/settings';
import { EventBus } from '../../src/shared/events/event-bus';
import {
  CREATE_EFFECTS_TABLE,
  CrashPoint,
  PROBE_ENV,
  PROBE_QUEUE,
  subscribeEffectConsumer,
} from '../support/event-delivery-worker';
import { eventually, intake, leadBody } from '../support/fixtures';
import { createTestDatabase, TestDatabase, withClient } from '../support/test-database';

const PROJECT_ROOT = join(__dirname, '..', '..');
const WORKER_SCRIPT = join(PROJECT_ROOT, 'test', 'support', 'event-delivery-worker.ts');

interface Instance {
  app: NestFastifyApplication;
  url: string;
}

interface Job {
  id: string;
  state: string;
  retry_count: number;
  event_id: string;
}

interface Effect {
  event_id: string;
  handled_by: string;
}

async function startInstance(databaseUrl: string, handledBy: string): Promise<Instance> {
  const settings = Settings.fromEnv({ ...PROBE_ENV, DATABASE_URL: databaseUrl });
  const app = await createApp({ settings, databaseUrl });
  subscribeEffectConsumer(app.get(EventBus), handledBy);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: await app.getUrl() };
}

async function publishLead(url: string): Promise<string> {
  const res = await request(url).post('/api/v1/leads').set(intake).send(leadBody()).expect(201);
  return res.body.id as string;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The real app in a separate Node process, so that a SIGKILL takes its connections and pg-boss worker with it. */
class CrashingWorker {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private output = '';

  constructor(databaseUrl: string, crashPoint: CrashPoint) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER_SCRIPT], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(PROJECT_ROOT, 'tsconfig.json'),
        DATABASE_URL: databaseUrl,
        CRASH_POINT: crashPoint,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async ready(timeoutMs: number): Promise<string> {
    const url = new Promise<string>((resolve, reject) => {
      this.child.once('message', (message: { ready: string }) => resolve(message.ready));
      void this.exited.then(({ code, signal }) =>
        reject(new Error(`the worker exited (${signal ?? code}) before it was ready:\n${this.output}`)),
      );
    });
    return within(url, timeoutMs, `the worker to start:\n${this.output}`);
  }

  async death(timeoutMs: number): Promise<NodeJS.Signals | null> {
    const { signal } = await within(this.exited, timeoutMs, 'the worker to die');
    return signal;
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

describe('event delivery', () => {
  let database: TestDatabase;
  const instances: Instance[] = [];
  let worker: CrashingWorker | undefined;

  const sql = <R>(text: string, values?: unknown[]) =>
    withClient(database.url, (c) => c.query(text, values)).then((r) => r.rows as R[]);
  const jobs = () =>
    sql<Job>(`SELECT id, state, retry_count, data->>'id' AS event_id FROM pgboss.job WHERE name = $1`, [PROBE_QUEUE]);
  const effects = () => sql<Effect>('SELECT event_id, handled_by FROM public.effects');
  const inbox = () => sql<{ event_id: string }>('SELECT event_id FROM platform.inbox WHERE consumer = $1', [PROBE_QUEUE]);

  beforeEach(async () => {
    database = await createTestDatabase();
    await sql(CREATE_EFFECTS_TABLE);
  });

  afterEach(async () => {
    worker?.stop();
    worker = undefined;
    await Promise.all(instances.splice(0).map((i) => i.app.close()));
    await database.drop();
  });

  it.each<[CrashPoint, string]>([
    ['before-commit', 'in the handler, before its transaction commits'],
    ['after-commit', 'after the handler committed, before pg-boss acknowledges the job'],
  ])('%s: a worker SIGKILLed %s leaves the job to a second instance, and the effect happens exactly once', async (crashPoint) => {
    worker = new CrashingWorker(database.url, crashPoint);
    const workerUrl = await worker.ready(40_000);

    const leadId = await publishLead(workerUrl);
    expect(await worker.death(15_000)).toBe('SIGKILL');

    const [orphan, ...others] = await jobs();
    expect(others).toEqual([]);
    expect(orphan.state).toBe('active');
    const eventId = orphan.event_id;
    const [{ payload }] = await sql<{ payload: { leadId: string } }>(
      `SELECT data->'payload' AS payload FROM pgboss.job WHERE id = $1`,
      [orphan.id],
    );
    expect(payload.leadId).toBe(leadId);
    if (crashPoint === 'before-commit') {
      expect(await effects()).toEqual([]);
      expect(await inbox()).toEqual([]);
    } else {
      expect(await effects()).toEqual([{ event_id: eventId, handled_by: 'crashing-worker' }]);
      expect(await inbox()).toEqual([{ event_id: eventId }]);
    }

    instances.push(await startInstance(database.url, 'survivor'));

    await eventually(async () => {
      const [job] = await jobs();
      expect(job).toMatchObject({ id: orphan.id, state: 'completed' });
    }, 20_000);
    const [job] = await jobs();
    expect(job.retry_count).toBeGreaterThanOrEqual(1);
    expect(await effects()).toEqual([
      { event_id: eventId, handled_by: crashPoint === 'before-commit' ? 'survivor' : 'crashing-worker' },
    ]);
    expect(await inbox()).toEqual([{ event_id: eventId }]);
  });

  it('two instances on one database handle each of 30 events exactly once between them', async () => {
    instances.push(await startInstance(database.url, 'instance-a'));
    instances.push(await startInstance(database.url, 'instance-b'));
    const events = 30;

    const leadIds = await Promise.all(
      Array.from({ length: events }, (_, i) => publishLead(instances[i % instances.length].url)),
    );
    expect(new Set(leadIds).size).toBe(events);

    await eventually(async () => {
      expect((await jobs()).filter((j) => j.state === 'completed')).toHaveLength(events);
    }, 30_000);
    const published = (await jobs()).map((j) => j.event_id).sort();
    const handled = await effects();
    expect(handled.map((e) => e.event_id).sort()).toEqual(published);
    expect(new Set(published).size).toBe(events);
    // Both must have taken part, or this would only show what one instance does alone.
    expect(new Set(handled.map((e) => e.handled_by))).toEqual(new Set(['instance-a', 'instance-b']));
  });
});
