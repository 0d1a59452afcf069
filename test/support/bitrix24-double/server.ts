import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DoubleContext } from './context';
import { Errors, RestError, successBody } from './envelope';
import { PortalState } from './fake-portal';
import { faultError, pickFault, sleep } from './faults';
import { hold, readParams, sendError, sendJson } from './http-io';
import { handleOAuth, OAUTH_HOST } from './oauth';
import { servePortalPage } from './portal-pages';
import { authenticate, credentials, dispatch, type Credentials } from './rest-router';
import { TokenStore } from './token-store';
import type { AppRegistration, Bitrix24Double, DoubleOptions, FakePortal, PortalOptions } from './types';

class Double implements Bitrix24Double, DoubleContext {
  url = '';
  oauthUrl = '';
  readonly tokens: TokenStore;
  readonly eventTimeoutMs: number;
  private registered: AppRegistration | null = null;
  private readonly portals = new Map<string, PortalState>();
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.route(req, res));

  constructor(private readonly options: DoubleOptions) {
    this.tokens = new TokenStore(() => this.now());
    this.eventTimeoutMs = options.eventTimeoutMs ?? 5000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  random(): number {
    return this.options.random ? this.options.random() : Math.random();
  }

  app(): AppRegistration | null {
    return this.registered;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.server.unref();
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.oauthUrl = `${this.url}/${OAUTH_HOST}`;
  }

  registerApp(app: AppRegistration): void {
    this.registered = { ...app };
  }

  createPortal(p: PortalOptions): FakePortal {
    if (p.domain === OAUTH_HOST || p.domain.includes('/')) throw new Error(`bad portal domain ${p.domain}`);
    if (this.byDomain(p.domain)) throw new Error(`portal ${p.domain} exists`);
    const portal = new PortalState(this, p);
    if (this.portals.has(portal.memberId)) throw new Error(`member_id ${portal.memberId} exists`);
    this.portals.set(portal.memberId, portal);
    return portal;
  }

  portal(memberIdOrDomain: string): FakePortal {
    const p = this.portals.get(memberIdOrDomain) ?? this.byDomain(memberIdOrDomain);
    if (!p) throw new Error(`no portal ${memberIdOrDomain}`);
    return p;
  }

  private byDomain(domain: string): PortalState | undefined {
    return [...this.portals.values()].find((p) => p.domain === domain);
  }

  async close(): Promise<void> {
    await Promise.all([...this.portals.values()].map((p) => p.flushEvents()));
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const [host, ...path] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    try {
      const params = await readParams(req, url);
      if (host === OAUTH_HOST) {
        await handleOAuth({ ctx: this, byMember: (m) => this.portals.get(m) }, path, req, res, params);
        return;
      }
      const portal = host ? this.byDomain(host) : undefined;
      if (!portal) {
        const moved = [...this.portals.values()].find((p) => p.formerDomains.has(host ?? ''));
        if (moved) {
          const location = `${this.url}/${moved.domain}/${path.join('/')}${url.search}`;
          res.writeHead(302, { location }).end();
          return;
        }
        throw Errors.portalDeleted();
      }
      if (path[0] !== 'rest' && (await servePortalPage(portal, path, req, res, params, url))) return;
      if (path[0] !== 'rest' || (path.length !== 2 && path.length !== 4)) throw Errors.methodNotFound();
      const creds: Credentials =
        path.length === 4 ? { webhook: { userId: Number(path[1]), secret: path[2] } } : credentials(req, params);
      await this.rest(portal, path[path.length - 1], creds, req, res, params);
    } catch (e) {
      if (!res.headersSent) sendError(res, e);
    }
  }

  /** One REST request: faults, latency, the leaky bucket, authentication, then the method. */
  private async rest(
    portal: PortalState,
    rawMethod: string,
    creds: Credentials,
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, unknown>,
  ): Promise<void> {
    const method = rawMethod.toLowerCase().replace(/\.(json|xml)$/, '');
    const started = this.now();
    if (portal.faults.unresponsive) {
      portal.log(method, 0);
      return hold(req);
    }
    const fault = pickFault(portal.faults, () => this.random());
    await sleep(portal.faults.latencyMs);
    if (fault === 'drop') {
      portal.log(method, 0);
      req.socket.destroy();
      return;
    }
    const injected = fault ? faultError(fault) : null;
    if (injected) {
      portal.log(method, sendError(res, injected));
      return;
    }
    let status: number;
    let body: unknown;
    try {
      if (!portal.bucket.tryTake()) throw Errors.queryLimit();
      const auth = authenticate(portal, creds);
      const r = await dispatch(method, params, { portal, ...auth, params });
      status = 200;
      body = successBody(r, started, this.now(), portal.faults.operatingResetAt);
    } catch (e) {
      const err = e instanceof RestError ? e : Errors.internal();
      if (!(e instanceof RestError)) console.error('bitrix24 double:', e);
      status = err.status;
      body = err.body();
    }
    portal.log(method, status);
    if (fault === 'timeout') return hold(req);
    if (fault === 'drop_after') {
      req.socket.destroy();
      return;
    }
    sendJson(res, status, body);
  }
}

export async function startBitrix24Double(options: DoubleOptions = {}): Promise<Bitrix24Double> {
  const d = new Double(options);
  await d.listen();
  return d;
}
