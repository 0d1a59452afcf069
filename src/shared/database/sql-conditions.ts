/** Builds a WHERE clause from optional filters with numbered parameters. */
export class SqlConditions {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  /** `sql` names the parameter as `?`, e.g. `region = ?`. */
  add(sql: string, ...values: unknown[]): this {
    let text = sql;
    for (const value of values) text = text.replace('?', this.param(value));
    this.parts.push(text);
    return this;
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  where(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
