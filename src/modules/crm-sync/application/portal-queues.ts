/** Queues whose jobs call one portal and carry its `memberId` in their data (see portal-gate.ts). */
export const CREATE_DEAL_JOB = 'crm-sync.create-deal';
export const CHECK_DEAL_JOB = 'crm-sync.check-deal';
export const RECONCILE_PORTAL_JOB = 'crm-sync.reconcile-portal';
export const PREPARE_PORTAL_JOB = 'crm-sync.prepare-portal';
export const KEEP_TOKENS_ALIVE_JOB = 'crm-sync.keep-tokens-alive';
export const NOTIFY_ELIGIBILITY_JOB = 'crm-sync.notify-eligibility';

export const PORTAL_QUEUES = [CREATE_DEAL_JOB, CHECK_DEAL_JOB, RECONCILE_PORTAL_JOB, PREPARE_PORTAL_JOB, KEEP_TOKENS_ALIVE_JOB, NOTIFY_ELIGIBILITY_JOB];
