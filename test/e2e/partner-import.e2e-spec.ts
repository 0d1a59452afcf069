import { auditor, createPartner, intake, operator, partnerBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const IMPORT = '/api/v1/partners/import';
const CSV = 'text/csv; charset=utf-8';

let sequence = 0;
const contract = (tag: string) => `IMP-${process.pid}-${tag}-${++sequence}`;

const RU_HEADER = 'Номер договора;Наименование;Статус договора;Сайт;Страница предложения;Портал;Лимит заявок';
const EN_HEADER = 'contractNumber,name,contractStatus,websiteUrl,offerPageUrl,portalDomain,claimCap';

interface Row {
  id: string;
  contract_number: string;
  name: string;
  contract_status: string;
  portal_domain: string | null;
  claim_cap: number | null;
  updated_at: Date;
}

describe('partner registry import (POST /partners/import)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const rowsOf = (numbers: string[]) =>
    t.sql<Row>(
      `SELECT id, contract_number, name, contract_status, portal_domain, claim_cap, updated_at
         FROM partners.partners WHERE contract_number = ANY($1) ORDER BY contract_number`,
      [numbers],
    );
  /** Verdict history, where the eligibility work keeps one: a repeated import must add nothing. */
  const historyCount = async () =>
    (
      await t.sql<{ n: number }>(
        `SELECT CASE WHEN to_regclass('partners.eligibility_history') IS NULL THEN 0
                ELSE (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM partners.eligibility_history', false, true, '')))[1]::text::int END AS n`,
      )
    )[0].n;
  const postCsv = (text: string, headers: Record<string, string> = operator) =>
    t.http.post(IMPORT).set(headers).set('Content-Type', CSV).send(text);

  it('imports a ; separated 1C export with Russian headers and a BOM, mapping the statuses', async () => {
    const [a, b] = [contract('1c'), contract('1c')];
    const csv =
      `\ufeff${RU_HEADER}\r\n` +
      `${a};"ООО ""Интегратор""";действует;https://a.example.com;https://a.example.com/offers;${a.toLowerCase()}.bitrix24.ru;5\r\n` +
      `${b};ИП Петров;Заблокирован;https://b.example.com;https://b.example.com/offers;;\r\n`;
    const res = await postCsv(csv).expect(200);
    expect(res.body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    expect(res.body.rows).toEqual([
      { row: 2, contractNumber: a, outcome: 'created', partnerId: expect.any(String) },
      { row: 3, contractNumber: b, outcome: 'created', partnerId: expect.any(String) },
    ]);
    const [ra, rb] = await rowsOf([a, b]);
    expect(ra).toMatchObject({ name: 'ООО "Интегратор"', contract_status: 'active', portal_domain: `${a.toLowerCase()}.bitrix24.ru`, claim_cap: 5 });
    expect(rb).toMatchObject({ name: 'ИП Петров', contract_status: 'blocked', portal_domain: null, claim_cap: null });
    const read = await t.http.get(`/api/v1/partners/${res.body.rows[1].partnerId}`).set(operator).expect(200);
    expect(read.body).toMatchObject({ contractNumber: b, claimCap: 3, eligibility: { eligible: false } });
  });

  it('imports a , separated Excel export with English headers, quoted fields and a line break inside quotes', async () => {
    const [a, b] = [contract('xl'), contract('xl')];
    const csv =
      `${EN_HEADER}\n` +
      `"${a}","Integrator, Ltd",active,"https://a.example.com","https://a.example.com/offers?x=1,2",,\n` +
      `${b},"Two\nlines",active,https://b.example.com,https://b.example.com/o,,3\n`;
    const res = await postCsv(csv).expect(200);
    expect(res.body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 1 });
    expect(res.body.rows[0]).toMatchObject({ row: 2, contractNumber: a, outcome: 'created' });
    // The quoted name spans lines 3 and 4: the row is numbered by the line it starts on.
    expect(res.body.rows[1]).toMatchObject({ row: 3, contractNumber: b, outcome: 'refused', partnerId: null });
    expect(res.body.rows[1].errors).toEqual([{ field: 'name', message: expect.stringMatching(/one line/) }]);
    expect((await rowsOf([a]))[0]).toMatchObject({ name: 'Integrator, Ltd' });
  });

  it('imports JSON, { partners: [...] } or a bare array, with Russian keys and statuses too', async () => {
    const [a, b] = [contract('js'), contract('js')];
    const wrapped = await t.http
      .post(IMPORT)
      .set(operator)
      .send({ partners: [partnerBody({ contractNumber: a, claimCap: 7 })] })
      .expect(200);
    expect(wrapped.body.rows).toEqual([{ row: 1, contractNumber: a, outcome: 'created', partnerId: expect.any(String) }]);
    const bare = await t.http
      .post(IMPORT)
      .set(operator)
      .send([
        { 'Номер договора': b, Наименование: 'ООО Б', 'Статус договора': 'расторгнут', Сайт: 'https://b.example.com', 'Страница предложения': 'https://b.example.com/o' },
      ])
      .expect(200);
    expect(bare.body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 });
    expect(await rowsOf([a, b])).toMatchObject([{ claim_cap: 7 }, { contract_status: 'terminated' }]);
  });

  it('upserts by contract number: created, updated (naming the fields), unchanged and refused rows in one file', async () => {
    const existing = partnerBody({ contractNumber: contract('mix'), claimCap: 4 });
    const same = partnerBody({ contractNumber: contract('mix') });
    await t.http.post('/api/v1/partners').set(operator).send(existing).expect(201);
    await t.http.post('/api/v1/partners').set(operator).send(same).expect(201);
    const fresh = contract('mix');
    const line = (p: Record<string, unknown>, status: string, cap: string) =>
      [p.contractNumber, p.name, status, p.websiteUrl, p.offerPageUrl, '', cap].join(';');
    const csv = [
      RU_HEADER,
      line(existing, 'blocked', ''),
      line(same, 'действует', ''),
      line({ ...existing, contractNumber: fresh }, 'active', '2'),
      line({ ...existing, contractNumber: contract('mix'), websiteUrl: 'javascript:alert(1)' }, 'active', ''),
      line({ ...existing, contractNumber: contract('mix') }, 'suspended', '0'),
    ].join('\n');
    const res = await postCsv(csv).expect(200);
    expect(res.body.summary).toEqual({ created: 1, updated: 1, unchanged: 1, refused: 2 });
    const [updated, unchanged, created, badUrl, badStatus] = res.body.rows;
    expect(updated).toMatchObject({ row: 2, outcome: 'updated', changed: ['contractStatus', 'claimCap'] });
    expect(unchanged).toMatchObject({ row: 3, outcome: 'unchanged', partnerId: expect.any(String) });
    expect(unchanged.changed).toBeUndefined();
    expect(created).toMatchObject({ row: 4, contractNumber: fresh, outcome: 'created' });
    expect(badUrl).toMatchObject({ row: 5, outcome: 'refused', partnerId: null, errors: [{ field: 'websiteUrl', message: expect.any(String) }] });
    expect(badStatus.errors.map((e: { field: string }) => e.field).sort()).toEqual(['claimCap', 'contractStatus']);
    const read = await t.http.get(`/api/v1/partners/${updated.partnerId}`).set(operator).expect(200);
    expect(read.body).toMatchObject({ contractStatus: 'blocked', claimCapOverride: null, eligibility: { eligible: false } });
  });

  it('a repeated import answers all unchanged and writes nothing (no updated_at bump, no verdicts)', async () => {
    const numbers = [contract('rep'), contract('rep'), contract('rep')];
    const csv = [EN_HEADER, ...numbers.map((n, i) => `${n},Partner ${i},active,https://r.example.com,https://r.example.com/o,${n.toLowerCase()}.bitrix24.ru,${i + 1}`)].join('\r\n');
    const first = await postCsv(csv).expect(200);
    expect(first.body.summary.created).toBe(3);
    const before = await rowsOf(numbers);
    const history = await historyCount();
    t.clock.advance(60_000);
    const again = await postCsv(csv).expect(200);
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 3, refused: 0 });
    expect(again.body.rows.map((r: { partnerId: string }) => r.partnerId)).toEqual(first.body.rows.map((r: { partnerId: string }) => r.partnerId));
    expect(await rowsOf(numbers)).toEqual(before);
    expect(await historyCount()).toBe(history);
  });

  it('refuses every row of a contract number repeated in the file, naming the other rows', async () => {
    const [dup, ok] = [contract('dup'), contract('dup')];
    const body = { partners: [partnerBody({ contractNumber: dup }), partnerBody({ contractNumber: ok }), partnerBody({ contractNumber: dup })] };
    const res = await t.http.post(IMPORT).set(operator).send(body).expect(200);
    expect(res.body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 2 });
    expect(res.body.rows[0].errors).toEqual([{ field: 'contractNumber', message: expect.stringContaining('row 3') }]);
    expect(res.body.rows[2].errors).toEqual([{ field: 'contractNumber', message: expect.stringContaining('row 1') }]);
    expect(await rowsOf([dup, ok])).toHaveLength(1);
  });

  it('refuses a portal domain another partner holds, or one repeated in the file, and writes the other rows', async () => {
    const holder = await createPartner(t.http, { portalDomain: `held-${process.pid}.bitrix24.ru` });
    const held = (await t.http.get(`/api/v1/partners/${holder.id}`).set(operator).expect(200)).body;
    const own = await createPartner(t.http, { portalDomain: `own-${process.pid}.bitrix24.ru` });
    const mine = (await t.http.get(`/api/v1/partners/${own.id}`).set(operator).expect(200)).body;
    const [a, b, c, d] = [contract('dom'), contract('dom'), contract('dom'), contract('dom')];
    const twice = `twice-${process.pid}.bitrix24.ru`;
    const res = await t.http
      .post(IMPORT)
      .set(operator)
      .send([
        partnerBody({ contractNumber: a, portalDomain: `HELD-${process.pid}.Bitrix24.ru` }),
        partnerBody({ contractNumber: b, portalDomain: twice }),
        partnerBody({ contractNumber: c, portalDomain: twice }),
        partnerBody({ contractNumber: d }),
        { ...partnerBody({ contractNumber: mine.contractNumber, name: mine.name }), portalDomain: mine.portalDomain },
      ])
      .expect(200);
    expect(res.body.summary).toEqual({ created: 1, updated: 0, unchanged: 1, refused: 3 });
    expect(res.body.rows[0].errors).toEqual([{ field: 'portalDomain', message: expect.stringContaining(held.contractNumber) }]);
    expect(res.body.rows[1].errors).toEqual([{ field: 'portalDomain', message: expect.stringContaining('row 3') }]);
    expect(res.body.rows[2].errors[0].field).toBe('portalDomain');
    expect(res.body.rows[3]).toMatchObject({ outcome: 'created' });
    // A partner's own row naming the domain it holds is no clash.
    expect(res.body.rows[4]).toMatchObject({ outcome: 'unchanged', partnerId: own.id });
    expect(await rowsOf([a, b, c])).toEqual([]);
  });

  it('imports 10,000 rows in seconds, and the same file again as unchanged', async () => {
    const tag = `${process.pid}-${Date.now().toString(36)}`;
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      `BULK-${tag}-${i};Партнёр ${i};${i % 10 === 0 ? 'заблокирован' : 'действует'};https://p${i}.example.com;https://p${i}.example.com/offers;p${i}-${tag}.bitrix24.ru;${(i % 100) + 1}`,
    );
    const csv = `\ufeff${RU_HEADER}\r\n${lines.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(65536);

    let started = Date.now();
    const first = await postCsv(csv).expect(200);
    console.log(`partner import: 10,000 new rows in ${Date.now() - started} ms (${Buffer.byteLength(csv)} bytes)`);
    expect(first.body.summary).toEqual({ created: 10_000, updated: 0, unchanged: 0, refused: 0 });
    expect(first.body.rows[9_999]).toMatchObject({ row: 10_001, contractNumber: `BULK-${tag}-9999`, outcome: 'created' });
    const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM partners.partners WHERE contract_number LIKE $1', [`BULK-${tag}-%`]);
    expect(n).toBe(10_000);

    started = Date.now();
    const again = await postCsv(csv).expect(200);
    console.log(`partner import: the same 10,000 rows again in ${Date.now() - started} ms`);
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 10_000, refused: 0 });
  }, 180_000);

  describe('refuses bad input with a problem and changes nothing', () => {
    const count = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM partners.partners'))[0].n;
    const cases: Array<{ name: string; type: string; body: string; status: number; code: string }> = [
      { name: 'plain text', type: 'text/plain', body: 'hello', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { name: 'CSV in Windows-1251', type: 'text/csv; charset=windows-1251', body: RU_HEADER, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { name: 'an empty CSV body', type: CSV, body: '', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'blank lines only', type: CSV, body: '\r\n;;\r\n', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'data without a header', type: CSV, body: 'BX-1;ООО;active;https://a.example.com;https://a.example.com/o', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'unknown columns only', type: CSV, body: 'ИНН;КПП\n7700000000;770001001', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unknown column beside known ones', type: CSV, body: `${RU_HEADER};ИНН\nBX-1;a;active;https://a.example.com;https://a.example.com/o;;;1`, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a required column missing', type: CSV, body: 'Номер договора;Наименование\nBX-1;a', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'a header only', type: CSV, body: `${RU_HEADER}\r\n`, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'an unterminated quote', type: CSV, body: `${EN_HEADER}\nBX-1,"open,active`, status: 400, code: 'MALFORMED_REQUEST' },
      { name: 'an empty JSON list', type: 'application/json', body: '{"partners":[]}', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'JSON without a list', type: 'application/json', body: '{"partners":{"a":1}}', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'JSON with an unknown top-level field', type: 'application/json', body: '{"partners":[],"dryRun":true}', status: 400, code: 'VALIDATION_FAILED' },
      { name: 'malformed JSON', type: 'application/json', body: '{"partners":[', status: 400, code: 'MALFORMED_REQUEST' },
    ];

    it.each(cases)('$name -> $status $code', async (c) => {
      const before = await count();
      const res = await t.http.post(IMPORT).set(operator).set('Content-Type', c.type).send(c.body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: c.status, code: c.code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await count()).toBe(before);
    });

    it('refuses non-UTF-8 bytes', async () => {
      const res = await t.http.post(IMPORT).set(operator).set('Content-Type', 'text/csv').send(Buffer.from([0xcd, 0xee, 0xec, 0xe5, 0xf0, 0x0a]));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'MALFORMED_REQUEST' });
    });

    it('refuses more rows than IMPORT_MAX_ROWS with 413, and a body over IMPORT_BODY_LIMIT_BYTES', async () => {
      const small = await startTestApp({ env: { IMPORT_MAX_ROWS: '3', IMPORT_BODY_LIMIT_BYTES: String(64 * 1024) } });
      try {
        const rows = Array.from({ length: 4 }, (_, i) => `BX-${i};a;active;https://a.example.com;https://a.example.com/o;;`);
        const many = await small.http.post(IMPORT).set(operator).set('Content-Type', CSV).send([RU_HEADER, ...rows].join('\n'));
        expect({ status: many.status, code: many.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
        const big = await small.http.post(IMPORT).set(operator).set('Content-Type', CSV).send(`${RU_HEADER}\n${'x'.repeat(70 * 1024)}`);
        expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
        expect((await small.sql<{ n: number }>('SELECT count(*)::int AS n FROM partners.partners'))[0].n).toBe(0);
      } finally {
        await small.close();
      }
    });

    it('keeps text/csv away from other routes', async () => {
      const res = await t.http.post('/api/v1/partners').set(operator).set('Content-Type', CSV).send(EN_HEADER);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  it.each([
    ['the auditor', auditor],
    ['the intake key', intake],
  ])('refuses %s with 403', async (_, headers) => {
    const res = await postCsv(`${RU_HEADER}\nBX-x;a;active;https://a.example.com;https://a.example.com/o;;`, headers);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a partner session with 403', async () => {
    const partner = await createPartner(t.http);
    const res = await t.http.post(IMPORT).set(partner.auth).send({ partners: [partnerBody()] });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });
});
