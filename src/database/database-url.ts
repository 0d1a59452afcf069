/** The connection string the app uses, resolved before the app starts (embedded server or `DATABASE_URL`). */
export class DatabaseUrl {
  constructor(readonly value: string) {}
}
