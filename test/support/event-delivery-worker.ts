import 'reflect-metadata';
import { createApp } from '../../src/bootstrap/create-app';
import { Settings } from '../../src/config/settings';
import { DomainEvent } from '../../src/shared/events/domain-event';
import { EventBus } from '../../src/shared/events/event-bus';
import { TEST_ENV } from './test-app';

// Shared by event-delivery.e2e-spec.ts and the child process it spawns from this file, so the
// worker that crashes and the instance that takes over run the very same consumer.

export const PROBE_CONSUMER = 'delivery-probe';
export const PROBE_EVENT = 'lead.published';
export const PROBE_QUEUE = `${PROBE_CONSUMER}.${PROBE_EVENT}`;

// No unique key on purpose: a duplicate delivery must show up as a second row, not as an error.
export const CREATE_EFFECTS_TABLE = 'CREATE TABLE public.effects (event_id uuid NOT NULL, handled_by text NOT NULL)';

// Short expiry so that a job orphaned by a dead worker comes back within seconds.
export const PROBE_ENV: Record<string, string> = { ...TEST_ENV, EVENT_EXPIRE_SECONDS: '2' };

export type CrashPoint = 'before-commit' | 'after-commit';

export function subscribeEffectConsumer(bus: EventBus, handledBy: string, afterEffect?: () => void): void {
  bus.subscribe<DomainEvent>(PROBE_CONSUMER, PROBE_EVENT, async (event, tx) => {
    await tx.query('INSERT INTO public.effects (event_id, handled_by) VALUES ($1, $2)', [event.id, handledBy]);
    afterEffect?.();
  });
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('SIGKILL did not stop the process');
}

/**
 * The event bus acknowledges a job only after the handler's transaction has committed, through
 * pg-boss's Manager#complete; dying on entry to it is the narrowest "committed but never
 * acknowledged" window there is, with nothing left to chance.
 */
function dieBeforeAcknowledging(queue: string): void {
  type Complete = (this: unknown, name: string, ...rest: unknown[]) => Promise<unknown>;
  const manager = require('pg-boss/src/manager') as { prototype: { complete: Complete } };
  const complete = manager.prototype.complete;
  manager.prototype.complete = function (this: unknown, name: string, ...rest: unknown[]) {
    if (name === queue) die();
    return complete.call(this, name, ...rest);
  };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const crashPoint = process.env.CRASH_POINT as CrashPoint | undefined;
  if (!databaseUrl || !process.send) throw new Error('start this script through the e2e spec: it needs DATABASE_URL and an IPC channel');
  if (crashPoint !== 'before-commit' && crashPoint !== 'after-commit') throw new Error(`unknown CRASH_POINT ${crashPoint}`);

  const settings = Settings.fromEnv({ ...PROBE_ENV, DATABASE_URL: databaseUrl });
  const app = await createApp({ settings, databaseUrl });
  if (crashPoint === 'after-commit') dieBeforeAcknowledging(PROBE_QUEUE);
  subscribeEffectConsumer(app.get(EventBus), 'crashing-worker', crashPoint === 'before-commit' ? die : undefined);
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ ready: await app.getUrl() });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
