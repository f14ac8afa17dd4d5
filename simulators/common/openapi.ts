import type { SimMethod } from './server.js';
import type { SparseShape, SparseShapes } from './sparse.js';

/**
 * A simulator's contract: what each platform route takes and answers, declared per
 * `METHOD /route/template` (the keys `SimRoute`s and the `sparse` shapes use) in the platform's
 * `openapi.ts`, and turned into the OpenAPI 3.1 document `GET /openapi.json` serves. The same
 * document validates every answer when `SIM_VALIDATE_RESPONSES` is on (contract-check.ts).
 */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). `$ref`s name `#/components/schemas/<Name>`. */
export type JsonSchema = Record<string, unknown>;

export interface SimParameter {
  name: string;
  in: 'query' | 'header' | 'path';
  description?: string;
  required?: boolean;
  schema: JsonSchema;
}

/** One answer: its description, body per media type (none: an empty body) and headers. */
export interface SimResponseSpec {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface SimOperation {
  /** Query and header parameters (path parameters come from the route's template). */
  parameters?: SimParameter[];
  /** Schemas of the path parameters (default: a string). */
  pathParams?: Record<string, JsonSchema>;
  /** Request body per media type. */
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  /** The answers besides the platform's common errors (which an entry here overrides). */
  responses: Record<string, SimResponseSpec>;
}

/** A platform's whole declaration. */
export interface SimContract {
  /** Reusable schemas (`#/components/schemas/<Name>`). */
  schemas: Record<string, JsonSchema>;
  /** How callers authenticate (OpenAPI security schemes); every non-public route needs all of them. */
  securitySchemes: Record<string, JsonSchema>;
  /** Which schemes together authenticate a call (default: all of `securitySchemes`). */
  security?: Record<string, string[]>[];
  /** Answers any authenticated route may give (wrong credentials, rate limits, outages). */
  commonErrors: Record<string, SimResponseSpec>;
  /** Per `METHOD /route/template`. */
  operations: Record<string, SimOperation>;
}

/** What the document is built from: the served routes. */
export interface ContractRoute {
  method: SimMethod;
  path: string;
  summary: string;
  public?: boolean;
  /** A declaration beside the handler (wins over the platform's `operations` entry). */
  contract?: SimOperation;
}

/** `GET /openapi.json` when a route has no declaration: its answers are undeclared (the contract test fails on it). */
export const UNDECLARED = 'x-undeclared';

export function openApiPath(template: string): string {
  return template.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function pathNames(template: string): string[] {
  return [...template.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
}

/** The OpenAPI 3.1 document of a platform's routes. */
export function buildOpenApi(title: string, routes: readonly ContractRoute[], contract: SimContract | undefined): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemes = Object.keys(contract?.securitySchemes ?? {});
  const security = contract?.security ?? (schemes.length > 0 ? [Object.fromEntries(schemes.map((name) => [name, []]))] : []);
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const declared = route.contract ?? contract?.operations[key];
    const path = openApiPath(route.path);
    const parameters = [
      ...pathNames(route.path).map((name) => ({ name, in: 'path', required: true, schema: declared?.pathParams?.[name] ?? { type: 'string' } })),
      ...(declared?.parameters ?? []),
    ];
    const operation: Record<string, unknown> = {
      operationId: key,
      summary: route.summary,
      parameters,
      security: route.public ? [] : security,
      responses: declared ? { ...(route.public ? {} : contract?.commonErrors), ...declared.responses } : { default: { description: 'not declared' } },
    };
    if (declared?.requestBody) operation.requestBody = declared.requestBody;
    if (!declared) operation[UNDECLARED] = true;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: `${title} (simulator)`, version: '1.0.0' },
    paths,
    components: { schemas: contract?.schemas ?? {}, securitySchemes: contract?.securitySchemes ?? {} },
  };
}

// Small builders, so a platform's declaration reads like its JSON.

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const str: JsonSchema = { type: 'string' };
export const int: JsonSchema = { type: 'integer' };
export const num: JsonSchema = { type: 'number' };
export const bool: JsonSchema = { type: 'boolean' };
/** Free-form JSON object (custom attributes, metadata). */
export const anyObject: JsonSchema = { type: 'object' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const enumOf = (...values: (string | number | boolean | null)[]): JsonSchema => ({ enum: values });
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/**
 * A closed object: every key declared, `required` always sent with a value (in a sparse-able shape,
 * the shape's `required`), every other key optional and also allowed to be null (what the `sparse`
 * knob and real installations do to optional fields).
 */
export function object(properties: Record<string, JsonSchema>, required: readonly string[] | 'all' = 'all', options: { open?: boolean } = {}): JsonSchema {
  const always = required === 'all' ? Object.keys(properties) : [...required];
  const props = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, always.includes(key) ? schema : nullable(schema)]));
  return { type: 'object', properties: props, required: always, additionalProperties: options.open === true };
}

export function json(description: string, schema: JsonSchema): SimResponseSpec {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: JsonSchema, required = true): SimOperation['requestBody'] {
  return { required, content: { 'application/json': { schema } } };
}

export const query = (name: string, schema: JsonSchema, description?: string): SimParameter => ({ name, in: 'query', schema, ...(description ? { description } : {}) });

/** A 429 answer with its Retry-After header (sent only sometimes, which is why it is described). */
export function rateLimited(answer: SimResponseSpec, retryAfter = 'seconds, when sent'): SimResponseSpec {
  return { ...answer, headers: { 'retry-after': { description: retryAfter, schema: str } } };
}

/**
 * The keys a platform's `sparse` shape (by name, at any depth of its `shapes`) always sends with a
 * value: what the platform's contract declares `required`, so the document and the knob agree.
 */
export function requiredKeysOf(shapes: SparseShapes): (name: string) => readonly string[] {
  const all = (shape: SparseShape): SparseShape[] => [shape, ...Object.values(shape.nested ?? {}).flatMap(all)];
  const every = Object.values(shapes).flatMap(all);
  return (name) => {
    const found = every.find((s) => s.name === name);
    if (!found) throw new Error(`no sparse shape ${name}`);
    return found.required;
  };
}
