import { ApiProperty } from '@nestjs/swagger';
import { CONTRACT_STATUSES } from '../domain/partner';

export class EligibilityRuleView {
  @ApiProperty({ example: 'CONTRACT_ACTIVE' }) rule: string;
  @ApiProperty({ enum: ['pass', 'fail', 'unknown'] }) result: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: 'false: a recommendation, never a reason to refuse a take' }) blocking: boolean;
  @ApiProperty({ example: 'Партнёрский договор' }) title: string;
  @ApiProperty({ example: 'Партнёрский лицензионный договор действует.' }) reasonRu: string;
  @ApiProperty({ nullable: true, type: String, description: 'What to do about a failing rule (Russian)' }) actionRu: string | null;
  @ApiProperty({ example: 'The partner licence contract is active.' }) reason: string;
  @ApiProperty({ example: 'CONTRACT_ACTIVE', description: 'Stable code of the reason' }) reasonCode: string;
  @ApiProperty({ type: Object, example: { source: 'partner registry', contractStatus: 'active' }, description: 'What was read, from where' })
  evidence: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'An unknown check keeps the previous result until then' })
  graceUntil: string | null;
}

export class EligibilityView {
  @ApiProperty() eligible: boolean;
  @ApiProperty({ type: [EligibilityRuleView] }) rules: EligibilityRuleView[];
}

export class PartnerStatsView {
  @ApiProperty() claimsTaken: number;
  @ApiProperty() claimsWon: number;
  @ApiProperty() claimsLost: number;
}

export class PartnerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() contractNumber: string;
  @ApiProperty({ enum: CONTRACT_STATUSES }) contractStatus: string;
  @ApiProperty() websiteUrl: string;
  @ApiProperty() offerPageUrl: string;
  @ApiProperty({ nullable: true, type: String }) portalDomain: string | null;
  @ApiProperty({ description: 'Effective cap: the override or the default' }) claimCap: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Per-partner override, null when the default applies' })
  claimCapOverride: number | null;
  @ApiProperty({ type: EligibilityView }) eligibility: EligibilityView;
  @ApiProperty({ type: PartnerStatsView, description: 'Counted from claim events; may lag a few seconds' })
  stats: PartnerStatsView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PartnerPageView {
  @ApiProperty({ type: [PartnerView] }) items: PartnerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SessionView {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token>' }) token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
