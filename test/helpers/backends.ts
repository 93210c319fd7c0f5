/**
 * The backends the conformance suite runs on. Every backend is expected; when one fails to
 * load, the suite says why — and under CI (CI=true) that is a failure, not a skip.
 */
import { backends, type BackendName } from '../../src/entry/node.js';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface BackendUnderTest {
  name: BackendName;
  available: boolean;
  reason?: string;
}

export const BACKENDS: BackendUnderTest[] = backends();
