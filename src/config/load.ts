import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type GatewayConfig } from './schema.js';

/** A configuration problem; the message lists every problem with its path. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Keys whose values are secrets: the file must reference them (`${ENV}`), never spell them out. */
const SECRET_KEYS = new Set(['apiAccessToken', 'apiKey', 'workspaceSecret', 'token', 'webhookSecret', 'secret']);
const ENV_REF = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError([`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseConfig(raw, env);
}

/**
 * Validates a configuration built in code (demo mode, tests): no `${ENV}` resolution and no
 * literal-secret check, the same schema and the same path-qualified errors.
 */
export function validateConfig(raw: unknown): GatewayConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}

/** Resolves `${ENV}` references, then validates (a file's content). */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const resolved = resolveEnv(raw, [], env, problems);
  if (resolved && typeof resolved === 'object' && !Array.isArray(resolved) && !('redis' in resolved) && env.REDIS_URL) {
    (resolved as Record<string, unknown>).redis = { url: env.REDIS_URL };
  }
  const result = configSchema.safeParse(resolved);
  if (!result.success) {
    // A path already reported (missing variable, literal secret) is not reported twice.
    const reported = new Set(problems.map((p) => p.slice(0, p.indexOf(': '))));
    problems.push(...formatIssues(result.error.issues).filter((p) => !reported.has(p.slice(0, p.indexOf(': ')))));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data!;
}

function resolveEnv(value: unknown, path: (string | number)[], env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === 'string') {
    const key = path[path.length - 1];
    const isSecret = typeof key === 'string' && SECRET_KEYS.has(key);
    if (isSecret && !/^\$\{[A-Z_][A-Z0-9_]*\}$/.test(value.trim())) {
      problems.push(`${dotted(path)}: a secret must be an \${ENV_NAME} reference, not written in the file`);
      return value;
    }
    return value.replace(ENV_REF, (_, name: string) => {
      const found = env[name];
      if (found === undefined || found === '') {
        problems.push(`${dotted(path)}: environment variable ${name} is not set`);
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnv(item, [...path, i], env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnv(v, [...path, k], env, problems)]));
  }
  return value;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${dotted([...issue.path, key] as (string | number)[])}: unknown key`).join('\n  - ');
    }
    const where = issue.path.length ? dotted(issue.path as (string | number)[]) : '(root)';
    return `${where}: ${issue.message}`;
  });
}

function dotted(path: readonly (string | number)[]): string {
  return path.map((p) => String(p)).join('.') || '(root)';
}
