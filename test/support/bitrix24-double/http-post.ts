import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import type { HttpAnswer } from './types';

/** POST a form body the way Bitrix24's servers do; status 0 means no answer (refused, reset, timed out). */
export function postForm(target: string, body: string, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const url = new URL(target);
    const send = url.protocol === 'https:' ? requestTls : request;
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Bitrix24 Webhook Engine',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', () => resolve({ status: 0, body: '', headers: {} }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', headers: {} }));
    req.end(body);
  });
}
