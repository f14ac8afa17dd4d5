import type { SimResponse } from '../common/server.js';

/** How Iron (a FastAPI service) says things: `{"detail": …}` bodies, 422 validation lists. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function detail(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { detail: message }, ...(headers ? { headers } : {}) };
}

/** One entry of a FastAPI/Pydantic v2 validation error list. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: ValidationIssue[]): SimResponse {
  return { status: 422, body: { detail: issues } };
}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** Reads query parameters the way FastAPI validates them, collecting every problem at once. */
export class QueryReader {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly query: URLSearchParams) {}

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    const loc = ['query', name];
    if (!/^-?\d+$/.test(raw.trim())) {
      this.issues.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
      return fallback;
    }
    const value = Number(raw);
    if (value < min) this.issues.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${min}`, input: raw, ctx: { ge: min } });
    else if (value > max) this.issues.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } });
    return value;
  }

  /** An optional boolean: absent means "no filter". */
  bool(name: string): boolean | null {
    const raw = this.query.get(name);
    if (raw === null) return null;
    const value = raw.trim().toLowerCase();
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    this.issues.push({ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: raw });
    return null;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    const choices = values.map((v) => `'${v}'`).join(' or ');
    this.issues.push({ type: 'enum', loc: ['query', name], msg: `Input should be ${choices}`, input: raw, ctx: { expected: choices } });
    return fallback;
  }

  uuid(name: string): string | null {
    const raw = this.query.get(name);
    if (raw === null) return null;
    if (isUuid(raw)) return raw.toLowerCase();
    this.issues.push(uuidIssue(['query', name], raw));
    return null;
  }

  /** The 422 answer when anything was invalid, else null. */
  failure(): SimResponse | null {
    return this.issues.length > 0 ? validationError(this.issues) : null;
  }
}

export function uuidIssue(loc: (string | number)[], input: string): ValidationIssue {
  return {
    type: 'uuid_parsing',
    loc,
    msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]',
    input,
  };
}
