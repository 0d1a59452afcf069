import { Bitrix24PortalEvidence, StoredPortalEvidence } from './application/portal-evidence';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TransactionRunner } from '../../shared/database/transaction-runner';
import { ComplianceModule } from '../compliance';
import { LeadsModule } from '../leads';
import { PartnersModule } from '../partners';
import { Bitrix24AppController } from './api/bitrix24-app.controller';
import { Bitrix24EventsController } from './api/bitrix24-events.controller';
import { Bitrix24InstallController } from './api/bitrix24-install.controller';
import { PortalsController } from './api/portals.controller';
import { AcceptPdAgreement } from './application/accept-pd-agreement';
import { PreparePortalJob } from './application/prepare-portal.job';
import { CheckBindingsTask } from './application/check-bindings.task';
import { CheckDealJob } from './application/check-deal.job';
import { DealOutcomes } from './application/deal-outcomes';
import { PortalGate } from './application/portal-gate';
import { CreateDealJob } from './application/create-deal.job';
import { DealDeletedJob } from './application/deal-deleted.job';
import { FollowClaimsListener } from './application/follow-claims.listener';
import { FollowLeadErasureListener } from './application/follow-lead-erasure.listener';
import { InstallPortal } from './application/install-portal';
import { InstallTickets } from './application/install-tickets';
import { KeepTokensAliveTask } from './application/keep-tokens-alive.task';
import { NoticeErasureJob } from './application/notice-erasure.job';
import { NoticeNoProofJob } from './application/notice-no-proof.job';
import { NotifyEligibilityJob } from './application/notify-eligibility.job';
import { OpenAppPage } from './application/open-app-page';
import { PartnerPortal } from './application/partner-portal';
import { PortalFrameAncestors } from './application/portal-frame-ancestors';
import { PortalSetup } from './application/portal-setup';
import { ReceivePortalEvent } from './application/receive-portal-event';
import { ReconcileDealsTask } from './application/reconcile-deals.task';
import { ReconcilePortalJob } from './application/reconcile-portal.job';
import { StartInstallation } from './application/start-installation';
import { UninstallPortal } from './application/uninstall-portal';
import { VerifyInstallation } from './application/verify-installation';
import { VerifyLaunch } from './application/verify-launch';
import { RegistryPortalStatus } from './application/registry-portal-status';
import { PortalEvidenceQuery, PortalStatusQuery } from './contract';
import { Bitrix24Config } from './crm-sync.config';
import { Bitrix24Client, PortalHealth, PortalRateLimiter, PortalTokenStore } from './infrastructure/bitrix24';
import { PgPortalHealth } from './infrastructure/pg-portal-health';
import { DealRequestRepository } from './infrastructure/deal-request.repository';
import { PgPortalTokenStore } from './infrastructure/pg-portal-token-store';
import { PgRateLimiter } from './infrastructure/pg-rate-limiter';
import { PortalRepository } from './infrastructure/portal.repository';

const common: Provider[] = [
  DealRequestRepository,
  PortalRepository,
  PartnerPortal,
  FollowClaimsListener,
  { provide: PortalStatusQuery, useClass: RegistryPortalStatus },
];

/**
 * The Bitrix24 application. Without B24_CLIENT_ID it only records which claims owe a deal, so
 * turning the integration on later creates those deals too.
 */
@Module({})
export class CrmSyncModule {
  static forRoot(config: Bitrix24Config): DynamicModule {
    const imports = [PartnersModule, LeadsModule, ComplianceModule];
    // Global: the partner API and the eligibility audit ask about portals without importing this module.
    const surface = { module: CrmSyncModule, global: true, imports, exports: [PortalStatusQuery, PortalEvidenceQuery] };
    if (!config.enabled) return { ...surface, providers: [...common, { provide: PortalEvidenceQuery, useClass: StoredPortalEvidence }] };
    return {
      ...surface,
      controllers: [Bitrix24InstallController, Bitrix24EventsController, Bitrix24AppController, PortalsController],
      providers: [
        ...common,
        { provide: PortalEvidenceQuery, useClass: Bitrix24PortalEvidence },
        {
          provide: PortalRateLimiter,
          inject: [TransactionRunner],
          useFactory: (db: TransactionRunner) =>
            new PgRateLimiter(db, { capacity: config.B24_RATE_CAPACITY, perSecond: config.B24_RATE_PER_SECOND }),
        },
        { provide: PortalTokenStore, useClass: PgPortalTokenStore },
        { provide: PortalHealth, useClass: PgPortalHealth },
        {
          provide: Bitrix24Client,
          inject: [PortalTokenStore, PortalRateLimiter, PortalHealth],
          useFactory: (tokens: PortalTokenStore, limiter: PortalRateLimiter, health: PortalHealth) =>
            new Bitrix24Client(
              {
                oauthUrl: config.B24_OAUTH_URL,
                clientId: config.B24_CLIENT_ID!,
                clientSecret: config.B24_CLIENT_SECRET!,
                timeoutMs: config.B24_TIMEOUT_MS,
                backoffMs: config.B24_BACKOFF_MS,
                allowInsecure: config.B24_ALLOW_INSECURE_PORTALS,
              },
              tokens,
              limiter,
              health,
            ),
        },
        VerifyInstallation,
        InstallPortal,
        InstallTickets,
        StartInstallation,
        AcceptPdAgreement,
        UninstallPortal,
        ReceivePortalEvent,
        VerifyLaunch,
        OpenAppPage,
        PortalFrameAncestors,
        PortalSetup,
        PreparePortalJob,
        CreateDealJob,
        CheckDealJob,
        DealOutcomes,
        PortalGate,
        ReconcilePortalJob,
        DealDeletedJob,
        NoticeNoProofJob,
        NotifyEligibilityJob,
        NoticeErasureJob,
        FollowLeadErasureListener,
        ReconcileDealsTask,
        CheckBindingsTask,
        KeepTokensAliveTask,
      ],
    };
  }
}
