import { registerDecorator } from 'class-validator';
import { CronTime } from 'cron';

/** A setting that must be a cron expression the scheduler can read (five or six fields). */
export function IsCronExpression(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCronExpression',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a cron expression such as "0 3 * * *"` },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            new CronTime(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}
