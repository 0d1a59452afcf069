import { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';

/** Bitrix24's JS library (BX24), which our pages load from Bitrix24's CDN. */
const BX24_LIBRARY = 'https://api.bitrix24.com';

/** Sends a page for Bitrix24's iframe, with a CSP that only `frameAncestors` may frame. */
export function sendFramedPage(reply: FastifyReply, html: string, frameAncestors: string[]): void {
  reply.status(200).type('text/html; charset=utf-8').header('Content-Security-Policy', framedPageCsp(html, frameAncestors)).send(html);
}

export function framedPageCsp(html: string, frameAncestors: string[]): string {
  return [
    "default-src 'self'",
    // Inline scripts run only if they are exactly the ones we rendered: injected markup cannot add any.
    `script-src 'self' ${BX24_LIBRARY} ${inlineScriptHashes(html).join(' ')}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
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
