import { DynamicModule, Module } from '@nestjs/common';
import { Settings } from './config/settings';
import { SettingsModule } from './config/settings.module';
import { Bitrix24Config } from './modules/crm-sync/crm-sync.config';
import { ClaimsModule } from './modules/claims';
import { ComplianceModule } from './modules/compliance';
import { CrmSyncModule } from './modules/crm-sync';
import { LeadsModule } from './modules/leads';
import { PartnersModule } from './modules/partners';
import { Clock } from './shared/time/clock';
import { PlatformModule } from './shared/platform.module';
import { SecurityModule } from './shared/security/security.module';

export interface AppOptions {
  settings: Settings;
  databaseUrl: string;
  clock: Clock;
}

@Module({})
export class AppModule {
  static register({ settings, databaseUrl, clock }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        PlatformModule.forRoot({ config: settings.app, databaseUrl, clock }),
        SecurityModule.forRoot(settings.app),
        PartnersModule,
        LeadsModule,
        ClaimsModule,
        ComplianceModule,
        CrmSyncModule.forRoot(settings.of(Bitrix24Config)),
      ],
    };
  }
}
