import { DynamicModule, Module } from '@nestjs/common';
import { ClaimsModule } from './modules/claims/claims.module';
import { ComplianceModule } from './modules/compliance/compliance.module';
import { CrmSyncModule } from './modules/crm-sync/crm-sync.module';
import { LeadsModule } from './modules/leads/leads.module';
import { PartnersModule } from './modules/partners/partners.module';
import { PlatformModule, PlatformOptions } from './shared/platform.module';

@Module({})
export class AppModule {
  static register(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        PartnersModule,
        LeadsModule,
        ClaimsModule,
        ComplianceModule,
        CrmSyncModule,
      ],
    };
  }
}
