import { DomainEvent } from '../events/domain-event';

/** Aggregates record what happened; the caller drains the events into the outbox after saving. */
export abstract class AggregateRoot {
  private pending: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.pending.push(event);
  }

  pullEvents(): DomainEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
