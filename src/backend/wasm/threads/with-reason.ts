import type { KernelTable } from '../../registry.js';

/** The plain table, reporting why it runs on one thread (BackendStatus.threads). */
export function withReason(plain: KernelTable, reason: string): KernelTable {
  return { ...plain, threads: () => ({ count: 1, reason }) };
}
