import { Scheduler } from '../../src/shared/scheduling/scheduler';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

interface RunRow {
  due_at: Date;
  instance: string;
  outcome: string;
  counts: Record<string, number> | null;
  error: string | null;
}

/** Scheduled tasks run once per cluster per due time, and every run is recorded for operators. */
describe('the scheduler', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A tick far in the future: the tests below drive the ticks themselves, except the last one.
    const env = { SCHEDULER_TICK_SECONDS: '60' };
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const makeDue = (task: string) =>
    a.sql(`UPDATE platform.scheduled_tasks SET next_due_at = now() - interval '1 second' WHERE name = $1`, [task]);
  const runsOf = (task: string) =>
    a.sql<RunRow>('SELECT due_at, instance, outcome, counts, error FROM platform.task_runs WHERE task = $1 ORDER BY started_at', [task]);
  const tickBoth = () => Promise.all([a.app.get(Scheduler).tick(), b.app.get(Scheduler).tick()]);

  it('two instances ticking together run one due task exactly once per due time', async () => {
    const leadId = await createLead(a.http);
    // Both instances' clocks say the lead is past its time to live.
    a.clock.advance(31 * DAY_MS);
    b.clock.advance(31 * DAY_MS);
    for (let round = 0; round < 8; round++) {
      await makeDue('leads.expire');
      await tickBoth();
    }
    const runs = await runsOf('leads.expire');
    expect(runs).toHaveLength(8);
    expect(new Set(runs.map((r) => r.due_at.toISOString())).size).toBe(8);
    expect(runs.every((r) => r.outcome === 'succeeded')).toBe(true);
    // The lead expired in exactly one of them, whichever instance that was.
    expect(runs.map((r) => r.counts!.expired).reduce((x, y) => x + y, 0)).toBe(1);
    const [lead] = await a.sql<{ status: string }>('SELECT status FROM leads.leads WHERE id = $1', [leadId]);
    expect(lead.status).toBe('expired');
  });

  it('a task that is not due does not run', async () => {
    const before = (await runsOf('crm-sync.reconcile-deals')).length;
    await tickBoth();
    expect(await runsOf('crm-sync.reconcile-deals')).toHaveLength(before);
  });

  it('a failed run is recorded with the reason, and the task runs again when next due', async () => {
    await a.sql('ALTER TABLE platform.idempotency_keys RENAME TO idempotency_keys_away');
    try {
      await makeDue('platform.prune-idempotency-keys');
      await tickBoth();
    } finally {
      await a.sql('ALTER TABLE platform.idempotency_keys_away RENAME TO idempotency_keys');
    }
    await makeDue('platform.prune-idempotency-keys');
    await tickBoth();
    const runs = await runsOf('platform.prune-idempotency-keys');
    expect(runs.map((r) => r.outcome)).toEqual(['failed', 'succeeded']);
    expect(runs[0].error).toBe('QueryFailedError 42P01');
    expect(runs[1].counts).toEqual({ deleted: 0 });
  });

  it('operators read every task with its next due time and last run, and each task\'s runs page by page', async () => {
    const list = await a.http.get('/api/v1/scheduled-tasks').set(operator).expect(200);
    const names = list.body.map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['leads.expire', 'leads.retain-contacts', 'platform.prune-idempotency-keys', 'platform.prune-rate-limits']),
    );
    const expiry = list.body.find((t: { name: string }) => t.name === 'leads.expire');
    expect(expiry).toMatchObject({ everySeconds: 60, lastRun: { task: 'leads.expire', outcome: 'succeeded' } });

    const first = await a.http.get('/api/v1/scheduled-tasks/leads.expire/runs').query({ limit: 5 }).set(operator).expect(200);
    expect(first.body.items).toHaveLength(5);
    const rest = await a.http
      .get('/api/v1/scheduled-tasks/leads.expire/runs')
      .query({ limit: 5, cursor: first.body.nextCursor })
      .set(operator)
      .expect(200);
    expect(rest.body.items).toHaveLength(3);
    expect(rest.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...rest.body.items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(8);

    expect((await a.http.get('/api/v1/scheduled-tasks/no-such-task/runs').set(operator).expect(404)).body.code).toBe('NOT_FOUND');
    const partner = await createPartner(a.http);
    await a.http.get('/api/v1/scheduled-tasks').set(partner.auth).expect(403);
    await a.http.get('/api/v1/scheduled-tasks').expect(401);
  });

  it('each instance looks for due tasks on its own every SCHEDULER_TICK_SECONDS', async () => {
    const c = await startTestApp({ env: { SCHEDULER_TICK_SECONDS: '0.2' }, databaseUrl: a.databaseUrl });
    try {
      const before = (await runsOf('leads.retain-contacts')).length;
      await makeDue('leads.retain-contacts');
      await eventually(async () => {
        const runs = await runsOf('leads.retain-contacts');
        expect(runs).toHaveLength(before + 1);
        expect(runs[runs.length - 1].outcome).toBe('succeeded');
      });
    } finally {
      await c.close();
    }
  });
});
