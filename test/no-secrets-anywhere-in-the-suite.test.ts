import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureDir } from './support/capture.js';
import { describeHits, scanCaptures } from './support/leak-scan.js';

/**
 * Runs after every other test file (its own vitest project, groupOrder 1: vitest.config.ts) and
 * scans what all their gateways logged and answered (test/support/capture.ts): not one token,
 * secret, platform URL or message body. Run alone, there is nothing to scan and it says so.
 */
const dir = captureDir();
const captured = dir ? readdirSync(dir).filter((f) => f.endsWith('.manifest.json')).length : 0;

describe('the whole suite leaks nothing', () => {
  it.skipIf(captured === 0)('every answer and log line of every test gateway is free of tokens, secrets, platform URLs and message bodies', () => {
    const report = scanCaptures(dir!);
    console.info(`leak scan: ${report.captures} gateways, ${report.logLines} log lines, ${report.responses} answers, ${report.hits.length} leaks`);
    expect(report.hits, describeHits(report.hits)).toEqual([]);
  });
});
