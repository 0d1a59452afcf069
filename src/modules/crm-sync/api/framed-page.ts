import { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';

/** Bitrix24's JS library (BX24) on Bitrix24's CDN: only the install page loads it, for installFinish. */
export const BX24_LIBRARY = 'https://api.bitrix24.com';

export interface FramedPageOptions {
  status?: number;
  /** Script origins beyond our own: the app page needs none, its code is bundled. */
  scriptOrigins?: string[];
}

/** Sends a page for Bitrix24's iframe, with a CSP that only `frameAncestors` may frame. */
export function sendFramedPage(reply: FastifyReply, html: string, frameAncestors: string[], options: FramedPageOptions = {}): void {
  reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', framedPageCsp(html, frameAncestors, options.scriptOrigins ?? []))
    .send(html);
}

export function framedPageCsp(html: string, frameAncestors: string[], scriptOrigins: string[] = []): string {
  return [
    "default-src 'self'",
    // Inline scripts run only if they are exactly the ones we rendered: injected markup cannot add any.
    ["script-src 'self'", ...scriptOrigins, ...inlineScriptHashes(html)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

function inlineScriptHashes(html: string): string[] {
  const inline = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
  return [...html.matchAll(inline)].map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}
