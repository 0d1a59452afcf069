import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from './settings';

/** Makes each module's settings class injectable everywhere, with the values `Settings` validated. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: Settings): DynamicModule {
    const providers = settings.providers();
    return { module: SettingsModule, providers, exports: providers.map((p) => p.provide) };
  }
}
