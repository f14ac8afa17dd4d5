import { createHash } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from './openapi.js';
import { UNDECLARED } from './openapi.js';

/**
 * Checks a simulator's answers against its own OpenAPI document (`GET /openapi.json`) with Ajv
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1): per operation, the answer's status must be
 * declared, its media type too, and its body must validate. On when `SIM_VALIDATE_RESPONSES` is
 * set (the test suite sets it: test/support/contract-setup.ts); violations are kept for
 * `GET /__admin/contract-violations` and, with `SIM_CONTRACT_LOG_DIR` set, appended to
 * `contract-violations.jsonl` there (test/simulator-contracts-hold-across-the-suite.test.ts reads
 * it after every other test file). Ajv is a development dependency: loaded only when on.
 */

export const VALIDATE_ENV = 'SIM_VALIDATE_RESPONSES';
export const LOG_DIR_ENV = 'SIM_CONTRACT_LOG_DIR';
export const VIOLATIONS_FILE = 'contract-violations.jsonl';
export const STATS_FILE = 'contract-stats.jsonl';

export interface ContractViolation {
  simulator: string;
  /** `METHOD /route/template`. */
  operation: string;
  /** The path as requested (no query string). */
  path: string;
  status: number;
  contentType: string | null;
  problems: string[];
}

export interface ContractAnswer {
  status: number;
  contentType: string | null;
  /** The bytes sent ('' for none). */
  payload: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };
type Compiler = (schema: JsonSchema) => Validate;

const COMPONENTS_ID = 'sim-components';

/** `#/components/schemas/X` → a ref into the components schema Ajv holds under its own id. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? item.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`) : rewriteRefs(item),
    ]),
  );
}

async function loadCompiler(schemas: Record<string, JsonSchema>): Promise<Compiler> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = (await import('ajv-formats')) as unknown as { default: (ajv: InstanceType<typeof Ajv2020>) => void };
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(schemas) as Record<string, JsonSchema> });
  return (schema) => ajv.compile(rewriteRefs(schema) as JsonSchema) as Validate;
}

interface Operation {
  [UNDECLARED]?: boolean;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

/** Compiled validators per document (its hash): every simulator of one platform in a process shares them. */
interface Compiled {
  compiler: Promise<Compiler>;
  validators: Map<string, Validate>;
}
const compiledByDocument = new Map<string, Compiled>();

/** One simulator's checker: built from its document on first use. */
export class ContractChecker {
  readonly violations: ContractViolation[] = [];
  /** Answers checked, per operation. */
  readonly checked = new Map<string, number>();
  private compiled: Compiled | null = null;

  constructor(
    private readonly simulator: string,
    private readonly document: () => Record<string, unknown>,
  ) {}

  static enabled(): boolean {
    const value = process.env[VALIDATE_ENV];
    return value !== undefined && value !== '' && value !== '0' && value !== 'false';
  }

  /** Checks one answer of `operation` (`METHOD /route/template`); records and returns its problems. */
  async check(method: string, template: string, path: string, answer: ContractAnswer): Promise<string[]> {
    const operationKey = `${method} ${template}`;
    this.checked.set(operationKey, (this.checked.get(operationKey) ?? 0) + 1);
    const problems = await this.problems(method, template, answer);
    if (problems.length > 0) {
      const violation: ContractViolation = { simulator: this.simulator, operation: operationKey, path, status: answer.status, contentType: answer.contentType, problems };
      this.violations.push(violation);
      const dir = logDir();
      if (dir) appendFileSync(join(dir, VIOLATIONS_FILE), `${JSON.stringify(violation)}\n`);
    }
    return problems;
  }

  /** Appends what was checked to the stats file (on close). */
  flushStats(): void {
    const dir = logDir();
    if (!dir || this.checked.size === 0) return;
    appendFileSync(join(dir, STATS_FILE), `${JSON.stringify({ simulator: this.simulator, checked: Object.fromEntries(this.checked) })}\n`);
    this.checked.clear();
  }

  private async problems(method: string, template: string, answer: ContractAnswer): Promise<string[]> {
    const doc = this.document() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
    const openApiPath = template.replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation = doc.paths[openApiPath]?.[method.toLowerCase()];
    if (!operation) return ['the operation is not in the document'];
    if (operation[UNDECLARED]) return ['the operation has no declared answers'];
    const status = String(answer.status);
    const declared = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    if (!declared) return [`status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`];
    const content = declared.content;
    if (!content) return answer.payload === '' ? [] : [`status ${status} declares no body, but one was sent`];
    if (answer.payload === '') return [`status ${status} declares a body (${Object.keys(content).join(', ')}), none was sent`];
    const mediaType = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    // A file is served with its own type: `image/*` or `*/*` declare those.
    const media = content[mediaType] ?? content[`${mediaType.split('/')[0]}/*`] ?? content['*/*'];
    if (!media) return [`media type "${mediaType}" is not declared for ${status} (declared: ${Object.keys(content).join(', ')})`];
    let body: unknown = answer.payload;
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      try {
        body = JSON.parse(answer.payload);
      } catch {
        return ['the body is not JSON'];
      }
    }
    const validate = await this.validator(`${openApiPath} ${method} ${status} ${mediaType}`, media.schema, doc.components.schemas);
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 8)
      .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
  }

  private async validator(key: string, schema: JsonSchema, schemas: Record<string, JsonSchema>): Promise<Validate> {
    if (!this.compiled) {
      const hash = createHash('sha256').update(JSON.stringify(this.document())).digest('base64url');
      let compiled = compiledByDocument.get(hash);
      if (!compiled) {
        compiled = { compiler: loadCompiler(schemas), validators: new Map() };
        compiledByDocument.set(hash, compiled);
      }
      this.compiled = compiled;
    }
    const known = this.compiled.validators.get(key);
    if (known) return known;
    const validate = (await this.compiled.compiler)(schema);
    this.compiled.validators.set(key, validate);
    return validate;
  }
}

function logDir(): string | null {
  const dir = process.env[LOG_DIR_ENV];
  return dir && existsSync(dir) ? dir : null;
}
