import fastifyStatic from '@fastify/static';
import { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the built page's hashed files are served; Vite builds with this as its base. */
export const APP_PAGE_ASSETS_PREFIX = '/b24/static/assets/';

/** Where, in each built page, the server puts what only a request can tell (comments Vite keeps). */
export const LAUNCH_CONTEXT_SLOT = '<!--launch-context-->';
export const INSTALL_CONTEXT_SLOT = '<!--install-context-->';
export const INSTALL_BODY_SLOT = '<!--install-body-->';

/** The folder `npm run build` writes the page to (dist/frontend at the repository's root). */
export function appPageDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + from);
    dir = parent;
  }
  return join(dir, 'dist', 'frontend');
}

const shells = new Map<string, string>();

/** A built page (index.html, install.html), read once; null until `npm run build` has built it. */
export function builtPage(name: 'index.html' | 'install.html', slots: string[]): string | null {
  const cached = shells.get(name);
  if (cached) return cached;
  const file = join(appPageDir(), name);
  if (!existsSync(file)) return null;
  const html = readFileSync(file, 'utf8');
  const missing = slots.find((slot) => !html.includes(slot));
  if (missing) throw new Error(`${file} has no ${missing}: rebuild the page`);
  shells.set(name, html);
  return html;
}

/** Serves the page's hashed scripts and styles; hashed names never change, so they cache for a year. */
export async function serveAppPageAssets(fastify: FastifyInstance): Promise<void> {
  const root = join(appPageDir(), 'assets');
  if (!existsSync(root)) return;
  await fastify.register(fastifyStatic, {
    root,
    prefix: APP_PAGE_ASSETS_PREFIX,
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
  });
}
