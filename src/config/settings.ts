import { ClaimsConfig } from '../modules/claims/claims.config';
import { Bitrix24Config } from '../modules/crm-sync/crm-sync.config';
import { LeadsConfig } from '../modules/leads/leads.config';
import { PartnersConfig } from '../modules/partners/partners.config';
import { AppConfig } from './app-config';
import { Env, InvalidConfigError, readConfig } from './validated-config';

export { InvalidConfigError } from './validated-config';

type SettingsClass = new () => object;

/** Every module's settings class; each module validates its own values. */
const MODULE_SETTINGS: SettingsClass[] = [PartnersConfig, LeadsConfig, ClaimsConfig, Bitrix24Config];

/**
 * Every setting the service reads, validated once at start-up and all in one pass, so a bad
 * deployment fails before it serves a request, with every bad setting listed at once.
 */
export class Settings {
  private constructor(
    readonly app: AppConfig,
    private readonly modules: Map<SettingsClass, object>,
  ) {}

  static fromEnv(env: Env): Settings {
    const app = AppConfig.read(env);
    const modules = MODULE_SETTINGS.map((type) => [type, readConfig(type, env)] as const);
    const problems = [...app.problems, ...modules.flatMap(([, reading]) => reading.problems)];
    if (problems.length > 0) throw new InvalidConfigError(problems);
    return new Settings(app.config, new Map(modules.map(([type, reading]) => [type, reading.config])));
  }

  of<T extends object>(type: new () => T): T {
    const config = this.modules.get(type);
    if (!config) throw new Error(`${type.name} is not a module settings class`);
    return config as T;
  }

  /** Providers for Nest: each module injects its own settings class. */
  providers(): Array<{ provide: SettingsClass; useValue: object }> {
    return [...this.modules].map(([provide, useValue]) => ({ provide, useValue }));
  }
}
