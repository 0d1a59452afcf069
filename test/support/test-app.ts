import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/bootstrap/create-app';
import { Settings } from '../../src/config/settings';
import { createTestDatabase, TestDatabase, withClient } from './test-database';
import { TestClock } from './test-clock';

export const KEYS = {
  operator: 'test-operator-key-000001',
  intake: 'test-intake-key-0000001',
  auditor: 'test-auditor-key-000001',
};

export const TEST_ENV: Record<string, string> = {
  API_KEYS: `operator:${KEYS.operator},intake:${KEYS.intake},auditor:${KEYS.auditor}`,
  SESSION_SECRET: 'test-session-secret-0123456789abcdef-xyz',
  // A fixed test key (32 bytes of 0x01): tests that read raw rows open them with the same key.
  PII_MASTER_KEY: `test1:${Buffer.alloc(32, 1).toString('base64')}`,
  LOG_LEVEL: 'silent',
  EVENT_POLL_SECONDS: '0.5',
  EVENT_RETRY_DELAY_SECONDS: '1',
  EVENT_MAINTENANCE_SECONDS: '1',
  // Suites send many refused requests from 127.0.0.1 on purpose; the budget has tests of its own.
  RATE_LIMIT_UNAUTHENTICATED_PER_IP: '100000',
  // Suites that are not about eligibility audits keep the two rules the registry and compliance
  // decide, and no audit falls due while they run; the audit suites set these back.
  ELIGIBILITY_RULES: 'CONTRACT_ACTIVE,PD_AGREEMENT_ACCEPTED',
  AUDIT_CRON: '0 0 1 1 *',
  AUDIT_ON_CHANGE: 'false',
};

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  url: string;
  clock: TestClock;
  databaseUrl: string;
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * The real service on a real port against its own database. Pass `databaseUrl` to start a
 * second instance on the same database (multi-instance tests).
 */
export async function startTestApp(
  options: { env?: Record<string, string>; databaseUrl?: string; port?: number } = {},
): Promise<TestApp> {
  let database: TestDatabase | undefined;
  const databaseUrl = options.databaseUrl ?? (database = await createTestDatabase()).url;
  const settings = Settings.fromEnv({ ...TEST_ENV, ...options.env, DATABASE_URL: databaseUrl });
  const clock = new TestClock();
  const app = await createApp({ settings, databaseUrl, clock });
  try {
    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    await database?.drop();
    throw error;
  }
  const url = await app.getUrl();
  return {
    app,
    http: request(url.replace('[::1]', '127.0.0.1')),
    url,
    clock,
    databaseUrl,
    sql: (text, values) => withClient(databaseUrl, (c) => c.query(text, values)).then((r) => r.rows),
    close: async () => {
      await app.close();
      await database?.drop();
    },
  };
}
