export * from './referral.dto';
export * from './task-queues';
