import { ClaimDeals1764230408000 } from './1764230408000-claim-deals';
import { Claims1764230403000 } from './1764230403000-claims';
import { Compliance1764230404000 } from './1764230404000-compliance';
import { CrmSync1764230405000 } from './1764230405000-crm-sync';
import { CrmSyncPortals1764230406000 } from './1764230406000-crm-sync-portals';
import { DealRequestTaker1764230480000 } from './1764230480000-deal-request-taker';
import { ErasureRetention1764230441000 } from './1764230441000-erasure-retention';
import { LeadEncryption1764230440000 } from './1764230440000-lead-encryption';
import { Leads1764230402000 } from './1764230402000-leads';
import { Partners1764230401000 } from './1764230401000-partners';
import { PdAcceptances1764230407000 } from './1764230407000-pd-acceptances';
import { PdAgreementVersions1764230420000 } from './1764230420000-pd-agreement-versions';
import { Platform1764230400000 } from './1764230400000-platform';
import { RateLimits1764230430000 } from './1764230430000-rate-limits';
import { PortalAddresses1764230470000 } from './1764230470000-portal-addresses';
import { PortalConflicts1764230460000 } from './1764230460000-portal-conflicts';
import { PortalHealth1764230500000 } from './1764230500000-portal-health';
import { PortalRefreshedAt1764230490000 } from './1764230490000-portal-refreshed-at';
import { PortalSuspension1764230510000 } from './1764230510000-portal-suspension';
import { ClaimTakerAndProofRequest1764230520000 } from './1764230520000-claim-taker-and-proof-request';
import { PartnerEligibility1764230530000 } from './1764230530000-partner-eligibility';
import { ScheduledTasks1764230450000 } from './1764230450000-scheduled-tasks';

/** Listed explicitly so the same array works from ts-jest, ts-node and the compiled build. */
export const MIGRATIONS = [
  Platform1764230400000,
  Partners1764230401000,
  Leads1764230402000,
  Claims1764230403000,
  Compliance1764230404000,
  CrmSync1764230405000,
  CrmSyncPortals1764230406000,
  PdAcceptances1764230407000,
  ClaimDeals1764230408000,
  PdAgreementVersions1764230420000,
  RateLimits1764230430000,
  LeadEncryption1764230440000,
  ErasureRetention1764230441000,
  ScheduledTasks1764230450000,
  PortalConflicts1764230460000,
  PortalAddresses1764230470000,
  DealRequestTaker1764230480000,
  PortalRefreshedAt1764230490000,
  PortalHealth1764230500000,
  PortalSuspension1764230510000,
  ClaimTakerAndProofRequest1764230520000,
  PartnerEligibility1764230530000,
];
