import { isoDate } from './context';
import { Errors } from './envelope';
import type { CallContext, MethodTable } from './methods';

function eventType(ctx: CallContext): boolean {
  return String(ctx.params.event_type ?? 'online').toLowerCase() === 'offline';
}

function eventBind(ctx: CallContext) {
  const event = String(ctx.params.event ?? '');
  const handler = String(ctx.params.handler ?? '');
  if (!event) throw Errors.coded('ERROR_EVENT_NOT_FOUND', 'Event not found');
  if (!handler) throw Errors.coded('ERROR_ARGUMENT', 'Handler is not defined');
  if (!/^https?:\/\//i.test(handler)) throw Errors.coded('ERROR_ARGUMENT', 'Wrong handler URL');
  ctx.portal.events.bind({
    event,
    handler,
    authType: Number(ctx.params.auth_type ?? 0) || 0,
    offline: eventType(ctx),
    callerId: ctx.userId,
    callerIsAdmin: ctx.portal.user(ctx.userId).admin,
  });
  return { result: true };
}

function eventUnbind(ctx: CallContext) {
  const event = String(ctx.params.event ?? '');
  if (!event) throw Errors.coded('ERROR_EVENT_NOT_FOUND', 'Event not found');
  const count = ctx.portal.events.unbind({
    event,
    handler: ctx.params.handler === undefined ? undefined : String(ctx.params.handler),
    authType: ctx.params.auth_type === undefined ? undefined : Number(ctx.params.auth_type) || 0,
    offline: eventType(ctx),
  });
  return { result: { count } };
}

function userCurrent(ctx: CallContext) {
  const u = ctx.portal.user(ctx.userId);
  return {
    result: {
      ID: String(u.id), XML_ID: null, ACTIVE: true, NAME: u.name, LAST_NAME: u.lastName, SECOND_NAME: '', EMAIL: u.email,
      LAST_LOGIN: isoDate(ctx.portal.now()), DATE_REGISTER: '2024-01-01T00:00:00+00:00', IS_ONLINE: 'Y',
      TIME_ZONE: '', PERSONAL_GENDER: '', UF_DEPARTMENT: [1],
    },
  };
}

export const appMethods: MethodTable = {
  'app.info': {
    scope: null,
    handler: (ctx) =>
      ctx.authType === 'webhook'
        ? { result: { SCOPE: ctx.scopes.join(','), LICENSE: ctx.portal.license } }
        : { result: ctx.portal.appInfo() },
  },
  scope: { scope: null, handler: (ctx) => ({ result: ctx.scopes }) },
  'server.time': { scope: null, handler: (ctx) => ({ result: isoDate(ctx.portal.now()) }) },
  'user.current': { scope: 'user', handler: userCurrent },
  profile: {
    scope: null,
    handler: (ctx) => {
      const u = ctx.portal.user(ctx.userId);
      return { result: { ID: String(u.id), ADMIN: u.admin, NAME: u.name, LAST_NAME: u.lastName, PERSONAL_GENDER: '', TIME_ZONE: '' } };
    },
  },
  'user.admin': { scope: null, handler: (ctx) => ({ result: ctx.portal.user(ctx.userId).admin }) },
  'event.bind': { scope: null, appOnly: true, handler: eventBind },
  'event.unbind': { scope: null, appOnly: true, handler: eventUnbind },
  'event.get': {
    scope: null,
    appOnly: true,
    handler: (ctx) => {
      const me = ctx.portal.user(ctx.userId);
      const all = ctx.portal.events.all();
      const visible = me.admin ? all : all.filter((b) => b.authType === String(me.id));
      return { result: visible.map((b) => ({ event: b.event, handler: b.handler, auth_type: b.authType, offline: b.offline })) };
    },
  },
};
