export * from './claim-events';
