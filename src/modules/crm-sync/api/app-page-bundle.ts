import fastifyStatic from '@fastify/static';
import { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the built page's hashed files are served; Vite builds with this as its base. */
export const APP_PAGE_ASSETS_PREFIX = '/b24/static/assets/';

/** The comment in the built index.html that the launch replaces with the session and its context. */
export const LAUNCH_CONTEXT_SLOT = '<!--launch-context-->';

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

let shell: string | null = null;

/** The built index.html, read once; null until `npm run build` has built the page. */
export function appPageShell(): string | null {
  if (shell) return shell;
  const file = join(appPageDir(), 'index.html');
  if (!existsSync(file)) return null;
  const html = readFileSync(file, 'utf8');
  if (!html.includes(LAUNCH_CONTEXT_SLOT)) throw new Error(`${file} has no ${LAUNCH_CONTEXT_SLOT}: rebuild the page`);
  shell = html;
  return shell;
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
