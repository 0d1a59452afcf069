import { Injectable } from '@nestjs/common';
import { Portal } from '../domain/portal';
import { PIPELINE_NAME, PORTAL_FIELD_CODE, PORTAL_FIELD_LABEL, PORTAL_FIELD_NAME } from '../domain/deal-template';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';

interface Category {
  id: number;
  name: string;
}

// Pipeline 0 is the portal's default one, never ours, whatever a partner renames it to.
const oldestPipeline = (categories: Category[]) =>
  categories
    .filter((c) => c.name === PIPELINE_NAME && Number(c.id) !== 0)
    .map((c) => Number(c.id))
    .sort((a, b) => a - b)[0];

export interface PortalSetupIds {
  categoryId: number;
  portalField: string;
}

/**
 * The pipeline and the "Адрес портала" field our deals need. Looked up on every use (one batch),
 * so a partner who deleted either gets it back instead of failing deals. The pipeline is the one
 * whose id we stored, even if the partner renamed it; only when it is gone is one found by name
 * or created.
 */
@Injectable()
export class PortalSetup {
  constructor(
    private readonly client: Bitrix24Client,
    private readonly portals: PortalRepository,
  ) {}

  async ensure(portal: Portal): Promise<PortalSetupIds> {
    const { results, errors } = await this.client.batch(portal.memberId, {
      categories: { method: 'crm.category.list', params: { entityTypeId: 2 } },
      fields: { method: 'crm.deal.userfield.list', params: { filter: { FIELD_NAME: PORTAL_FIELD_NAME } } },
    });
    const firstError = Object.values(errors)[0];
    if (firstError) throw firstError;
    const categories = (results.categories as { categories?: Category[] }).categories ?? [];
    const stored = portal.dealCategoryId;
    const kept = stored !== null && stored !== 0 && categories.some((c) => Number(c.id) === stored) ? stored : undefined;
    const categoryId = kept ?? oldestPipeline(categories) ?? (await this.createPipeline(portal.memberId));
    if ((results.fields as unknown[]).length === 0) await this.createPortalField(portal.memberId);
    const setup = { categoryId, portalField: PORTAL_FIELD_NAME };
    if (portal.dealCategoryId !== setup.categoryId || portal.portalField !== setup.portalField) {
      await this.portals.saveSetup(portal.memberId, { dealCategoryId: setup.categoryId, portalField: setup.portalField });
    }
    return setup;
  }

  /**
   * Two workers may both find the pipeline missing and both create it; everyone then settles on
   * the oldest one, so deals never split between twins.
   */
  private async createPipeline(memberId: string): Promise<number> {
    await this.client.call(memberId, 'crm.category.add', { entityTypeId: 2, fields: { name: PIPELINE_NAME, sort: 500 } });
    const listed = await this.client.call<{ categories: Category[] }>(memberId, 'crm.category.list', { entityTypeId: 2 });
    return oldestPipeline(listed.categories)!;
  }

  private async createPortalField(memberId: string): Promise<void> {
    await this.client.call(memberId, 'crm.deal.userfield.add', {
      fields: { USER_TYPE_ID: 'string', FIELD_NAME: PORTAL_FIELD_CODE, LABEL: PORTAL_FIELD_LABEL, MULTIPLE: 'N', MANDATORY: 'N' },
    });
  }
}
