import { CAPTURE_DIR_ENV } from './capture-setup.js';

/** Simulators check their answers against their own OpenAPI documents (simulators/common/contract-check.ts). */
export const VALIDATE_ENV = 'SIM_VALIDATE_RESPONSES';
export const LOG_DIR_ENV = 'SIM_CONTRACT_LOG_DIR';

/**
 * vitest globalSetup, after capture-setup.ts: every simulator a test starts (workers and child
 * processes inherit the variables) checks each answer it sends against its `GET /openapi.json` and
 * writes violations and counts into the capture folder, which
 * test/simulator-contracts-hold-across-the-suite.test.ts reads once every other file has run.
 */
export default function setup(): void {
  process.env[VALIDATE_ENV] ??= '1';
  const dir = process.env[CAPTURE_DIR_ENV];
  if (dir) process.env[LOG_DIR_ENV] ??= dir;
}
