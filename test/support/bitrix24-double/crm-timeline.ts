import { isoDate } from './context';
import { Errors } from './envelope';
import { listRows } from './list-query';
import { isMap, type CallContext, type MethodTable } from './methods';

function commentAdd(ctx: CallContext) {
  // Since crm 23.100.0 only the lowercase key is read.
  const f = ctx.params.fields;
  if (!isMap(f)) throw Errors.coded('100', 'Could not find value for parameter {fields}');
  const entityType = String(f.ENTITY_TYPE ?? '').toLowerCase();
  const entityId = parseInt(String(f.ENTITY_ID ?? ''), 10);
  if (!entityType || !Number.isInteger(entityId)) throw Errors.coded('100', 'Required fields are not provided');
  const comment = String(f.COMMENT ?? '').trim();
  if (!comment) throw Errors.coded('INVALID_ARG_VALUE', 'Empty comment');
  const crm = ctx.portal.crm;
  const owners: Record<string, Map<number, unknown>> = { deal: crm.deals, contact: crm.contacts, company: crm.companies };
  const table = owners[entityType];
  if (!table) throw Errors.coded('NOT_FOUND', 'Not found.');
  if (!table.has(entityId)) throw Errors.coded('OWNER_NOT_FOUND', 'Owner of the item not found');
  const id = crm.next('comment');
  crm.comments.push({ id, entityType, entityId: String(entityId), comment, authorId: ctx.userId, created: isoDate(ctx.portal.now()) });
  return { result: id };
}

function commentList(ctx: CallContext) {
  const rows = ctx.portal.crm.comments.map((c) => ({
    ID: String(c.id), CREATED: c.created, ENTITY_ID: c.entityId, ENTITY_TYPE: c.entityType,
    AUTHOR_ID: String(c.authorId), COMMENT: c.comment,
  }));
  const get = (r: Record<string, unknown>, f: string) => (f in r ? r[f] : undefined);
  const page = listRows(rows, get, ctx.params);
  return { result: page.items, total: page.total, next: page.next };
}

export const timelineMethods: MethodTable = {
  'crm.timeline.comment.add': { scope: 'crm', handler: commentAdd },
  'crm.timeline.comment.list': { scope: 'crm', handler: commentList },
};
