/** True under CI, where a backend or runtime that cannot start is a failure, not a skip. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
