import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors, RestError } from './envelope';
import { parsePhpForm } from './php-form';

const BODY_LIMIT = 20 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) reject(Errors.coded('INVALID_REQUEST', 'Request is too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Query and body merged, body winning; JSON and PHP-bracket form bodies are both read. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const query = parsePhpForm(url.search.slice(1));
  const raw = await readBody(req);
  if (!raw) return query;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  let body: unknown;
  if (type.includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      throw Errors.coded('INVALID_REQUEST', 'Invalid JSON');
    }
  } else if (type.includes('multipart/form-data')) {
    throw Errors.coded('INVALID_REQUEST', 'multipart bodies are not supported by the test double');
  } else {
    body = parsePhpForm(raw);
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...query, ...(body as object) } : query;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): number {
  const err = e instanceof RestError ? e : Errors.internal();
  sendJson(res, err.status, err.body());
  return err.status;
}

/** Never answer: the caller's timeout fires. The socket is released after two minutes or on close(). */
export function hold(req: IncomingMessage): void {
  setTimeout(() => req.socket.destroy(), 120_000).unref();
}
