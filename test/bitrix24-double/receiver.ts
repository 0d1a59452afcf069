import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePhpForm } from '../support/bitrix24-double';

export interface Received {
  path: string;
  query: Record<string, string>;
  contentType: string;
  raw: string;
  form: Record<string, unknown>;
}

/** Plays our service's side in the double's own tests: records every POST the portal sends. */
export class Receiver {
  readonly got: Received[] = [];
  status = 200;
  onRequest: ((r: Received) => Promise<void> | void) | null = null;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://x');
        const r: Received = {
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          contentType: String(req.headers['content-type'] ?? ''),
          raw,
          form: parsePhpForm(raw),
        };
        this.got.push(r);
        if (this.onRequest) await this.onRequest(r);
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  on(path: string): Received[] {
    return this.got.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

export interface Answer {
  status: number;
  body: any;
}

/** POST JSON to a REST URL, as the docs' cURL examples do. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function postForm(url: string, form: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: res.status, body: await res.json() };
}

export async function get(url: string): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A test clock the double reads; tests move it forward by hand. */
export class Clock {
  t = Date.UTC(2026, 0, 1);
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
