import { randomUUID } from 'node:crypto';
import { auditor, intake, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const HEADER = 'id,at,partnerId,b24UserId,leadId,claimId,purpose,channel';

/** Rows written straight into the log: the export must treat whatever text it holds as data. */
async function logRows(t: TestApp, rows: Array<{ partnerId: string; leadId: string; b24UserId: string | null }>) {
  await t.sql(
    `INSERT INTO compliance.access_log (at, partner_id, b24_user_id, lead_id, claim_id, purpose, channel)
     SELECT now(), p, u, l, NULL, 'claim-taken', 'api' FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS x(p, u, l)`,
    [rows.map((r) => r.partnerId), rows.map((r) => r.b24UserId), rows.map((r) => r.leadId)],
  );
}

/** RFC 4180 records, enough of a parser to check quoting (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

describe('access-log export: CSV and NDJSON, streamed and recorded', () => {
  let t: TestApp;
  const partnerId = randomUUID();
  const leadId = randomUUID();
  const hostile = ['=HYPERLINK("http://evil.example","click")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', 'a,"b"\r\nc'];

  beforeAll(async () => {
    t = await startTestApp();
    await logRows(t, hostile.map((b24UserId) => ({ partnerId, leadId, b24UserId })));
  });
  afterAll(() => t.close());

  it('?format=csv answers a CSV attachment with a header, RFC 4180 quoting and defused formulas', async () => {
    const res = await t.http.get('/api/v1/compliance/access-log').query({ format: 'csv', leadId }).set(operator).buffer(true).parse(text).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="access-log.csv"');
    const records = parseCsv(res.body);
    expect(records[0].join(',')).toBe(HEADER);
    expect(records).toHaveLength(1 + hostile.length);
    const users = records.slice(1).map((r) => r[3]).reverse();
    expect(users).toEqual(hostile.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
    for (const r of records.slice(1)) {
      expect(r).toHaveLength(8);
      expect(r[3]).not.toMatch(/^[=+\-@\t\r]/);
      expect(r).toEqual([expect.stringMatching(/^\d+$/), expect.any(String), partnerId, expect.any(String), leadId, '', 'claim-taken', 'api']);
    }
  });

  it('Accept: text/csv also selects CSV; NDJSON streams one JSON record per line', async () => {
    const csv = await t.http.get('/api/v1/compliance/access-log').query({ leadId }).set(auditor).set('Accept', 'text/csv').buffer(true).parse(text).expect(200);
    expect(csv.body.split('\r\n')[0]).toBe(HEADER);
    const nd = await t.http.get('/api/v1/compliance/access-log').query({ leadId, format: 'ndjson' }).set(auditor).buffer(true).parse(text).expect(200);
    expect(nd.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = nd.body.trim().split('\n').map((l: string) => JSON.parse(l));
    expect(lines.map((l: { b24UserId: string }) => l.b24UserId).reverse()).toEqual(hostile);
  });

  it('streams 5,000 matching records without error, filtered by partner and time', async () => {
    const bulkPartner = randomUUID();
    await t.sql(
      `INSERT INTO compliance.access_log (at, partner_id, b24_user_id, lead_id, claim_id, purpose, channel)
       SELECT now(), $1, NULL, gen_random_uuid(), gen_random_uuid(), 'crm-transfer', 'bitrix24' FROM generate_series(1, 5000)`,
      [bulkPartner],
    );
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const res = await t.http
      .get('/api/v1/compliance/access-log')
      .query({ format: 'csv', partnerId: bulkPartner, from })
      .set(operator)
      .buffer(true)
      .parse(text)
      .expect(200);
    const records = parseCsv(res.body);
    expect(records).toHaveLength(5001);
    const ids = records.slice(1).map((r) => Number(r[0]));
    expect(new Set(ids).size).toBe(5000);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(records.slice(1).every((r) => r[2] === bulkPartner && r[6] === 'crm-transfer')).toBe(true);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await t.http.get('/api/v1/compliance/access-log').query({ format: 'csv', partnerId: bulkPartner, from: future }).set(operator).buffer(true).parse(text).expect(200);
    expect(none.body).toBe(`${HEADER}\r\n`);
  });

  it('records every export and read: who, which filters, which format, when; append-only', async () => {
    const marker = randomUUID();
    await t.http.get('/api/v1/compliance/access-log').query({ format: 'csv', leadId: marker }).set(auditor).buffer(true).parse(text).expect(200);
    await t.http.get('/api/v1/compliance/access-log').query({ partnerId: marker, limit: 5 }).set(operator).expect(200);
    const rows = await t.sql<{ client_id: string; role: string; format: string; filters: object; at: Date }>(
      `SELECT client_id, role, format, filters, at FROM compliance.access_log_exports
       WHERE filters->>'leadId' = $1 OR filters->>'partnerId' = $1 ORDER BY id`,
      [marker],
    );
    expect(rows).toEqual([
      { client_id: expect.stringMatching(/^key:/), role: 'auditor', format: 'csv', filters: { leadId: marker }, at: expect.any(Date) },
      { client_id: expect.stringMatching(/^key:/), role: 'operator', format: 'json', filters: { partnerId: marker, limit: 5 }, at: expect.any(Date) },
    ]);
    await expect(t.sql('UPDATE compliance.access_log_exports SET role = $1', ['x'])).rejects.toThrow(/append-only/);
    await expect(t.sql('DELETE FROM compliance.access_log_exports')).rejects.toThrow(/append-only/);
    await expect(t.sql('TRUNCATE compliance.access_log_exports')).rejects.toThrow(/append-only/);
  });

  it('is closed to the intake role, in every format, and records nothing for it', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM compliance.access_log_exports');
    expect((await t.http.get('/api/v1/compliance/access-log').query({ format: 'csv' }).set(intake).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get('/api/v1/compliance/access-log').set(intake).set('Accept', 'text/csv').expect(403);
    expect(await t.sql('SELECT count(*)::int AS n FROM compliance.access_log_exports')).toEqual(before);
  });

  it('refuses an unknown format', async () => {
    const res = await t.http.get('/api/v1/compliance/access-log').query({ format: 'xlsx' }).set(operator).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

/** Collects the body as text whatever its content type. */
function text(res: unknown, done: (err: Error | null, body: string) => void) {
  const stream = res as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}
