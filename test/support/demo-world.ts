import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap/create-app';
import { Settings } from '../../src/config/settings';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { Clock } from '../../src/shared/time/clock';
import { startBitrix24Double, type Bitrix24Double, type FakePortal } from './bitrix24-double';
import { freePort, ticketFromInstallPage } from './bitrix24-setup';
import { seededRandom } from './seeded-random';
import { createTestDatabase } from './test-database';

/**
 * A whole world to look at or to drive from a browser: the Bitrix24 double, the service on its own
 * database, partners, the app installed on the partners' portals the real way, and seeded requests.
 * `npm run demo` runs it with fixed ports; browser tests run it with ports 0.
 */

export interface DemoPartnerSpec {
  key: string;
  name: string;
  contractStatus: 'active' | 'blocked' | 'terminated';
  portalDomain?: string;
  claimCap?: number;
}

export const DEMO_PARTNERS: DemoPartnerSpec[] = [
  { key: 'integrator', name: 'ООО Интегратор', contractStatus: 'active', portalDomain: 'integrator.bitrix24.ru', claimCap: 3 },
  { key: 'blocked', name: 'ООО «Старый договор»', contractStatus: 'blocked', portalDomain: 'blocked-partner.bitrix24.ru' },
  { key: 'volga', name: 'ООО «Волга Софт»', contractStatus: 'active' },
  { key: 'ural', name: 'АО «Уральские решения»', contractStatus: 'active', claimCap: 10 },
];

export interface DemoWorldOptions {
  /** Port of the Bitrix24 double (0: any free one). Default 0. */
  b24Port?: number;
  /** Port of the service (0: any free one). Default 0. */
  port?: number;
  /** How many requests to seed (default 200). */
  leads?: number;
  /** Which of DEMO_PARTNERS to create, by key (default all). */
  partners?: string[];
  /** Seed of the generated requests (default 2026). */
  seed?: number;
  /** 'embedded': a throw-away embedded PostgreSQL; 'test': a fresh database on the jest server (DATABASE_URL). */
  database?: 'embedded' | 'test';
  /** Service log level (default 'warn'). */
  logLevel?: string;
  /** More settings for the service (benchmarks). */
  env?: Record<string, string>;
}

export interface DemoWorld {
  /** The service's base URL (PUBLIC_URL). */
  url: string;
  b24: Bitrix24Double;
  app: NestFastifyApplication;
  /** Portals by domain, for the partners that have one. */
  portals: Record<string, FakePortal>;
  /** Partner ids by DemoPartnerSpec.key. */
  partnerIds: Record<string, string>;
  leadIds: string[];
  /** The contact each seeded request was published with, by request id (what a take reveals). */
  leadContacts: Record<string, { name: string; phone: string; email: string }>;
  keys: { operator: string; intake: string; auditor: string };
  /** The portal's app page and CRM view of a portal domain. */
  appPageUrl(domain?: string): string;
  crmUrl(domain?: string): string;
  close(): Promise<void>;
}

export const DEMO_APP = { clientId: 'local.partner-leads.demo', clientSecret: 'demo-client-secret-0123456789' };

/** Real time, moved back while requests are seeded so their publishedAt spreads over past days. */
class DemoClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    return await start(options, cleanups, close);
  } catch (e) {
    await close();
    throw e;
  }
}

async function start(options: DemoWorldOptions, cleanups: Array<() => Promise<void>>, close: () => Promise<void>): Promise<DemoWorld> {
  const b24 = await startBitrix24Double({ port: options.b24Port ?? 0, random: seededRandom(options.seed ?? 2026) });
  cleanups.push(() => b24.close());

  const databaseUrl = await openDatabase(options.database ?? 'embedded', cleanups);
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const keys = {
    operator: `demo-operator-${randomBytes(12).toString('hex')}`,
    intake: `demo-intake-${randomBytes(12).toString('hex')}`,
    auditor: `demo-auditor-${randomBytes(12).toString('hex')}`,
  };
  const env: Record<string, string> = {
    API_KEYS: `operator:${keys.operator},intake:${keys.intake},auditor:${keys.auditor}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PII_MASTER_KEY: `demo:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: options.logLevel ?? 'warn',
    B24_CLIENT_ID: DEMO_APP.clientId,
    B24_CLIENT_SECRET: DEMO_APP.clientSecret,
    B24_OAUTH_URL: b24.oauthUrl,
    PUBLIC_URL: url,
    B24_ALLOW_INSECURE_PORTALS: 'true',
    // The demo's partners have made-up websites: audits run on request (POST /partners/{id}/eligibility-checks)
    // and nightly, not the moment a partner is registered, so the demo opens with every partner's rules unaudited.
    AUDIT_ON_CHANGE: 'false',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    ...options.env,
  };
  const clock = new DemoClock();
  const app = await createApp({ settings: Settings.fromEnv(env), databaseUrl, clock });
  await app.listen({ port, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  b24.registerApp({ ...DEMO_APP, installUrl: `${url}/b24/install`, appUrl: `${url}/b24/app` });

  const api = async (path: string, key: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const specs = options.partners ? DEMO_PARTNERS.filter((p) => options.partners!.includes(p.key)) : DEMO_PARTNERS;
  const partnerIds: Record<string, string> = {};
  const portals: Record<string, FakePortal> = {};
  for (const [i, p] of specs.entries()) {
    const slug = p.key.replace(/[^a-z0-9]/g, '');
    const created = await api('/api/v1/partners', keys.operator, {
      name: p.name,
      contractNumber: `BX-2026-${String(i + 1).padStart(4, '0')}`,
      contractStatus: p.contractStatus,
      websiteUrl: `https://${slug}.example.ru`,
      offerPageUrl: `https://${slug}.example.ru/bitrix24`,
      ...(p.portalDomain ? { portalDomain: p.portalDomain } : {}),
      ...(p.claimCap ? { claimCap: p.claimCap } : {}),
    });
    partnerIds[p.key] = String(created.id);
  }
  for (const p of specs) {
    if (!p.portalDomain) continue;
    const portal = b24.createPortal({ domain: p.portalDomain, bucket: { capacity: 10_000, drainPerSecond: 50 } });
    portal.addUser({ id: 1, name: 'Анна', lastName: 'Администраторова', admin: true });
    portals[p.portalDomain] = portal;
    await installTheRealWay(portal, url);
  }

  const leadContacts: DemoWorld['leadContacts'] = {};
  const leadIds = await seedLeads(options.leads ?? 200, options.seed ?? 2026, clock, async (body) => {
    const published = await api('/api/v1/leads', keys.intake, body);
    leadContacts[String(published.id)] = (body as { contact: { name: string; phone: string; email: string } }).contact;
    return published;
  });

  const first = specs.find((p) => p.portalDomain)?.portalDomain ?? 'integrator.bitrix24.ru';
  return {
    url,
    b24,
    app,
    portals,
    partnerIds,
    leadIds,
    leadContacts,
    keys,
    appPageUrl: (domain = first) => `${b24.url}/${domain}/marketplace/app/`,
    crmUrl: (domain = first) => `${b24.url}/${domain}/crm/deal/`,
    close,
  };
}

/**
 * As an administrator installs the app: the install page opens in the portal, the administrator
 * accepts the personal-data agreement (the ticket is on the page), the page calls installFinish.
 */
async function installTheRealWay(portal: FakePortal, serviceUrl: string): Promise<void> {
  const { response } = await portal.install();
  if (!response || response.status !== 200) throw new Error(`install page of ${portal.domain}: ${response?.status} ${response?.body.slice(0, 300)}`);
  const accepted = await fetch(`${serviceUrl}/b24/install/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticket: ticketFromInstallPage(response.body) }),
  });
  if (accepted.status !== 204) throw new Error(`agreement on ${portal.domain}: ${accepted.status} ${await accepted.text()}`);
  portal.installFinish();
  // The service binds its event handlers once the install is finished; wait for them.
  const deadline = Date.now() + 15_000;
  while (portal.bindings().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

async function openDatabase(kind: 'embedded' | 'test', cleanups: Array<() => Promise<void>>): Promise<string> {
  if (kind === 'test') {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    return db.url;
  }
  const root = mkdtempSync(join(tmpdir(), 'partner-leads-demo-'));
  // Run as root, the server runs as user postgres, which must be able to enter the folder.
  chmodSync(root, 0o755);
  cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir: join(root, 'pg'), persistent: false, database: 'partner_leads' });
  cleanups.push(() => server.stop());
  return server.url;
}


// ---- seeded requests ----

const PLACES: Array<[string, string[]]> = [
  ['Москва', ['Москва', 'Зеленоград']],
  ['Московская область', ['Химки', 'Подольск', 'Балашиха', 'Мытищи']],
  ['Санкт-Петербург', ['Санкт-Петербург']],
  ['Ленинградская область', ['Гатчина', 'Всеволожск']],
  ['Свердловская область', ['Екатеринбург', 'Нижний Тагил']],
  ['Новосибирская область', ['Новосибирск', 'Бердск']],
  ['Республика Татарстан', ['Казань', 'Набережные Челны']],
  ['Нижегородская область', ['Нижний Новгород', 'Дзержинск']],
  ['Краснодарский край', ['Краснодар', 'Сочи', 'Новороссийск']],
  ['Самарская область', ['Самара', 'Тольятти']],
  ['Ростовская область', ['Ростов-на-Дону', 'Таганрог']],
  ['Республика Башкортостан', ['Уфа', 'Стерлитамак']],
  ['Челябинская область', ['Челябинск', 'Магнитогорск']],
  ['Пермский край', ['Пермь']],
  ['Воронежская область', ['Воронеж']],
  ['Красноярский край', ['Красноярск', 'Норильск']],
  ['Приморский край', ['Владивосток', 'Находка']],
  ['Тюменская область', ['Тюмень', 'Тобольск']],
];

const INDUSTRIES: Array<[string, string[], string[]]> = [
  ['Розничная торговля', ['Магазин', 'Маркет', 'Торговый дом'], ['сеть магазинов, нужна CRM для продаж и программа лояльности', 'интернет-магазин: заказы с сайта и маркетплейсов в одной CRM']],
  ['Производство', ['Завод', 'Фабрика', 'Производственная компания'], ['учёт заказов от дилеров и согласование договоров', 'сделки с оптовыми покупателями, счета и отгрузки из 1С']],
  ['Строительство', ['Стройгрупп', 'СтройМонтаж', 'Девелопмент'], ['воронка объектов от заявки до сдачи, задачи прорабам', 'заявки с сайта и звонки, расчёт смет, контроль субподрядчиков']],
  ['Логистика', ['Транс', 'Логистик', 'Экспедиция'], ['заявки на перевозку, расчёт ставок, контроль рейсов', 'CRM для отдела продаж и интеграция с телефонией']],
  ['IT', ['Софт', 'Диджитал', 'Технологии'], ['управление проектами и учёт времени разработчиков', 'продажи подписок, продление договоров, поддержка клиентов']],
  ['Образование', ['Академия', 'Учебный центр', 'Школа'], ['запись на курсы, оплаты, напоминания ученикам', 'воронка абитуриентов, чат с сайта и мессенджеры']],
  ['Медицина', ['Клиника', 'Медцентр', 'Стоматология'], ['онлайн-запись пациентов, напоминания, учёт обращений', 'колл-центр клиники и единая база пациентов']],
  ['Услуги', ['Сервис', 'Агентство', 'Бюро'], ['заявки клиентов, выездные мастера, контроль сроков', 'учёт обращений, договоры и документооборот']],
  ['Общепит', ['Кафе', 'Ресторанная группа', 'Фуд'], ['банкеты и корпоративные заказы, доставка', 'отзывы гостей и программа лояльности']],
  ['Недвижимость', ['Риелт', 'Недвижимость', 'Эстейт'], ['объекты, показы, сделки агентов', 'заявки с площадок объявлений и телефония']],
];

const EXTRAS = [
  'Нужна телефония и запись звонков.',
  'Важна интеграция с 1С.',
  'Хотим открытые линии: WhatsApp, Telegram, чат на сайте.',
  'Нужны бизнес-процессы согласования.',
  'Переезжаем с amoCRM, нужен перенос базы.',
  'Нужно обучение сотрудников.',
  'Сроки: запуск в течение месяца.',
  'Интересуют роботы и автоматизация воронки.',
  '',
];

const FIRST = ['Алексей', 'Мария', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Андрей', 'Наталья', 'Игорь', 'Татьяна', 'Павел', 'Светлана'];
const LAST: Array<[string, string]> = [
  ['Иванов', 'ivanov'], ['Смирнов', 'smirnov'], ['Кузнецов', 'kuznetsov'], ['Попов', 'popov'], ['Соколов', 'sokolov'],
  ['Лебедев', 'lebedev'], ['Козлов', 'kozlov'], ['Новиков', 'novikov'], ['Морозов', 'morozov'], ['Волков', 'volkov'],
];
const POSITIONS = ['Генеральный директор', 'Коммерческий директор', 'Руководитель отдела продаж', 'ИТ-директор', 'Владелец', 'Операционный директор'];
const FEMALE = new Set(['Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Светлана']);
const SIZE_USERS: Array<[string, number, number]> = [
  ['1-10', 2, 10],
  ['11-50', 10, 50],
  ['51-250', 40, 200],
  ['251-1000', 150, 600],
  ['1001+', 500, 3000],
];

async function seedLeads(count: number, seed: number, clock: DemoClock, publish: (body: unknown) => Promise<Record<string, unknown>>): Promise<string[]> {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const hourMs = 3_600_000;
  // Oldest first, so the list reads like a stream of requests over the past three weeks.
  const ages = Array.from({ length: count }, () => Math.floor(rnd() * 21 * 24 * hourMs)).sort((a, b) => b - a);
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const [region, cities] = pick(PLACES);
      const [industry, names, needs] = pick(INDUSTRIES);
      const [band, minUsers, maxUsers] = pick(SIZE_USERS);
      const first = pick(FIRST);
      const [last, latin] = pick(LAST);
      const surname = FEMALE.has(first) ? `${last}а` : last;
      const quoted = `${pick(names)} «${pick(['Альфа', 'Вектор', 'Север', 'Горизонт', 'Прогресс', 'Меридиан', 'Орион', 'Импульс', 'Гранит', 'Профи'])}»`;
      const product = rnd() < 0.75 ? 'cloud' : 'box';
      const extra = pick(EXTRAS);
      const need = pick(needs);
      const nn = String(i % 10_000).padStart(4, '0');
      clock.offsetMs = -ages[i];
      const body = {
        company: { name: `ООО ${quoted}`, industry, sizeBand: band, region, city: pick(cities) },
        need: {
          product,
          users: minUsers + Math.floor(rnd() * (maxUsers - minUsers + 1)),
          description: `${need[0].toUpperCase()}${need.slice(1)}. ${product === 'box' ? 'Нужна коробочная версия на своём сервере.' : 'Рассматриваем облачный Битрикс24.'} ${extra}`.trim(),
        },
        contact: {
          name: `${first} ${surname}`,
          position: pick(POSITIONS),
          // Obviously fictitious: +7 900 000-xx-xx and example.ru.
          phone: `+7 900 000-${nn.slice(0, 2)}-${nn.slice(2)}`,
          email: `${latin}.${i + 1}@example.ru`,
        },
        consent: {
          version: 'pd-2026-01',
          givenAt: new Date(clock.now().getTime() - (5 + Math.floor(rnd() * 120)) * 60_000).toISOString(),
          source: 'Форма на bitrix24.ru/partners',
        },
      };
      ids.push(String((await publish(body)).id));
    }
  } finally {
    clock.offsetMs = 0;
  }
  return ids;
}
