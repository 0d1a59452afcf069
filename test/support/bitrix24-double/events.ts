import { Errors } from './envelope';
import { postForm } from './http-post';
import { encodePhpForm } from './php-form';
import type { Binding, Faults } from './types';

/** Events a handler may be bound to; anything else is ERROR_EVENT_NOT_FOUND. */
const KNOWN_EVENTS = new Set(
  [
    'ONAPPINSTALL', 'ONAPPUNINSTALL', 'ONAPPUPDATE', 'ONAPPTEST', 'ONAPPPAYMENT', 'ONOFFLINEEVENT',
    'ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY',
    'ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE', 'ONCRMCOMPANYDELETE',
    'ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE',
    'ONCRMLEADADD', 'ONCRMLEADUPDATE', 'ONCRMLEADDELETE',
    'ONCRMTIMELINECOMMENTADD', 'ONUSERADD',
  ],
);

interface StoredBinding {
  id: number;
  event: string;
  handler: string;
  authType: number;
  offline: 0 | 1;
}

/** What the event queue needs to know about the portal it speaks for. */
export interface EventSource {
  readonly domain: string;
  readonly memberId: string;
  readonly clientEndpoint: string;
  readonly applicationToken: string | null;
  readonly faults: Faults;
  /** Events flow only once the app is fully installed (installFinish for UI apps). */
  eventsEnabled(): boolean;
  authFor(userId: number, withRefresh: boolean): Record<string, string>;
  nowSeconds(): number;
  random(): number;
  eventTimeoutMs: number;
}

let nextHandlerId = 1;

export class EventHub {
  private list: StoredBinding[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly source: EventSource) {}

  bind(p: { event: string; handler: string; authType: number; offline: boolean; callerId: number; callerIsAdmin: boolean }): void {
    const event = p.event.toUpperCase();
    if (!KNOWN_EVENTS.has(event)) throw Errors.coded('ERROR_EVENT_NOT_FOUND', 'Event not found');
    if (p.offline && !p.callerIsAdmin)
      throw Errors.accessDenied('Access denied! Offline events binding requires administrator access rights');
    if (p.authType && p.authType !== p.callerId && !p.callerIsAdmin)
      throw Errors.accessDenied('Access denied! Event binding with AUTH_TYPE requires administrator access rights');
    const offline = p.offline ? 1 : 0;
    const dup = this.list.find((b) => b.event === event && b.handler === p.handler && b.authType === p.authType && b.offline === offline);
    // The wording real portals answer with ([RU] api-reference/events/event-bind.md).
    if (dup) throw Errors.coded('ERROR_CORE', 'Unable to set event handler: Handler already binded');
    this.list.push({ id: nextHandlerId++, event, handler: p.handler, authType: p.authType, offline });
  }

  unbind(p: { event: string; handler?: string; authType?: number; offline: boolean }): number {
    const event = p.event.toUpperCase();
    const offline = p.offline ? 1 : 0;
    const before = this.list.length;
    this.list = this.list.filter(
      (b) =>
        !(
          b.event === event &&
          b.offline === offline &&
          (p.handler === undefined || b.handler === p.handler) &&
          (p.authType === undefined || b.authType === p.authType)
        ),
    );
    return before - this.list.length;
  }

  all(): Binding[] {
    return this.list.map((b) => ({ event: b.event, handler: b.handler, authType: String(b.authType), offline: b.offline }));
  }

  clear(): StoredBinding[] {
    const old = this.list;
    this.list = [];
    return old;
  }

  handlersFor(event: string): StoredBinding[] {
    return this.list.filter((b) => b.event === event && b.offline === 0);
  }

  /** Queue-style delivery: one POST per online handler, no retries; resolves with the statuses. */
  emit(event: string, data: Record<string, unknown>, actingUserId: number): Promise<number[]> {
    if (!this.source.eventsEnabled()) return Promise.resolve([]);
    return this.deliver(this.handlersFor(event), event, data, (b) => this.source.authFor(b.authType || actingUserId, false));
  }

  deliver(
    targets: Array<{ id: number; handler: string; authType: number }>,
    event: string,
    data: Record<string, unknown>,
    auth: (b: { authType: number }) => Record<string, string>,
  ): Promise<number[]> {
    const sends = targets.map((b) => {
      if (this.lost()) return Promise.resolve(0);
      const payload = {
        event,
        event_handler_id: String(b.id),
        data,
        ts: String(this.source.nowSeconds()),
        auth: auth(b),
      };
      return this.track(postForm(b.handler, encodePhpForm(payload), this.source.eventTimeoutMs).then((r) => r.status));
    });
    return Promise.all(sends);
  }

  private lost(): boolean {
    const f = this.source.faults;
    return f.dropEvents || (f.failRate > 0 && this.source.random() < f.failRate);
  }

  track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
