import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCESS_TTL_S } from './token-store';
import type { PortalState } from './fake-portal';
import type { Row } from './types';

/**
 * The portal as a browser sees it: the app page (marketplace/app/) with the app in a frame, the
 * deal list and the deal card with the app's CRM_DEAL_DETAIL_TAB. Frames are launched the real
 * way (an auto-submitting form POST into a named iframe) and the page answers the frame protocol
 * of @bitrix24/b24jssdk (see PARENT_SCRIPT).
 */

const PORTAL_FIELD_LABEL = 'Адрес портала';

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location }).end();
}

const STYLE = `
body{margin:0;font:14px/1.4 "Helvetica Neue",Arial,sans-serif;background:#eef2f4;color:#333}
header{background:#2fc6f6;color:#fff;padding:10px 20px;font-size:20px;font-weight:bold}
.layout{display:flex;min-height:calc(100vh - 44px)}
nav{width:200px;background:#1f3a4d;padding:12px 0}
nav a{display:block;color:#cfe3ee;padding:8px 20px;text-decoration:none}
nav a.active,nav a:hover{background:#2e5570;color:#fff}
main{flex:1;padding:16px 20px}
h1{font-size:22px;margin:0 0 12px}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #dde3e7;padding:6px 8px;text-align:left;vertical-align:top}
form.inline{display:inline-block;margin:2px}
.tabs a{display:inline-block;padding:6px 14px;background:#dde3e7;color:#333;text-decoration:none;margin-right:4px}
.tabs a.active{background:#fff;font-weight:bold}
.card{background:#fff;padding:12px}
iframe.app{width:100%;height:400px;border:0;background:#fff;display:block}
#b24-slider{position:fixed;inset:0;background:rgba(0,0,0,.4);display:none}
#b24-slider .panel{position:absolute;top:0;right:0;bottom:0;width:80%;background:#eef2f4;box-shadow:-4px 0 12px rgba(0,0,0,.3)}
#b24-slider iframe{width:100%;height:calc(100% - 36px);border:0}
#b24-slider button{margin:6px}
`;

interface FrameConfig {
  /** window.name of the app's iframe: "domain|protocol|appSid". */
  frameName: string;
  appSid: string;
  appOrigin: string;
  initData: Record<string, unknown>;
  /** Where the page asks for a new token (refreshAuth) and reports setInstallFinish. */
  refreshUrl: string;
  finishUrl: string;
  portalBase: string;
  userId: number;
}

/**
 * The parent side of the frame protocol, as the SDK speaks it (frame/message/controller.mjs):
 * the frame posts either the string "command:params:callbackId:appSid" (params JSON, left out when
 * empty) or, for commands with a ':' in their name, {method, params, callback, appSid}; the parent
 * answers "callbackId:<JSON>" to the frame's origin. Every command received is kept in
 * window.__b24Commands (and in the top window's, when this page is itself in a slider).
 */
const PARENT_SCRIPT = `
(function () {
  var cfg = JSON.parse(document.getElementById('b24-frame-config').textContent);
  var log = window.__b24Commands = window.__b24Commands || [];
  var topLog = null;
  try { if (window.top !== window && window.top.location.origin === location.origin) topLog = window.top.__b24Commands = window.top.__b24Commands || []; } catch (e) { topLog = null; }
  var appOptions = {}, userOptions = {};
  function frame() { return document.querySelector('iframe[name="' + cfg.frameName + '"]'); }
  function reply(callback, result) {
    if (!callback) return;
    var f = frame();
    if (f && f.contentWindow) f.contentWindow.postMessage(callback + ':' + (result === undefined ? '' : JSON.stringify(result)), cfg.appOrigin);
  }
  function parse(data) {
    if (typeof data === 'string') {
      var parts = data.split(':');
      var m = { command: parts.shift(), appSid: null, callback: null, params: null };
      if (parts.length && parts[parts.length - 1] === cfg.appSid) m.appSid = parts.pop();
      if (parts.length) m.callback = parts.pop();
      var raw = parts.join(':');
      if (raw) { try { m.params = JSON.parse(raw); } catch (e) { m.params = raw; } }
      return m;
    }
    if (data && typeof data === 'object' && typeof data.method === 'string') {
      return { command: data.method, params: data.params || null, callback: data.callback || null, appSid: data.appSid || null };
    }
    return null;
  }
  function topWindow() {
    try { if (window.top.__b24OpenSlider) return window.top; } catch (e) { /* another origin */ }
    return window;
  }
  function portalPath(path) {
    var u = new URL(path, location.origin);
    var p = u.pathname;
    if (p.indexOf(cfg.portalBase + '/') !== 0) p = cfg.portalBase + p;
    return p + u.search;
  }
  function openSlider(url, onClose) { topWindow().__b24OpenSlider(url, onClose); }
  window.__b24OpenSlider = function (url, onClose) {
    var s = document.getElementById('b24-slider');
    var f = s.querySelector('iframe');
    s.__onClose = onClose || null;
    f.src = url;
    s.style.display = 'block';
    s.setAttribute('data-url', url);
  };
  window.__b24CloseSlider = function () {
    var s = document.getElementById('b24-slider');
    if (!s || s.style.display === 'none') return;
    s.style.display = 'none';
    s.querySelector('iframe').src = 'about:blank';
    s.removeAttribute('data-url');
    var cb = s.__onClose; s.__onClose = null;
    if (cb) cb();
  };
  window.addEventListener('message', function (e) {
    var f = frame();
    if (!f || e.source !== f.contentWindow || e.origin !== cfg.appOrigin) return;
    var m = parse(e.data);
    if (!m || m.appSid !== cfg.appSid) return;
    var entry = { command: m.command, params: m.params };
    log.push(entry);
    if (topLog) topLog.push(entry);
    var p = m.params || {};
    switch (m.command) {
      case 'getInitData':
        reply(m.callback, Object.assign({}, cfg.initData, { APP_OPTIONS: appOptions, USER_OPTIONS: userOptions }));
        break;
      case 'refreshAuth':
        fetch(cfg.refreshUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: cfg.userId }) })
          .then(function (r) { return r.json(); })
          .then(function (auth) { cfg.initData.AUTH_ID = auth.AUTH_ID; cfg.initData.REFRESH_ID = auth.REFRESH_ID; reply(m.callback, auth); });
        break;
      case 'resizeWindow':
        if (p.height !== undefined) f.style.height = /^\\d+(\\.\\d+)?$/.test(String(p.height)) ? p.height + 'px' : String(p.height);
        if (p.width !== undefined) f.style.width = /^\\d+(\\.\\d+)?$/.test(String(p.width)) ? p.width + 'px' : String(p.width);
        reply(m.callback, { width: p.width, height: p.height });
        break;
      case 'setTitle':
        document.title = String(p.title || '');
        var h = document.getElementById('b24-title'); if (h) h.textContent = String(p.title || '');
        reply(m.callback, {});
        break;
      case 'setScroll':
        window.scrollTo(0, Number(p.scroll) || 0);
        reply(m.callback, {});
        break;
      case 'reloadWindow':
        location.reload();
        break;
      case 'openPath':
        openSlider(portalPath(String(p.path || '/')), function () { reply(m.callback, { result: 'close' }); });
        break;
      case 'openApplication':
        openSlider(cfg.portalBase + '/marketplace/app/?IFRAME=Y&user=' + cfg.userId + '&options=' + encodeURIComponent(JSON.stringify(p)),
          function () { reply(m.callback, {}); });
        break;
      case 'closeApplication':
        try { if (window.top !== window && window.top.__b24CloseSlider) { window.top.__b24CloseSlider(); break; } } catch (e) { /* another origin */ }
        reply(m.callback, {});
        break;
      case 'setAppOption':
      case 'setUserOption':
        Object.assign(m.command === 'setAppOption' ? appOptions : userOptions, p);
        reply(m.callback, {});
        break;
      case 'setInstall':
        reply(m.callback, {});
        break;
      case 'setInstallFinish':
        fetch(cfg.finishUrl, { method: 'POST' }).then(function () { reply(m.callback, {}); location.reload(); });
        break;
      default:
        break;
    }
  });
})();
`;

const FORM_SCRIPT = `document.getElementById('b24-launch').submit();`;

function page(title: string, portal: PortalState, active: 'app' | 'crm' | null, body: string, bare = false): string {
  const base = `/${esc(portal.domain)}`;
  const slider = `<div id="b24-slider"><div class="panel"><button type="button" onclick="window.__b24CloseSlider && window.__b24CloseSlider()">✕ Закрыть</button><iframe name="b24-slider-frame"></iframe></div></div>`;
  const chrome = bare
    ? `<main>${body}</main>`
    : `<header>Битрикс24 · ${esc(portal.domain)}</header>
<div class="layout"><nav>
<a href="${base}/crm/deal/" class="${active === 'crm' ? 'active' : ''}">CRM</a>
<a href="${base}/marketplace/app/" class="${active === 'app' ? 'active' : ''}">Заявки на внедрение</a>
</nav><main>${body}</main></div>`;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${esc(title)} — Битрикс24</title><style>${STYLE}</style></head>
<body>${chrome}${slider}</body></html>`;
}

/** The frame, the launch form aimed at it, and the parent protocol script for it. */
function appFrame(portal: PortalState, req: IncomingMessage, opts: { userId: number; url: string; placement: string; placementOptions?: Record<string, unknown> }): string {
  const launch = portal.launchRequestFor({
    userId: opts.userId,
    url: opts.url,
    placement: opts.placement,
    placementOptions: opts.placementOptions,
  });
  const { host, protocol } = frameHost(req);
  const frameName = `${host}|${protocol}|${launch.appSid}`;
  const user = portal.user(opts.userId);
  const initData = {
    DOMAIN: host,
    PROTOCOL: protocol,
    LANG: portal.languageId,
    PATH: `/marketplace/app/${portal.ctx.app()?.code ?? portal.ctx.app()?.clientId ?? ''}/`,
    AUTH_ID: launch.form.AUTH_ID,
    AUTH_EXPIRES: ACCESS_TTL_S,
    REFRESH_ID: launch.form.REFRESH_ID,
    MEMBER_ID: portal.memberId,
    FIRST_RUN: false,
    IS_ADMIN: user.admin,
    INSTALL: portal.appState === 'pending',
    USER_OPTIONS: {},
    APP_OPTIONS: {},
    PLACEMENT: opts.placement,
    PLACEMENT_OPTIONS: opts.placementOptions ?? {},
  };
  const base = `/${portal.domain}`;
  const cfg: FrameConfig = {
    frameName,
    appSid: launch.appSid,
    appOrigin: new URL(launch.url).origin,
    initData,
    refreshUrl: `${base}/marketplace/app/refresh-auth`,
    finishUrl: `${base}/marketplace/app/install-finish`,
    portalBase: base,
    userId: opts.userId,
  };
  const fields = Object.entries(launch.form)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return `<iframe class="app" name="${esc(frameName)}" allow="clipboard-write"></iframe>
<form id="b24-launch" method="post" target="${esc(frameName)}" action="${esc(launch.url)}" style="display:none">
${fields}
</form>
<script type="application/json" id="b24-frame-config">${scriptJson(cfg)}</script>
<script>${PARENT_SCRIPT}</script>
<script>${FORM_SCRIPT}</script>`;
}

/**
 * The frame is named after the portal's address as the browser reaches it. A real portal's
 * address is its domain; the double's portals live under one host (http://127.0.0.1:PORT/<domain>),
 * so the name carries that host with PROTOCOL 0: the SDK posts to "http(s)://<name's domain>" and a
 * browser drops messages whose target origin is not the parent page's origin.
 */
function frameHost(req: IncomingMessage): { host: string; protocol: 0 | 1 } {
  return { host: String(req.headers.host ?? '127.0.0.1'), protocol: 0 };
}

function userParam(portal: PortalState, url: URL): number {
  const raw = url.searchParams.get('user');
  const id = raw && /^\d+$/.test(raw) ? Number(raw) : portal.adminId;
  return id > 0 ? id : portal.adminId;
}

function appPage(portal: PortalState, req: IncomingMessage, url: URL): string {
  const bare = url.searchParams.get('IFRAME') === 'Y';
  const app = portal.ctx.app();
  if (!app || !portal.appIsLive()) {
    return page('Приложение', portal, 'app', `<h1 id="b24-title">Заявки на внедрение</h1><p class="not-installed">Приложение не установлено на этом портале.</p>`, bare);
  }
  const userId = userParam(portal, url);
  const pending = portal.appState === 'pending';
  let options: Record<string, unknown> | undefined;
  try {
    const raw = url.searchParams.get('options');
    options = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
  } catch {
    options = undefined;
  }
  const frame = appFrame(portal, req, { userId, url: pending ? app.installUrl : app.appUrl, placement: 'DEFAULT', placementOptions: options });
  const note = pending ? `<p>Установка приложения не завершена.</p>` : '';
  return page('Заявки на внедрение', portal, 'app', `<h1 id="b24-title">Заявки на внедрение</h1>${note}${frame}`, bare);
}

/** The deal field the service fills when a deal is won ("Адрес портала"). */
function portalField(portal: PortalState): string | undefined {
  return portal.userFields().find((f) => f.label === PORTAL_FIELD_LABEL)?.fieldName as string | undefined;
}

function stageName(portal: PortalState, deal: Row): string {
  const cat = Number(deal.CATEGORY_ID ?? 0);
  return portal.stages(cat).find((s) => s.statusId === deal.STAGE_ID)?.name ?? String(deal.STAGE_ID ?? '');
}

function pipelineName(portal: PortalState, deal: Row): string {
  const cat = Number(deal.CATEGORY_ID ?? 0);
  return portal.categories().find((c) => c.id === cat)?.name ?? String(cat);
}

function fieldValue(deal: Row, field: string | undefined): string {
  if (!field) return '';
  const v = deal[field];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function dealList(portal: PortalState): string {
  const base = `/${esc(portal.domain)}`;
  const field = portalField(portal);
  const rows = portal
    .deals()
    .map((d) => {
      const id = esc(d.ID);
      const closed = d.CLOSED === 'Y';
      const actions = closed
        ? ''
        : `<form class="inline win" method="post" action="${base}/crm/deal/${id}/win">
<input name="portalAddress" placeholder="${esc(PORTAL_FIELD_LABEL)}" value="${esc(fieldValue(d, field))}"><button type="submit">Выиграна</button></form>
<form class="inline lose" method="post" action="${base}/crm/deal/${id}/lose"><button type="submit">Проиграна</button></form>`;
      return `<tr data-deal-id="${id}"><td><a href="${base}/crm/deal/details/${id}/">${id}</a></td><td>${esc(d.TITLE)}</td>
<td class="stage">${esc(stageName(portal, d))}</td><td>${esc(pipelineName(portal, d))}</td><td class="portal-field">${esc(fieldValue(d, field))}</td>
<td>${esc(d.ASSIGNED_BY_ID)}</td><td>${actions}
<form class="inline delete" method="post" action="${base}/crm/deal/${id}/delete"><button type="submit">Удалить</button></form></td></tr>`;
    })
    .join('\n');
  const table = `<table><thead><tr><th>ID</th><th>Название</th><th>Стадия</th><th>Воронка</th><th>${esc(PORTAL_FIELD_LABEL)}</th><th>Ответственный</th><th></th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">Сделок нет</td></tr>'}</tbody></table>`;
  return page('Сделки', portal, 'crm', `<h1>Сделки</h1>${table}`);
}

function dealCard(portal: PortalState, req: IncomingMessage, url: URL, dealId: string): string | null {
  const deal = portal.deals().find((d) => d.ID === dealId);
  if (!deal) return null;
  const bare = url.searchParams.get('IFRAME') === 'Y';
  const base = `/${esc(portal.domain)}`;
  const tabs = portal.visiblePlacements('CRM_DEAL_DETAIL_TAB');
  const selected = url.searchParams.get('tab');
  const current = tabs.findIndex((_, i) => selected === `app-${i}`);
  const keep = bare ? '&IFRAME=Y' : '';
  const tabLinks = [`<a href="?tab=main${keep}" class="${current < 0 ? 'active' : ''}" data-tab="main">Общие</a>`]
    .concat(
      tabs.map((t, i) => {
        const title = t.langAll[portal.languageId]?.TITLE || t.title || 'Приложение';
        return `<a href="?tab=app-${i}${keep}" class="${current === i ? 'active' : ''}" data-tab="app-${i}" data-placement="${esc(t.placement)}">${esc(title)}</a>`;
      }),
    )
    .join('');
  let content: string;
  if (current >= 0) {
    content = appFrame(portal, req, {
      userId: userParam(portal, url),
      url: tabs[current].handler,
      placement: 'CRM_DEAL_DETAIL_TAB',
      placementOptions: { ID: dealId },
    });
  } else {
    const field = portalField(portal);
    const shown: Array<[string, string]> = [
      ['ID', String(deal.ID)],
      ['Название', String(deal.TITLE ?? '')],
      ['Воронка', pipelineName(portal, deal)],
      ['Стадия', stageName(portal, deal)],
      ['Сумма', `${deal.OPPORTUNITY ?? ''} ${deal.CURRENCY_ID ?? ''}`.trim()],
      ['Ответственный', String(deal.ASSIGNED_BY_ID ?? '')],
      [PORTAL_FIELD_LABEL, fieldValue(deal, field)],
      ['Комментарий', String(deal.COMMENTS ?? '')],
    ];
    content = `<table class="fields">${shown.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  }
  const back = bare ? '' : `<p><a href="${base}/crm/deal/">← Сделки</a></p>`;
  return page(`Сделка ${dealId}`, portal, 'crm', `${back}<h1 id="b24-title">${esc(deal.TITLE)}</h1><div class="tabs">${tabLinks}</div><div class="card">${content}</div>`, bare);
}

async function dealAction(portal: PortalState, dealId: string, action: string, params: Record<string, unknown>): Promise<void> {
  const deal = portal.deals().find((d) => d.ID === dealId);
  if (!deal) throw new Error(`no deal ${dealId}`);
  if (action === 'delete') {
    await portal.deleteDeal(dealId);
    return;
  }
  const semantics = action === 'win' ? 'S' : 'F';
  const stage = portal.stages(Number(deal.CATEGORY_ID ?? 0)).find((s) => s.semantics === semantics);
  if (!stage) throw new Error(`pipeline ${String(deal.CATEGORY_ID)} has no ${action} stage`);
  const value = typeof params.portalAddress === 'string' ? params.portalAddress.trim() : '';
  const field = portalField(portal);
  // One save of the card: the field and the stage together, one ONCRMDEALUPDATE.
  if (action === 'win' && field && value) portal.setDealField(dealId, field, value);
  await portal.setDealStage(dealId, stage.statusId);
}

/** Serves a portal page; false when `path` is not one. */
export async function servePortalPage(
  portal: PortalState,
  path: string[],
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, unknown>,
  url: URL,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const route = path.join('/');
  const base = `/${portal.domain}`;
  if (method === 'GET' && route === 'marketplace/app') {
    send(res, 200, appPage(portal, req, url));
    return true;
  }
  if (method === 'POST' && route === 'marketplace/app/install-finish') {
    portal.installFinish();
    res.writeHead(204).end();
    return true;
  }
  if (method === 'POST' && route === 'marketplace/app/refresh-auth') {
    const user = Number(params.user) || portal.adminId;
    const pair = portal.appIsLive() ? portal.issueTokens(user) : null;
    const body = JSON.stringify(pair ? { AUTH_ID: pair.accessToken, REFRESH_ID: pair.refreshToken, AUTH_EXPIRES: ACCESS_TTL_S } : {});
    res.writeHead(pair ? 200 : 403, { 'content-type': 'application/json' }).end(body);
    return true;
  }
  if (method === 'GET' && route === 'crm/deal') {
    send(res, 200, dealList(portal));
    return true;
  }
  const card = /^crm\/deal\/details\/(\d+)$/.exec(route);
  if (method === 'GET' && card) {
    const html = dealCard(portal, req, url, card[1]);
    send(res, html ? 200 : 404, html ?? page('Сделка не найдена', portal, 'crm', '<h1>Сделка не найдена</h1>'));
    return true;
  }
  const action = /^crm\/deal\/(\d+)\/(win|lose|delete)$/.exec(route);
  if (method === 'POST' && action) {
    if (!portal.deals().some((d) => d.ID === action[1])) {
      send(res, 404, page('Сделка не найдена', portal, 'crm', '<h1>Сделка не найдена</h1>'));
      return true;
    }
    await dealAction(portal, action[1], action[2], params);
    redirect(res, `${base}/crm/deal/`);
    return true;
  }
  return false;
}
