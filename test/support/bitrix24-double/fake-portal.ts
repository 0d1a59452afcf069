import { createHash } from 'node:crypto';
import { DEFAULT_SCOPE, isoDate, type DoubleContext } from './context';
import { dealOut } from './crm-deals';
import { partyOut } from './crm-parties';
import { CrmStore, type Deal } from './crm-store';
import { EventHub, type EventSource } from './events';
import { newFaults } from './faults';
import { postForm } from './http-post';
import { LeakyBucket } from './leaky-bucket';
import { NotificationStore } from './im-notify';
import { OpenLineStore } from './openlines';
import { PlacementStore } from './placements';
import { planFields, planFromLicense, type PlanSpec } from './plans';
import { encodePhpForm } from './php-form';
import { ACCESS_TTL_S, randomToken } from './token-store';
import type {
  AppRegistration, CallRecord, FakePortal, HttpAnswer, Notification, OpenLine, PortalOptions, Row, TokenPair,
} from './types';

interface User {
  id: number;
  name: string;
  lastName: string;
  email: string;
  admin: boolean;
}

export type AppState = 'none' | 'pending' | 'installed' | 'uninstalled';

/** One Bitrix24 account: its CRM, users, event bindings, rate limit, faults and the app's install state. */
export class PortalState implements FakePortal, EventSource {
  domain: string;
  readonly memberId: string;
  private currentPlan: PlanSpec;
  /** The LICENSE prefix of a cloud plan that names none. */
  private readonly region: string;
  applicationToken: string | null = null;
  readonly crm = new CrmStore();
  readonly events: EventHub;
  readonly placementStore = new PlacementStore();
  readonly openLineStore = new OpenLineStore();
  readonly notificationStore = new NotificationStore();
  readonly faults = newFaults();
  readonly bucket: LeakyBucket;
  readonly webhooks = new Map<string, { userId: number; scopes: string[] }>();
  readonly formerDomains = new Set<string>();
  readonly eventTimeoutMs: number;
  private readonly users = new Map<number, User>();
  private readonly callLog: CallRecord[] = [];
  private readonly adminUserId: number;
  readonly languageId: string;
  private state: AppState = 'none';
  private installUserId: number;

  constructor(
    readonly ctx: DoubleContext,
    private readonly opts: PortalOptions,
  ) {
    this.domain = opts.domain;
    this.memberId = opts.memberId ?? createHash('md5').update(opts.domain).digest('hex');
    // No `plan` and no `license`: the historical default, ru_company.
    this.currentPlan = opts.plan ?? planFromLicense(opts.license ?? 'ru_company', opts.licensePrevious);
    this.adminUserId = opts.adminUserId ?? 1;
    this.installUserId = this.adminUserId;
    const region = this.currentPlan === 'box' ? opts.license?.split('_')[0] : this.currentPlan.region;
    this.languageId = opts.languageId ?? (region || 'ru');
    this.region = region || this.languageId;
    const b = opts.bucket ?? { capacity: 50, drainPerSecond: 2 };
    this.bucket = new LeakyBucket(b.capacity, b.drainPerSecond, () => ctx.now());
    this.eventTimeoutMs = ctx.eventTimeoutMs;
    this.events = new EventHub(this);
  }

  get clientEndpoint(): string {
    return `${this.ctx.url}/${this.domain}/rest/`;
  }

  get installed(): boolean {
    return this.state === 'installed';
  }

  get paymentRequired(): boolean {
    return this.opts.paymentRequired === true;
  }

  now(): number {
    return this.ctx.now();
  }

  nowSeconds(): number {
    return Math.floor(this.ctx.now() / 1000);
  }

  random(): number {
    return this.ctx.random();
  }

  private app(): AppRegistration {
    const app = this.ctx.app();
    if (!app) throw new Error('registerApp() first');
    return app;
  }

  /** The portal's own `scope` option, else the app card's, else DEFAULT_SCOPE. */
  appScopes(): string[] {
    return (this.opts.scope ?? this.ctx.app()?.scope ?? DEFAULT_SCOPE).split(',').map((s) => s.trim()).filter(Boolean);
  }

  appIsLive(): boolean {
    return this.state === 'installed' || this.state === 'pending';
  }

  eventsEnabled(): boolean {
    return this.state === 'installed';
  }

  user(id: number): User {
    let u = this.users.get(id);
    if (!u) {
      u = { id, name: `User${id}`, lastName: 'Test', email: `user${id}@${this.domain}`, admin: id === this.adminUserId };
      this.users.set(id, u);
    }
    return u;
  }

  addUser(p: { id: number; name?: string; lastName?: string; email?: string; admin?: boolean }): void {
    const u = this.user(p.id);
    Object.assign(u, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
  }

  appInfo(): Record<string, unknown> {
    const app = this.app();
    return {
      ID: 1, CODE: app.code ?? app.clientId, VERSION: app.version ?? 1, STATUS: app.status ?? 'L',
      INSTALLED: this.state === 'installed', PAYMENT_EXPIRED: this.paymentRequired ? 'Y' : 'N', DAYS: null,
      LANGUAGE_ID: this.languageId,
      ...planFields(this.currentPlan, this.languageId, this.region),
    };
  }

  /** app.info's LICENSE (`{region}_{plan}`, unknown plans as `project`; `{lang}_selfhosted` for a box). */
  get license(): string {
    return planFields(this.currentPlan, this.languageId, this.region).LICENSE;
  }

  setPlan(plan: PlanSpec): void {
    this.currentPlan = plan === 'box' ? 'box' : { ...plan };
  }

  plan(): PlanSpec {
    return this.currentPlan === 'box' ? 'box' : { ...this.currentPlan };
  }

  addOpenLine(line: { name: string; active?: boolean; queue?: number[] }): string {
    return this.openLineStore.add({ name: line.name, active: line.active ?? true, queue: line.queue ?? [] }, {
      at: this.now(), userId: this.adminUserId, languageId: this.languageId,
    });
  }

  openLines(): OpenLine[] {
    return this.openLineStore.list();
  }

  notifications(): Notification[] {
    return this.notificationStore.list();
  }

  log(method: string, status: number, inBatch = false): void {
    this.callLog.push(inBatch ? { method, at: this.now(), status, inBatch } : { method, at: this.now(), status });
  }

  calls(): CallRecord[] {
    return this.callLog.map((c) => ({ ...c }));
  }

  /** Event `auth` block; tokens belong to the user the event is authorised as. */
  authFor(userId: number, withRefresh: boolean): Record<string, string> {
    const pair = this.ctx.tokens.issuePair(this.memberId, userId);
    const auth: Record<string, string> = {
      access_token: pair.accessToken,
      expires_in: String(ACCESS_TTL_S),
      scope: this.appScopes().join(','),
      domain: this.domain,
      server_endpoint: `${this.ctx.oauthUrl}/rest/`,
      status: this.app().status ?? 'L',
      client_endpoint: this.clientEndpoint,
      member_id: this.memberId,
      application_token: this.applicationToken ?? '',
    };
    if (withRefresh) auth.refresh_token = pair.refreshToken;
    return auth;
  }

  emit(event: string, data: Record<string, unknown>, userId: number): Promise<number[]> {
    return this.events.emit(event, data, userId);
  }

  stampMove(deal: Deal, userId: number): void {
    deal.fields.MOVED_TIME = isoDate(this.now());
    deal.fields.MOVED_BY_ID = String(userId);
  }

  refreshSemantics(deal: Deal): void {
    const sem = this.crm.semanticOf(deal.fields.STAGE_ID ?? null);
    deal.fields.STAGE_SEMANTIC_ID = sem;
    deal.fields.CLOSED = sem === 'P' ? 'N' : 'Y';
  }

  // ---- installation, as the portal drives it ----

  async install(opts: Parameters<FakePortal['install']>[0] = {}): Promise<TokenPair & { response: HttpAnswer | null }> {
    const app = this.app();
    if (!this.appIsLive()) this.applicationToken = randomToken();
    // An update re-runs the installer, and bindings do not survive it.
    this.events.clear();
    this.placementStore.clear();
    this.installUserId = opts.userId ?? this.adminUserId;
    this.state = opts.headless ? 'installed' : 'pending';
    const pair = this.ctx.tokens.issuePair(this.memberId, this.installUserId);
    let response: HttpAnswer;
    if (opts.headless) {
      const auth: Record<string, string> = { ...this.authFor(this.installUserId, true), access_token: pair.accessToken, refresh_token: pair.refreshToken };
      if (opts.forgeDomain) auth.domain = opts.forgeDomain;
      response = await this.postEvent(app.installUrl, 'ONAPPINSTALL', this.installData(), auth);
    } else {
      response = await this.postLaunch(app.installUrl, { PLACEMENT: 'DEFAULT' }, pair, { domain: opts.forgeDomain });
    }
    return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, applicationToken: this.applicationToken!, response };
  }

  installFinish(): void {
    if (this.state === 'pending') this.state = 'installed';
  }

  private installData(): Record<string, string> {
    const app = this.app();
    return { VERSION: String(app.version ?? 1), ACTIVE: 'Y', INSTALLED: this.state === 'installed' ? 'Y' : 'N', LANGUAGE_ID: this.languageId };
  }

  private postEvent(url: string, event: string, data: Record<string, unknown>, auth: Record<string, string>): Promise<HttpAnswer> {
    const body = encodePhpForm({ event, data, ts: String(this.nowSeconds()), auth });
    return this.events.track(postForm(url, body, this.eventTimeoutMs));
  }

  async sendOnAppInstall(): Promise<number> {
    const targets = this.events.handlersFor('ONAPPINSTALL');
    const auth = () => this.authFor(this.installUserId, true);
    if (targets.length > 0) return (await this.events.deliver(targets, 'ONAPPINSTALL', this.installData(), auth))[0];
    if (this.faults.dropEvents) return 0;
    return (await this.postEvent(this.app().installUrl, 'ONAPPINSTALL', this.installData(), auth())).status;
  }

  async uninstall(opts: { clean?: boolean; deliver?: boolean } = {}): Promise<number> {
    const targets = this.events.handlersFor('ONAPPUNINSTALL');
    this.ctx.tokens.revokePortal(this.memberId);
    this.events.clear();
    this.placementStore.clear();
    this.state = 'uninstalled';
    const auth = {
      domain: this.domain,
      server_endpoint: `${this.ctx.oauthUrl}/rest/`,
      client_endpoint: this.clientEndpoint,
      member_id: this.memberId,
      application_token: this.applicationToken ?? '',
    };
    if (opts.deliver === false) return 0;
    const statuses = await this.events.deliver(targets, 'ONAPPUNINSTALL', { LANGUAGE_ID: this.languageId, CLEAN: opts.clean ? 1 : 0 }, () => auth);
    return statuses[0] ?? 0;
  }

  /** What Bitrix24 sends to an app page it opens: the URL (DOMAIN, PROTOCOL, LANG, APP_SID) and the form. */
  launchRequest(
    url: string,
    body: Record<string, string>,
    pair: { accessToken: string; refreshToken: string },
    forge: { domain?: string; memberId?: string; applicationToken?: string } = {},
  ): { url: string; form: Record<string, string>; appSid: string } {
    const appSid = randomToken();
    const query = new URLSearchParams({
      DOMAIN: forge.domain ?? this.domain,
      PROTOCOL: '1',
      LANG: this.languageId,
      APP_SID: appSid,
    });
    const form = {
      AUTH_ID: pair.accessToken,
      AUTH_EXPIRES: String(ACCESS_TTL_S),
      REFRESH_ID: pair.refreshToken,
      SERVER_ENDPOINT: `${this.ctx.oauthUrl}/rest/`,
      APPLICATION_TOKEN: forge.applicationToken ?? this.applicationToken ?? '',
      APPLICATION_SCOPE: this.appScopes().join(','),
      member_id: forge.memberId ?? this.memberId,
      status: this.app().status ?? 'L',
      ...body,
    };
    const sep = url.includes('?') ? '&' : '?';
    return { url: `${url}${sep}${query}`, form, appSid };
  }

  private postLaunch(
    url: string,
    body: Record<string, string>,
    pair: { accessToken: string; refreshToken: string },
    forge: { domain?: string; memberId?: string; applicationToken?: string },
  ): Promise<HttpAnswer> {
    const r = this.launchRequest(url, body, pair, forge);
    return postForm(r.url, encodePhpForm(r.form), this.eventTimeoutMs);
  }

  /** The launch of the app page (or, with `url`, another page of the app, e.g. its installer) for a user. */
  launchRequestFor(opts: Parameters<FakePortal['launch']>[0] & { url?: string } = {}): ReturnType<PortalState['launchRequest']> {
    const pair = this.appIsLive()
      ? this.ctx.tokens.issuePair(this.memberId, opts.userId ?? this.adminUserId)
      : { accessToken: randomToken(), refreshToken: randomToken() };
    if (opts.authId !== undefined) pair.accessToken = opts.authId;
    const body: Record<string, string> = { PLACEMENT: opts.placement ?? 'DEFAULT' };
    if (opts.placementOptions) body.PLACEMENT_OPTIONS = JSON.stringify(opts.placementOptions);
    return this.launchRequest(opts.url ?? this.app().appUrl, body, pair, {
      domain: opts.forgeDomain,
      memberId: opts.forgeMemberId,
      applicationToken: opts.forgeApplicationToken,
    });
  }

  launch(opts: Parameters<FakePortal['launch']>[0] = {}): Promise<HttpAnswer> {
    const r = this.launchRequestFor(opts);
    return postForm(r.url, encodePhpForm(r.form), this.eventTimeoutMs);
  }

  /** A fresh token pair for a user of the portal (what the frame's refreshAuth gets). */
  issueTokens(userId?: number): { accessToken: string; refreshToken: string } {
    return this.ctx.tokens.issuePair(this.memberId, userId ?? this.adminUserId);
  }

  get adminId(): number {
    return this.adminUserId;
  }

  get appState(): AppState {
    return this.state;
  }

  issueAuthCode(userId?: number): string {
    return this.ctx.tokens.issueCode(this.memberId, userId ?? this.adminUserId);
  }

  addWebhook(userId?: number, scope = 'crm,user'): string {
    const secret = randomToken();
    const uid = userId ?? this.adminUserId;
    this.webhooks.set(secret, { userId: uid, scopes: scope.split(',').map((s) => s.trim()) });
    return `${this.ctx.url}/${this.domain}/rest/${uid}/${secret}/`;
  }

  async update(opts: { deliver?: boolean } = {}): Promise<number[]> {
    const app = this.app();
    const previous = String(app.version ?? 1);
    app.version = (app.version ?? 1) + 1;
    this.applicationToken = randomToken();
    const targets = this.events.handlersFor('ONAPPUPDATE');
    // No binding survives the new version; its installer must bind again.
    this.events.clear();
    this.placementStore.clear();
    if (opts.deliver === false) return [];
    const data = { VERSION: String(app.version), PREVIOUS_VERSION: previous, LANGUAGE_ID: this.languageId };
    return this.events.deliver(targets, 'ONAPPUPDATE', data, () => this.authFor(this.installUserId, true));
  }

  dropBindings(): void {
    this.events.clear();
  }

  rename(newDomain: string): void {
    this.formerDomains.add(this.domain);
    this.domain = newDomain;
  }

  expireAccessTokens(): void {
    this.ctx.tokens.expireAccess(this.memberId);
  }

  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  bindings() {
    return this.events.all();
  }

  placements() {
    return this.placementStore.all();
  }

  /** Widgets the portal's UI shows: none until the install is finished. */
  visiblePlacements(placement: string) {
    return this.installed ? this.placementStore.all().filter((p) => p.placement === placement) : [];
  }

  // ---- CRM inspection and changes a user would make in the UI ----

  deals(): Row[] {
    return [...this.crm.deals.values()].map((d) => {
      const row: Row = {};
      for (const [k, v] of Object.entries(d.fields)) if (v !== null) row[k] = v;
      for (const [k, v] of Object.entries(d.uf)) if (this.crm.userFields.has(k)) row[k] = v;
      row.CONTACT_IDS = d.contactIds.map(String);
      return row;
    });
  }

  companies() {
    return [...this.crm.companies.values()].map((p) => partyOut('company', p));
  }

  contacts() {
    return [...this.crm.contacts.values()].map((p) => partyOut('contact', p));
  }

  categories() {
    return [...this.crm.categories.values()].map((c) => ({ id: c.id, name: c.name, sort: c.sort }));
  }

  stages(categoryId: number) {
    const c = this.crm.categories.get(categoryId);
    return (c?.stages ?? []).map((s) => ({ statusId: s.statusId, name: s.name, semantics: s.semantics }));
  }

  addStage(categoryId: number, s: { statusId: string; name: string; semantics?: 'S' | 'F' | null; sort?: number }): void {
    this.crm.addStage(categoryId, s.statusId, s.name, s.semantics ?? null, s.sort);
  }

  userFields() {
    return [...this.crm.userFields.values()].map((f) => ({ id: f.id, fieldName: f.fieldName, userTypeId: f.userTypeId, label: f.label, multiple: f.multiple }));
  }

  timelineComments(dealId?: string) {
    return this.crm.comments
      .filter((c) => dealId === undefined || (c.entityType === 'deal' && c.entityId === String(dealId)))
      .map((c) => ({ id: c.id, entityType: c.entityType, entityId: c.entityId, comment: c.comment, authorId: c.authorId }));
  }

  private deal(dealId: string): Deal {
    const d = this.crm.deals.get(Number(dealId));
    if (!d) throw new Error(`no deal ${dealId} on ${this.domain}`);
    return d;
  }

  async setDealStage(dealId: string, stageId: string, opts: { deliver?: boolean } = {}): Promise<void> {
    const deal = this.deal(dealId);
    const found = this.crm.findStage(stageId);
    if (!found) throw new Error(`no stage ${stageId} on ${this.domain}`);
    if (String(found.category.id) !== deal.fields.CATEGORY_ID) {
      await this.moveDealToCategory(dealId, found.category.id, stageId, opts.deliver);
      return;
    }
    deal.fields.STAGE_ID = stageId;
    this.touch(deal);
    if (opts.deliver !== false) await this.emit('ONCRMDEALUPDATE', { FIELDS: { ID: String(deal.id) } }, this.adminUserId);
  }

  setDealField(dealId: string, field: string, value: string): void {
    const deal = this.deal(dealId);
    if (field.startsWith('UF_')) {
      const uf = this.crm.userFields.get(field);
      if (!uf) throw new Error(`no user field ${field} on ${this.domain}`);
      deal.uf[field] = uf.multiple ? [value] : value;
    } else {
      deal.fields[field] = value;
    }
    this.touch(deal);
  }

  async deleteDeal(dealId: string, opts: { deliver?: boolean } = {}): Promise<void> {
    const deal = this.deal(dealId);
    this.crm.deals.delete(deal.id);
    if (opts.deliver !== false) await this.emit('ONCRMDEALDELETE', { FIELDS: { ID: String(deal.id) } }, this.adminUserId);
  }

  async moveDealToCategory(dealId: string, categoryId: number, stageId?: string, deliver = true): Promise<void> {
    const deal = this.deal(dealId);
    const cat = this.crm.categories.get(categoryId);
    if (!cat) throw new Error(`no pipeline ${categoryId} on ${this.domain}`);
    const stage = stageId ?? cat.stages[0].statusId;
    if (!cat.stages.some((s) => s.statusId === stage)) throw new Error(`stage ${stage} is not in pipeline ${categoryId}`);
    deal.fields.CATEGORY_ID = String(categoryId);
    deal.fields.STAGE_ID = stage;
    this.touch(deal);
    const data = { FIELDS: { ID: String(deal.id), CATEGORY_ID: String(categoryId), STAGE_ID: stage } };
    if (deliver) await this.emit('ONCRMDEALMOVETOCATEGORY', data, this.adminUserId);
  }

  private touch(deal: Deal): void {
    this.stampMove(deal, this.adminUserId);
    this.refreshSemantics(deal);
    deal.fields.DATE_MODIFY = isoDate(this.now());
    deal.fields.MODIFY_BY_ID = String(this.adminUserId);
  }

  deleteCategory(id: number): void {
    if (id === 0) throw new Error('the default pipeline cannot be deleted');
    if ([...this.crm.deals.values()].some((d) => Number(d.fields.CATEGORY_ID) === id)) {
      throw new Error('a pipeline that holds deals cannot be deleted');
    }
    this.crm.categories.delete(id);
  }

  renameCategory(id: number, name: string): void {
    const category = this.crm.categories.get(id);
    if (!category) throw new Error(`no pipeline ${id}`);
    category.name = name;
  }

  deleteUserField(fieldName: string): void {
    this.crm.userFields.delete(fieldName);
    for (const d of this.crm.deals.values()) delete d.uf[fieldName];
  }

  /** The deal as crm.deal.get would print it (for tests comparing shapes). */
  dealAsRest(dealId: string): Record<string, unknown> {
    return dealOut({ portal: this }, this.deal(dealId));
  }
}
