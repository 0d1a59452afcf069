/** Public surface of the Bitrix24 test double. */
import type { PlanSpec } from './plans';

export type { PlanSpec } from './plans';

export interface DoubleOptions {
  /** Clock in ms; token expiry, the leaky bucket and `time` blocks follow it. */
  now?: () => number;
  /** Source of randomness for `faults.failRate` (default Math.random). */
  random?: () => number;
  /** How long an event POST may take before the queue gives up on it (default 5000 ms). */
  eventTimeoutMs?: number;
  /** Port on 127.0.0.1 (default 0: any free one). */
  port?: number;
}

export type FaultKind =
  | 'INTERNAL_SERVER_ERROR'
  | 'QUERY_LIMIT_EXCEEDED'
  | 'OPERATION_TIME_LIMIT'
  | 'expired_token'
  | 'timeout'
  | 'drop'
  /** The request is executed, then the socket is closed: the caller cannot know it succeeded. */
  | 'drop_after';

export interface Faults {
  /** 0..1: share of REST and OAuth requests that fail in one of the ways above, and of events lost. */
  failRate: number;
  latencyMs: number;
  /** Queued faults, used one per request before failRate is consulted. */
  next: FaultKind[];
  dropEvents: boolean;
  /** The portal stops answering: every REST request is held until the caller gives up. */
  unresponsive: boolean;
  /** What `time.operating_reset_at` reports (Unix seconds); by default ten minutes after the call. */
  operatingResetAt?: number;
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  installUrl: string;
  appUrl: string;
  /** Comma list, as in the app card (default 'crm,user,placement'). */
  scope?: string;
  /** app.info STATUS: F, D, T, P, L (default 'L'). */
  status?: string;
  code?: string;
  version?: number;
}

export interface PortalOptions {
  domain: string;
  memberId?: string;
  /** Legacy form of `plan`: `{region}_{plan}` (default 'ru_company'); `{lang}_selfhosted` is a box. */
  license?: string;
  /** Only for `*_demo` licences: the real plan. */
  licensePrevious?: string;
  /**
   * The plan app.info reports (api-reference/common/system/app-info.md); wins over `license`.
   * `{ type: 'company2' }`, `{ type: 'demo', previous: 'pro' }`, `{ type: 'nfr' }`, or 'box' (self-hosted).
   */
  plan?: PlanSpec;
  /** The app's scopes on this portal (comma list); by default the app card's, else 'crm,user,placement'. */
  scope?: string;
  bucket?: { capacity: number; drainPerSecond: number };
  adminUserId?: number;
  languageId?: string;
  /** The OAuth server refuses tokens with PAYMENT_REQUIRED. */
  paymentRequired?: boolean;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  applicationToken: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface CallRecord {
  method: string;
  at: number;
  status: number;
  inBatch?: boolean;
}

export interface Binding {
  event: string;
  handler: string;
  authType: string;
  offline: 0 | 1;
}

export type Row = Record<string, string | string[]>;

/** One widget registration, as placement.get reports it (plus GROUP_NAME). */
export interface Placement {
  placement: string;
  userId: number;
  handler: string;
  /** `[]` when nothing is kept (PHP's empty array), as placement.get prints it. */
  options: Record<string, string> | [];
  title: string;
  description: string;
  groupName: string;
  langAll: Record<string, { TITLE: string; DESCRIPTION: string; GROUP_NAME: string }>;
}

/** One open channel (imopenlines.config.list.get). */
export interface OpenLine {
  id: string;
  name: string;
  active: boolean;
  /** Operators (user ids) in the line's queue. */
  queue: number[];
}

/** A notification delivered with im.notify.system.add. */
export interface Notification {
  id: number;
  userId: number;
  message: string;
  messageOut: string | null;
  /** As passed; a later notification of the same app with the same tag removes this one. */
  tag: string | null;
  subTag: string | null;
  attach: unknown;
  /** Sent with the app's OAuth token (true) or through a webhook (false). */
  fromApp: boolean;
  /** The app the tag belongs to: its client_id (OAuth) or CLIENT_ID (webhook); null if neither. */
  clientId: string | null;
  at: number;
}

export interface FakePortal {
  readonly domain: string;
  readonly memberId: string;
  readonly clientEndpoint: string;
  readonly applicationToken: string | null;
  readonly installed: boolean;
  /** `forgeDomain`: the install names another portal's domain (DOMAIN, auth[domain]), as an attacker's portal would. */
  install(opts?: { userId?: number; headless?: boolean; forgeDomain?: string }): Promise<TokenPair & { response: HttpAnswer | null }>;
  installFinish(): void;
  sendOnAppInstall(): Promise<number>;
  /** `deliver: false`: the app is removed but ONAPPUNINSTALL never arrives (Bitrix24 does not retry events). */
  uninstall(opts?: { clean?: boolean; deliver?: boolean }): Promise<number>;
  launch(opts?: {
    placement?: string;
    placementOptions?: object;
    userId?: number;
    forgeDomain?: string;
    forgeMemberId?: string;
    forgeApplicationToken?: string;
    authId?: string;
  }): Promise<HttpAnswer>;
  /** A code for grant_type=authorization_code, valid 30 s. */
  issueAuthCode(userId?: number): string;
  /** An incoming webhook; REST calls go to the returned URL + method. */
  addWebhook(userId?: number, scope?: string): string;
  addUser(user: { id: number; name?: string; lastName?: string; email?: string; admin?: boolean }): void;
  /**
   * A new version of the app (api-reference/common/events/on-app-update.md): a new application
   * token, ONAPPUPDATE with a refresh token to the handlers bound for it (unless `deliver` is
   * false: a lost event), and no binding survives. Resolves with the handlers' statuses.
   */
  update(opts?: { deliver?: boolean }): Promise<number[]>;
  /** Every event handler removed on the portal's side. */
  dropBindings(): void;
  /** Requests to the old domain now answer 302 with the new address. */
  rename(newDomain: string): void;
  /** app.info's LICENSE as it stands. */
  readonly license: string;
  /** Switches the plan app.info reports (takes effect on the next call). */
  setPlan(plan: PlanSpec): void;
  plan(): PlanSpec;
  /** A new open channel (active unless `active: false`); returns its ID ("1", "2", ...). */
  addOpenLine(line: { name: string; active?: boolean; queue?: number[] }): string;
  openLines(): OpenLine[];
  /** Notifications still held (a TAG reused by the same app removes the earlier ones). */
  notifications(): Notification[];

  deals(): Row[];
  companies(): Array<Record<string, unknown>>;
  contacts(): Array<Record<string, unknown>>;
  categories(): Array<{ id: number; name: string; sort: number }>;
  stages(categoryId: number): Array<{ statusId: string; name: string; semantics: 'S' | 'F' | null }>;
  addStage(categoryId: number, stage: { statusId: string; name: string; semantics?: 'S' | 'F' | null; sort?: number }): void;
  userFields(): Array<Record<string, unknown>>;
  timelineComments(dealId?: string): Array<{ id: number; entityType: string; entityId: string; comment: string; authorId: number }>;
  setDealStage(dealId: string, stageId: string, opts?: { deliver?: boolean }): Promise<void>;
  setDealField(dealId: string, field: string, value: string): void;
  deleteDeal(dealId: string, opts?: { deliver?: boolean }): Promise<void>;
  moveDealToCategory(dealId: string, categoryId: number, stageId?: string): Promise<void>;
  /** Refuses a pipeline that still holds deals, as the portal does. */
  deleteCategory(id: number): void;
  renameCategory(id: number, name: string): void;
  deleteUserField(fieldName: string): void;
  bindings(): Binding[];
  /**
   * Widgets the app registered with placement.bind. They survive neither an uninstall nor an
   * update (nor a re-run of the installer); the portal's pages show them only once installed.
   */
  placements(): Placement[];
  expireAccessTokens(): void;
  calls(): CallRecord[];
  /** Resolves once every event POST started so far has been answered or given up. */
  flushEvents(): Promise<void>;
  faults: Faults;
}

export interface Bitrix24Double {
  url: string;
  oauthUrl: string;
  registerApp(app: AppRegistration): void;
  createPortal(p: PortalOptions): FakePortal;
  portal(memberIdOrDomain: string): FakePortal;
  close(): Promise<void>;
}
