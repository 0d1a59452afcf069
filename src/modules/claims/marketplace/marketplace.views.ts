import { ApiProperty } from '@nestjs/swagger';
import { NeedView, PRODUCTS, PublicCompanyView, SIZE_BANDS } from '../../leads';
import { EligibilityView } from '../../partners';
import { CLAIM_STATUSES } from '../domain/claim';

/** Contact fields are null unless the reader holds a claim on the lead. */
export class ContactView {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}

export class CompanyView extends PublicCompanyView {
  @ApiProperty({ nullable: true, type: String, description: 'Part of the contact data: null unless claimed by me' })
  name: string | null;
}

export class CapacityView {
  @ApiProperty({ description: 'Requests I may have in work at once' }) limit: number;
  @ApiProperty({ description: 'Requests I have in work now' }) used: number;
}

export class PlacesView {
  @ApiProperty({ description: 'Places still free on this request', example: 2 }) free: number;
  @ApiProperty({ description: 'How many partners may take it in all (LEAD_MAX_CLAIMS)', example: 5 }) total: number;
}

export class LeadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: CompanyView }) company: CompanyView;
  @ApiProperty({ type: NeedView }) need: NeedView;
  @ApiProperty({ type: ContactView }) contact: ContactView;
  @ApiProperty({ description: 'The customer\'s personal data were erased: my claim no longer shows them' }) erased: boolean;
  @ApiProperty({ description: 'My claim was lost long enough ago that it no longer shows the contacts' }) accessExpired: boolean;
  @ApiProperty() claimedByMe: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) myClaimId: string | null;
  @ApiProperty({ description: 'How many more requests I can take now' }) slotsLeft: number;
  @ApiProperty({ type: PlacesView, description: 'A count only: never who took the request' }) places: PlacesView;
}

export class LeadFacetsView {
  @ApiProperty({ type: [String], example: ['Москва', 'Свердловская область'] }) regions: string[];
  @ApiProperty({ type: [String], example: ['Розничная торговля'] }) industries: string[];
  @ApiProperty({ type: [String], enum: SIZE_BANDS }) sizeBands: string[];
  @ApiProperty({ type: [String], enum: PRODUCTS }) products: string[];
}

export class LeadPageView {
  @ApiProperty({ type: [LeadView] }) items: LeadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ type: CapacityView }) cap: CapacityView;
}

export class DealView {
  @ApiProperty({ example: '451', description: 'Deal id in my Bitrix24 CRM' }) id: string;
  @ApiProperty({ example: 'https://partner.bitrix24.ru/crm/deal/details/451/' }) url: string;
  @ApiProperty({ description: 'The deal was deleted in the CRM; the claim still counts until an operator resolves it' })
  deleted: boolean;
}

export class TakerView {
  @ApiProperty({ example: '17', description: 'The Bitrix24 user id in my portal' }) userId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Иван Петров' }) name: string | null;
}

export class AwaitingProofView {
  @ApiProperty({ format: 'date-time', description: 'When the deal was first seen won without the proof' }) since: string;
  @ApiProperty({ example: 'Адрес портала', description: 'The deal field to fill in' }) fieldLabel: string;
}

export class ClaimView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) takenAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ nullable: true, type: String }) portalAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) licenseKey: string | null;
  @ApiProperty({ nullable: true, type: DealView, description: 'The deal in my Bitrix24 CRM; null while it is being created (сделка создаётся)' })
  deal: DealView | null;
  @ApiProperty({ type: TakerView, nullable: true, description: 'Who in my portal took it; null when taken through the API' })
  takenBy: TakerView | null;
  @ApiProperty({
    type: AwaitingProofView,
    nullable: true,
    description: 'The deal is won in my CRM but the claim stays in work until the field holds the customer\'s portal address or licence key',
  })
  awaitingProof: AwaitingProofView | null;
}

export class ClaimDetailView extends ClaimView {
  @ApiProperty({ nullable: true, type: String, description: 'The customer company name (revealed by the claim); null when erased or no longer accessible' })
  companyName: string | null;
  @ApiProperty({ type: ContactView }) contact: ContactView;
  @ApiProperty({ description: 'The customer\'s personal data were erased: delete any copy you keep' }) erased: boolean;
  @ApiProperty({ description: 'The claim was lost more than LOST_CLAIM_ACCESS_DAYS ago: the contacts are no longer shown' })
  accessExpired: boolean;
}

export class ClaimedRequestView {
  @ApiProperty({ example: 'Свердловская область' }) region: string;
  @ApiProperty({ example: 'Екатеринбург' }) city: string;
  @ApiProperty({ example: 'Розничная торговля' }) industry: string;
  @ApiProperty({ enum: PRODUCTS }) product: string;
  @ApiProperty({ example: 25 }) users: number;
}

export class PartnerClaimView extends ClaimView {
  @ApiProperty({ type: ClaimedRequestView, nullable: true, description: 'What the request is about (no contacts)' })
  request: ClaimedRequestView | null;
}

export class ClaimPageView {
  @ApiProperty({ type: [PartnerClaimView] }) items: PartnerClaimView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PortalStateView {
  @ApiProperty({ example: 'integrator.bitrix24.ru', description: 'My registered Bitrix24 portal' }) address: string;
  @ApiProperty({
    enum: ['installed', 'suspended', 'uninstalled', 'not-installed'],
    description: 'suspended: Bitrix24 refuses the app\'s grant (it was removed); deals wait until the app is installed again',
  })
  status: string;
}

export class MeView {
  @ApiProperty({ example: { id: '00000000-0000-4000-8000-000000000000', name: 'ООО Интегратор' } })
  partner: { id: string; name: string };
  @ApiProperty({ type: EligibilityView, description: 'Every programme rule with its state, reasons and, for a failing one, what to do' })
  eligibility: EligibilityView;
  @ApiProperty({ type: CapacityView }) cap: CapacityView;
  @ApiProperty({ type: PortalStateView, nullable: true, description: 'null: no portal registered' }) portal: PortalStateView | null;
}
