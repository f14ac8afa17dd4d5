import type { SimRequest, SimResponse } from '../common/server.js';
import { isUuid, uuidIssue, validationError, type ValidationIssue } from './validation.js';

/**
 * Reads a JSON request body the way FastAPI validates a Pydantic v2 model: every problem of the
 * body is collected into one 422 list (`loc: ['body', field]`), as Iron's write endpoints answer.
 */
export class BodyReader {
  readonly issues: ValidationIssue[] = [];
  private readonly fields: Record<string, unknown> | null = null;

  constructor(req: SimRequest) {
    const raw = req.rawBody;
    if (raw.trim() === '') {
      this.issues.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
    } else if (req.body === undefined) {
      this.issues.push({ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } });
    } else if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      this.issues.push({ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: req.body });
    } else {
      this.fields = req.body as Record<string, unknown>;
    }
  }

  /** A field's value; records `missing` when a required field is absent. */
  private field(name: string): { present: boolean; value: unknown } {
    if (this.fields === null) return { present: false, value: undefined };
    if (!(name in this.fields)) {
      this.issues.push({ type: 'missing', loc: ['body', name], msg: 'Field required', input: this.fields });
      return { present: false, value: undefined };
    }
    return { present: true, value: this.fields[name] };
  }

  /** A required string, stripped of surrounding whitespace (`constr(strip_whitespace=True)`), within a length. */
  text(name: string, minLength: number, maxLength: number): string {
    const { present, value } = this.field(name);
    if (!present) return '';
    const loc = ['body', name];
    if (typeof value !== 'string') {
      this.issues.push({ type: 'string_type', loc, msg: 'Input should be a valid string', input: value });
      return '';
    }
    const text = value.trim();
    if (text.length < minLength) {
      this.issues.push({
        type: 'string_too_short',
        loc,
        msg: `String should have at least ${minLength} character${minLength === 1 ? '' : 's'}`,
        input: value,
        ctx: { min_length: minLength },
      });
    } else if (text.length > maxLength) {
      this.issues.push({ type: 'string_too_long', loc, msg: `String should have at most ${maxLength} characters`, input: value, ctx: { max_length: maxLength } });
    }
    return text;
  }

  /** A required member of a str enum. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | null {
    const { present, value } = this.field(name);
    if (!present) return null;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    const quoted = values.map((v) => `'${v}'`);
    const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted.join('');
    this.issues.push({ type: 'enum', loc: ['body', name], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
    return null;
  }

  /** A required boolean, in Pydantic's lax JSON mode (true/false, 0/1, "true"/"false"…). */
  bool(name: string): boolean | null {
    const { present, value } = this.field(name);
    if (!present) return null;
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    if (typeof value === 'string') {
      const lowered = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'on', 't', 'y'].includes(lowered)) return true;
      if (['false', '0', 'no', 'off', 'f', 'n'].includes(lowered)) return false;
      this.issues.push({ type: 'bool_parsing', loc: ['body', name], msg: 'Input should be a valid boolean, unable to interpret input', input: value });
      return null;
    }
    this.issues.push({ type: 'bool_type', loc: ['body', name], msg: 'Input should be a valid boolean', input: value });
    return null;
  }

  /** A required `UUID | None` field (null is a value, absence is `missing`). */
  nullableUuid(name: string): string | null {
    const { present, value } = this.field(name);
    if (!present || value === null) return null;
    if (typeof value !== 'string') {
      this.issues.push({ type: 'uuid_type', loc: ['body', name], msg: 'UUID input should be a string, bytes or UUID object', input: value });
      return null;
    }
    if (!isUuid(value)) {
      this.issues.push(uuidIssue(['body', name], value));
      return null;
    }
    return value.toLowerCase();
  }

  /** The 422 answer when anything was invalid, else null. */
  failure(): SimResponse | null {
    return this.issues.length > 0 ? validationError(this.issues) : null;
  }
}
