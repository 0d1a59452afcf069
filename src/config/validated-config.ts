import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export type Env = Record<string, string | undefined>;

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export interface ConfigReading<T> {
  config: T;
  problems: string[];
}

/** Reads a settings class from the environment (empty values count as unset) and lists what is wrong with it. */
export function readConfig<T extends object>(type: new () => T, env: Env, extraChecks: (c: T) => string[] = () => []): ConfigReading<T> {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(type, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  return { config, problems: [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...extraChecks(config)] };
}
