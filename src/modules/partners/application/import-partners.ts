import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError, FieldError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { portalAddress } from '../../crm-sync/contract';
import { changedPartner, newPartner, Partner } from '../domain/partner';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { AuditOnChangeListener } from './audit-on-change.listener';
import { EligibilityVerdict } from './eligibility-verdict';
import { PartnerDraft } from './register-partner';

/**
 * One row of an import after validation: a draft to upsert by contract number, or the errors
 * that refuse it. `portalDomain` and `claimCap` left out of the draft keep what the partner has.
 */
export interface ImportLine {
  row: number;
  contractNumber: string | null;
  draft?: PartnerDraft;
  errors?: FieldError[];
}

export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'refused'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export interface ImportRowResult {
  row: number;
  contractNumber: string | null;
  outcome: ImportOutcome;
  partnerId: string | null;
  /** The fields an update changed. */
  changed?: string[];
  errors?: FieldError[];
}

export interface ImportReport {
  summary: Record<ImportOutcome, number>;
  rows: ImportRowResult[];
}

/** Rows written per transaction: a failure costs at most this many rows a second, row-by-row try. */
const WRITE_BATCH = 500;

/** The fields an import row sets; a row whose values all equal the partner's changes nothing. */
const IMPORTED_FIELDS = ['name', 'contractStatus', 'websiteUrl', 'offerPageUrl', 'portalDomain', 'claimCap'] as const;

interface Pending {
  index: number;
  draft: PartnerDraft;
  /** The portal address the row sets (normalised), or null. */
  domain: string | null;
}

type Written = Omit<ImportRowResult, 'row' | 'contractNumber'>;

/**
 * Upserts partners by contract number from an operator's registry export. Every row is judged on
 * its own: a bad one (invalid field, a contract number or portal domain repeated in the file, a
 * portal domain another partner holds) is refused with the field and reason, and the good rows
 * are written all the same. A row equal to the partner changes nothing (no write, no event).
 * Creations and changes go the way POST and PATCH /partners go: the partner row, then its
 * eligibility verdict (and event) in the same transaction.
 */
@Injectable()
export class ImportPartners {
  constructor(
    private readonly db: TransactionRunner,
    private readonly partners: PartnerRepository,
    private readonly verdict: EligibilityVerdict,
    private readonly audits: AuditOnChangeListener,
    private readonly clock: Clock,
  ) {}

  async execute(lines: ImportLine[]): Promise<ImportReport> {
    const errors = lines.map((line) => [...(line.errors ?? [])]);
    refuseRepeats(lines, errors, (line) => line.contractNumber, 'contractNumber', 'the contract number');
    const domains = lines.map((line) => (line.draft?.portalDomain ? portalAddress(line.draft.portalDomain) : null));
    refuseRepeats(lines, errors, (line, i) => (errors[i].length === 0 ? domains[i] : null), 'portalDomain', 'the portal domain');

    const written = new Map<number, Written>();
    const pending: Pending[] = lines.flatMap((line, index) =>
      errors[index].length === 0 && line.draft ? [{ index, draft: line.draft, domain: domains[index] }] : [],
    );
    for (let start = 0; start < pending.length; start += WRITE_BATCH) {
      for (const [index, result] of await this.writeOrFallBack(pending.slice(start, start + WRITE_BATCH))) written.set(index, result);
    }

    const rows = lines.map((line, index): ImportRowResult => {
      const base = { row: line.row, contractNumber: line.contractNumber };
      return written.get(index) ? { ...base, ...written.get(index)! } : { ...base, outcome: 'refused', partnerId: null, errors: errors[index] };
    });
    const summary = Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, rows.filter((r) => r.outcome === o).length])) as ImportReport['summary'];
    return { summary, rows };
  }

  /**
   * A batch in one transaction; if the database still refuses it (a portal domain taken by a
   * request running beside this import), each of its rows in a transaction of its own.
   */
  private async writeOrFallBack(batch: Pending[]): Promise<Map<number, Written>> {
    try {
      return await this.write(batch);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      if (batch.length === 1) return new Map([[batch[0].index, { outcome: 'refused', partnerId: null, errors: error.errors }]]);
      const results = new Map<number, Written>();
      for (const one of batch) for (const [index, result] of await this.writeOrFallBack([one])) results.set(index, result);
      return results;
    }
  }

  private async write(batch: Pending[]): Promise<Map<number, Written>> {
    const { results, created, updated } = await this.db.run(async (tx) => {
      const now = this.clock.now();
      const existing = new Map(
        (await this.partners.findForUpdateByContractNumbers(tx, batch.map((p) => p.draft.contractNumber))).map((p) => [p.contractNumber, p]),
      );
      const domains = [...new Set(batch.flatMap((p) => (p.domain ? [p.domain] : [])))];
      const holders = new Map(
        (domains.length > 0 ? await this.partners.portalDomainHolders(tx, domains) : []).map((h) => [h.portalDomain, h]),
      );
      const results = new Map<number, Written>();
      const created: Partner[] = [];
      const updated: Partner[] = [];
      for (const { index, draft, domain } of batch) {
        const before = existing.get(draft.contractNumber);
        const holder = domain ? holders.get(domain) : undefined;
        if (holder && holder.id !== before?.id) {
          results.set(index, {
            outcome: 'refused',
            partnerId: null,
            errors: [{ field: 'portalDomain', message: `the partner with contract ${holder.contractNumber} already uses this Bitrix24 portal domain` }],
          });
        } else if (!before) {
          const partner = newPartner(randomUUID(), draft, now, portalAddress);
          created.push(partner);
          results.set(index, { outcome: 'created', partnerId: partner.id });
        } else {
          const after = changedPartner(before, draft, now, portalAddress);
          const fields = IMPORTED_FIELDS.filter((f) => before[f] !== after[f]);
          if (fields.length === 0) {
            results.set(index, { outcome: 'unchanged', partnerId: before.id });
          } else {
            updated.push(after);
            results.set(index, { outcome: 'updated', partnerId: before.id, changed: [...fields] });
          }
        }
      }
      await this.partners.insertMany(tx, created);
      await this.partners.updateMany(tx, updated);
      for (const partner of [...created, ...updated]) await this.audits.enqueue(tx, partner.id, 'registry import');
      return { results, created, updated };
    });
    // Once the rows are in: verdicts are computed outside a transaction (see EligibilityVerdict).
    await this.verdict.recordMany(created, 'registered');
    await this.verdict.recordMany(updated, 'registry change');
    return results;
  }
}

/** Every row whose key another row of the file also has is refused, naming the other rows. */
function refuseRepeats(
  lines: ImportLine[],
  errors: FieldError[][],
  keyOf: (line: ImportLine, index: number) => string | null,
  field: string,
  what: string,
): void {
  const rowsByKey = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const key = keyOf(line, index);
    if (key === null) return;
    const indexes = rowsByKey.get(key);
    if (indexes) indexes.push(index);
    else rowsByKey.set(key, [index]);
  });
  for (const indexes of rowsByKey.values()) {
    if (indexes.length < 2) continue;
    for (const index of indexes) {
      const others = indexes.filter((i) => i !== index).map((i) => lines[i].row);
      errors[index].push({ field, message: `${what} is also on row ${others.join(', ')} of this import: give each partner one row` });
    }
  }
}
