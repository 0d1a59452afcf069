import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export type Env = Record<string, string | undefined>;

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads a settings class from the environment; empty values count as unset. */
export function validatedConfig<T extends object>(type: new () => T, env: Env, extraChecks: (c: T) => string[] = () => []): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(type, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  const problems = [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...extraChecks(config)];
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}
