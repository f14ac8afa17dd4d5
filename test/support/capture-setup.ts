import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where test gateways write their captured logs and answers (test/support/capture.ts). */
export const CAPTURE_DIR_ENV = 'GATEWAY_TEST_LOG_DIR';

/**
 * vitest globalSetup: one capture folder for the whole run, made before any worker starts (workers
 * inherit the variable). Runs once per project too: the first run makes the folder and removes it
 * at the end; a folder the caller chose (GATEWAY_TEST_LOG_DIR already set) is kept for reading.
 */
export default function setup(): (() => void) | undefined {
  const chosen = process.env[CAPTURE_DIR_ENV];
  if (chosen) {
    mkdirSync(chosen, { recursive: true });
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gw-test-capture-'));
  process.env[CAPTURE_DIR_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
