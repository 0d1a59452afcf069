export { startBitrix24Double } from './server';
export { OAUTH_HOST } from './oauth';
export { encodePhpForm, parsePhpForm } from './php-form';
export type {
  AppRegistration, Binding, Bitrix24Double, CallRecord, DoubleOptions, FakePortal, FaultKind, Faults, HttpAnswer,
  Notification, OpenLine, Placement, PlanSpec, PortalOptions, Row, TokenPair,
} from './types';
