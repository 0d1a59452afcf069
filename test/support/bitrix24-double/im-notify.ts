/**
 * System notifications: im.notify.system.add
 * (api-reference/chats/notifications/im-notify-system-add.md).
 */
import { Errors } from './envelope';
import { param, type CallContext, type MethodTable } from './methods';
import type { Notification } from './types';

/** The doc's limit for ATTACH (ATTACH_OVERSIZE). */
const ATTACH_MAX_CHARS = 60_000;

export class NotificationStore {
  private readonly items: Notification[] = [];
  private nextId = 1;

  add(n: Omit<Notification, 'id'>): number {
    // "When adding a notification with an existing tag, other notifications will be removed": the tag is
    // unique within the application, so only the same app's notifications with that tag go.
    if (n.tag !== null && n.clientId !== null) {
      for (let i = this.items.length - 1; i >= 0; i--) {
        if (this.items[i].tag === n.tag && this.items[i].clientId === n.clientId) this.items.splice(i, 1);
      }
    }
    const id = this.nextId++;
    this.items.push({ id, ...n });
    return id;
  }

  list(): Notification[] {
    return this.items.map((n) => ({ ...n }));
  }
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function attachOf(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  let value = v;
  if (typeof v === 'string') {
    if (v.length > ATTACH_MAX_CHARS) throw Errors.coded('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
    try {
      value = JSON.parse(v);
    } catch {
      throw Errors.coded('ATTACH_ERROR', 'Incorrect attach params');
    }
  }
  if (typeof value !== 'object' || value === null) throw Errors.coded('ATTACH_ERROR', 'Incorrect attach params');
  if (JSON.stringify(value).length > ATTACH_MAX_CHARS) {
    throw Errors.coded('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  }
  return value;
}

function notifySystemAdd(ctx: CallContext) {
  const p = ctx.params;
  const userId = Number(param(p, 'USER_ID'));
  if (!Number.isInteger(userId) || userId <= 0) throw Errors.coded('USER_ID_EMPTY', "User ID can't be empty");
  const message = (text(param(p, 'MESSAGE')) ?? '').trim();
  if (!message) throw Errors.coded('MESSAGE_EMPTY', "Message can't be empty");
  const attach = attachOf(param(p, 'ATTACH'));
  const fromApp = ctx.authType === 'oauth';
  // With a webhook the tags belong to the app named by CLIENT_ID; without it there is no app to hold them.
  const clientId = fromApp ? (ctx.portal.ctx.app()?.clientId ?? null) : text(param(p, 'CLIENT_ID'));
  const id = ctx.portal.notificationStore.add({
    userId,
    message,
    messageOut: text(param(p, 'MESSAGE_OUT')),
    tag: clientId === null ? null : text(param(p, 'TAG')) || null,
    subTag: clientId === null ? null : text(param(p, 'SUB_TAG')) || null,
    attach,
    fromApp,
    clientId,
    at: ctx.portal.now(),
  });
  return { result: id };
}

export const imNotifyMethods: MethodTable = {
  // Not app-only: the doc allows a webhook or an application token (only session auth is refused).
  'im.notify.system.add': { scope: 'im', handler: notifySystemAdd },
};
