import { DynamicModule, Module } from '@nestjs/common';
import { ClaimsModule } from './modules/claims';
import { ComplianceModule } from './modules/compliance';
import { CrmSyncModule } from './modules/crm-sync';
import { LeadsModule } from './modules/leads';
import { PartnersModule } from './modules/partners';
import { PlatformModule, PlatformOptions } from './shared/platform.module';
import { SecurityModule } from './shared/security/security.module';

@Module({})
export class AppModule {
  static register(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        SecurityModule.forRoot(options.config),
        PartnersModule,
        LeadsModule,
        ClaimsModule,
        ComplianceModule,
        CrmSyncModule.forRoot(options.config),
      ],
    };
  }
}
