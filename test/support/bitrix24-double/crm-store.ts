/** In-memory CRM of one portal: pipelines with stages, deals, companies, contacts, deal user fields, timeline. */

export type Semantics = 'S' | 'F' | null;

export interface Stage {
  id: number;
  statusId: string;
  name: string;
  sort: number;
  semantics: Semantics;
  color: string;
  system: boolean;
}

export interface Category {
  id: number;
  name: string;
  sort: number;
  stages: Stage[];
}

export interface MultiValue {
  ID: string;
  VALUE_TYPE: string;
  VALUE: string;
  TYPE_ID: string;
}

export type Scalar = string | null;

export interface Record_ {
  id: number;
  fields: Record<string, Scalar>;
}

export interface Deal extends Record_ {
  contactIds: number[];
  uf: Record<string, string | string[]>;
}

export const MULTI_FIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM'] as const;
export type MultiField = (typeof MULTI_FIELDS)[number];

export interface Party extends Record_ {
  multi: Record<MultiField, MultiValue[]>;
}

export interface UserField {
  id: number;
  fieldName: string;
  userTypeId: string;
  label: string;
  multiple: boolean;
  mandatory: boolean;
  sort: number;
  xmlId: string | null;
  settings: Record<string, unknown>;
}

export interface TimelineComment {
  id: number;
  entityType: string;
  entityId: string;
  comment: string;
  authorId: number;
  created: string;
}

const UTM = ['UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM'];

export const DEAL_FIELDS = [
  'ID', 'TITLE', 'TYPE_ID', 'STAGE_ID', 'PROBABILITY', 'CURRENCY_ID', 'OPPORTUNITY', 'IS_MANUAL_OPPORTUNITY',
  'TAX_VALUE', 'LEAD_ID', 'COMPANY_ID', 'CONTACT_ID', 'QUOTE_ID', 'BEGINDATE', 'CLOSEDATE', 'ASSIGNED_BY_ID',
  'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'OPENED', 'CLOSED', 'COMMENTS', 'ADDITIONAL_INFO',
  'LOCATION_ID', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'IS_NEW', 'IS_RECURRING', 'IS_RETURN_CUSTOMER',
  'IS_REPEATED_APPROACH', 'SOURCE_ID', 'SOURCE_DESCRIPTION', 'ORIGINATOR_ID', 'ORIGIN_ID', 'MOVED_BY_ID', 'MOVED_TIME',
  'LAST_ACTIVITY_TIME', ...UTM, 'LAST_ACTIVITY_BY',
];
/** Fields a caller may set on a deal; the rest are computed or silently ignored. */
export const DEAL_WRITABLE = new Set([
  'TITLE', 'TYPE_ID', 'STAGE_ID', 'PROBABILITY', 'CURRENCY_ID', 'OPPORTUNITY', 'IS_MANUAL_OPPORTUNITY', 'TAX_VALUE',
  'LEAD_ID', 'COMPANY_ID', 'QUOTE_ID', 'BEGINDATE', 'CLOSEDATE', 'ASSIGNED_BY_ID', 'OPENED', 'COMMENTS',
  'ADDITIONAL_INFO', 'LOCATION_ID', 'IS_RECURRING', 'IS_RETURN_CUSTOMER', 'SOURCE_ID', 'SOURCE_DESCRIPTION',
  'ORIGINATOR_ID', 'ORIGIN_ID', ...UTM,
]);

const ADDRESS = ['ADDRESS', 'ADDRESS_2', 'ADDRESS_CITY', 'ADDRESS_POSTAL_CODE', 'ADDRESS_REGION', 'ADDRESS_PROVINCE', 'ADDRESS_COUNTRY'];
const PARTY_COMMON = [
  'HAS_PHONE', 'HAS_EMAIL', 'HAS_IMOL', 'ASSIGNED_BY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE', 'DATE_MODIFY',
  'OPENED', 'COMMENTS', 'LEAD_ID', 'ORIGINATOR_ID', 'ORIGIN_ID', 'ORIGIN_VERSION', ...ADDRESS, ...UTM,
  'LAST_ACTIVITY_TIME', 'LAST_ACTIVITY_BY',
];
export const COMPANY_FIELDS = [
  'ID', 'COMPANY_TYPE', 'TITLE', 'LOGO', 'BANKING_DETAILS', 'INDUSTRY', 'REVENUE', 'CURRENCY_ID', 'EMPLOYEES',
  'IS_MY_COMPANY', ...PARTY_COMMON,
];
export const CONTACT_FIELDS = [
  'ID', 'POST', 'HONORIFIC', 'NAME', 'SECOND_NAME', 'LAST_NAME', 'PHOTO', 'TYPE_ID', 'SOURCE_ID', 'SOURCE_DESCRIPTION',
  'COMPANY_ID', 'BIRTHDATE', 'EXPORT', 'FACE_ID', ...PARTY_COMMON,
];
const PARTY_COMPUTED = new Set(['ID', 'HAS_PHONE', 'HAS_EMAIL', 'HAS_IMOL', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'LAST_ACTIVITY_TIME', 'LAST_ACTIVITY_BY']);
export const COMPANY_WRITABLE = new Set(COMPANY_FIELDS.filter((f) => !PARTY_COMPUTED.has(f)));
export const CONTACT_WRITABLE = new Set(CONTACT_FIELDS.filter((f) => !PARTY_COMPUTED.has(f)));

const DEFAULT_STAGES: Array<[string, string, Semantics, string]> = [
  ['NEW', 'New', null, '#39A8EF'],
  ['PREPARATION', 'Document preparation', null, '#2FC6F6'],
  ['PREPAYMENT_INVOICE', 'Prepayment invoice', null, '#55D0E0'],
  ['EXECUTING', 'In progress', null, '#47E4C2'],
  ['FINAL_INVOICE', 'Final invoice', null, '#FFA900'],
  ['WON', 'Deal successful', 'S', '#7BD500'],
  ['LOSE', 'Deal failed', 'F', '#FF5752'],
];
const NEW_PIPELINE_STAGES = DEFAULT_STAGES.filter(([id]) => ['NEW', 'PREPARATION', 'EXECUTING', 'WON', 'LOSE'].includes(id));

export class CrmStore {
  readonly categories = new Map<number, Category>();
  readonly deals = new Map<number, Deal>();
  readonly companies = new Map<number, Party>();
  readonly contacts = new Map<number, Party>();
  readonly userFields = new Map<string, UserField>();
  readonly comments: TimelineComment[] = [];
  private seq = { category: 1, stage: 101, deal: 1, company: 1, contact: 1, multi: 1, userField: 101, comment: 1 };

  constructor() {
    const general: Category = { id: 0, name: 'General', sort: 300, stages: [] };
    DEFAULT_STAGES.forEach(([id, name, sem, color], i) => general.stages.push(this.stage(id, name, sem, color, (i + 1) * 10, true)));
    this.categories.set(0, general);
  }

  private stage(statusId: string, name: string, semantics: Semantics, color: string, sort: number, system: boolean): Stage {
    return { id: this.next('stage', 2), statusId, name, sort, semantics, color, system };
  }

  next(kind: keyof CrmStore['seq'], step = 1): number {
    const v = this.seq[kind];
    this.seq[kind] += step;
    return v;
  }

  addCategory(name: string, sort: number): Category {
    const id = this.next('category');
    const cat: Category = { id, name, sort, stages: [] };
    NEW_PIPELINE_STAGES.forEach(([sid, sname, sem, color], i) =>
      cat.stages.push(this.stage(`C${id}:${sid}`, sname, sem, color, (i + 1) * 10, ['NEW', 'WON', 'LOSE'].includes(sid))),
    );
    this.categories.set(id, cat);
    return cat;
  }

  addStage(categoryId: number, statusId: string, name: string, semantics: Semantics, sort?: number): Stage {
    const cat = this.categories.get(categoryId);
    if (!cat) throw new Error(`no pipeline ${categoryId}`);
    const full = categoryId > 0 && !statusId.startsWith(`C${categoryId}:`) ? `C${categoryId}:${statusId}` : statusId;
    const s = this.stage(full, name, semantics, '#ACE9FB', sort ?? (cat.stages.length + 1) * 10, false);
    cat.stages.push(s);
    cat.stages.sort((a, b) => a.sort - b.sort);
    return s;
  }

  /** The stage with this id and the pipeline it belongs to. */
  findStage(statusId: string): { category: Category; stage: Stage } | null {
    for (const category of this.categories.values()) {
      const stage = category.stages.find((s) => s.statusId === statusId);
      if (stage) return { category, stage };
    }
    return null;
  }

  /** Stage semantics as deals carry them: P in progress, S won, F lost. */
  semanticOf(statusId: string | null): 'P' | 'S' | 'F' {
    const found = statusId ? this.findStage(statusId) : null;
    return found?.stage.semantics ?? 'P';
  }
}
