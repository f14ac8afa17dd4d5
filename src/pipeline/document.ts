import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  parse,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { LimitsConfig } from '../config/schema.js';

/** graphql-armor's refusals (depth, cost, aliases, directives): limits, not mistakes. */
const LIMIT_MESSAGE = /(limit of \d+ exceeded|Query Cost limit)/i;

/** graphql-js stops validating after this many errors (one refusal never lists thousands). */
const MAX_VALIDATION_ERRORS = 25;

/** How deeply brackets may nest in a document: far above any sane query, far below a stack overflow. */
const MAX_NESTING = 256;

export interface DocumentPolicy {
  limits: Pick<LimitsConfig, 'maxDepth' | 'maxCost' | 'maxAliases' | 'maxTokens'>;
  /** Off: introspection is refused by validation and no "Did you mean …?" hints are given. */
  introspection: boolean;
}

/** A document ready to execute, or the refusal every transport sends as is. */
export type PreparedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parsing and validation of every operation, whatever its transport: the token limit, a nesting
 * guard (a deep document would overflow graphql-js's recursive parser and validator), the
 * spec's rules, graphql-armor's depth/alias/directive rules and, with introspection off,
 * `NoSchemaIntrospectionCustomRule`. Results are cached per source text, so a repeated
 * operation costs one lookup (refusals are not kept).
 */
export class DocumentPreparer {
  readonly rules: readonly ValidationRule[];
  // Sized by what an entry keeps alive: a document's AST is about a dozen times its text.
  private readonly cache = new LRUCache<string, PreparedDocument>({ max: 1_000, maxSize: 8_000_000, sizeCalculation: (_value, key) => key.length * 12 + 1 });

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly policy: DocumentPolicy,
  ) {
    const { limits } = policy;
    const armor = new ApolloArmor({
      maxDepth: { n: limits.maxDepth },
      // The cost needs the variables' values (a page size may be one): see cost.ts, run after coercion.
      costLimit: { enabled: false },
      maxAliases: { n: limits.maxAliases },
      // The token limit is graphql-js's own parse option (below); suggestions are masked by formatError.
      maxTokens: { enabled: false },
      blockFieldSuggestion: { enabled: false },
    }).protect();
    this.rules = [...specifiedRules, ...armor.validationRules, ...(policy.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  }

  prepare(source: string): PreparedDocument {
    const cached = this.cache.get(source);
    if (cached) return cached;
    const prepared = this.parseAndValidate(source);
    // Only documents that run are kept: refusals are cheap to repeat (the token limit bounds
    // them) and each error object holds a stack, so caching them let hostile floods pin memory.
    if (prepared.document) this.cache.set(source, prepared);
    return prepared;
  }

  private parseAndValidate(source: string): PreparedDocument {
    let document: DocumentNode;
    try {
      const nesting = maxNesting(source, this.policy.limits.maxTokens);
      if (nesting > MAX_NESTING) return refusal(`the document nests deeper than ${MAX_NESTING} levels`, 'QUERY_TOO_COMPLEX');
      document = parse(source, { maxTokens: this.policy.limits.maxTokens });
    } catch (error) {
      if (error instanceof GraphQLError) {
        const tooLong = /contains more th\w+ \d+ tokens/.test(error.message);
        return tooLong ? refusal(`token limit of ${this.policy.limits.maxTokens} exceeded`, 'QUERY_TOO_COMPLEX') : { errors: [withCode(error, 'GRAPHQL_PARSE_FAILED')] };
      }
      if (error instanceof RangeError) return refusal('the document nests too deeply', 'QUERY_TOO_COMPLEX');
      throw error;
    }
    let errors: readonly GraphQLError[];
    try {
      errors = validate(this.schema, document, this.rules, { maxErrors: MAX_VALIDATION_ERRORS });
    } catch (error) {
      if (error instanceof RangeError) return refusal('the document nests too deeply', 'QUERY_TOO_COMPLEX');
      throw error;
    }
    if (errors.length > 0)
      return {
        errors: errors.map((e) =>
          LIMIT_MESSAGE.test(e.message) ? withCode(e, 'QUERY_TOO_COMPLEX', e.message.replace(/^Syntax Error: /, '')) : withCode(e, 'GRAPHQL_VALIDATION_FAILED'),
        ),
      };
    return { document };
  }
}

/** The deepest bracket nesting of a document, by its tokens (strings and comments cannot fool it). */
function maxNesting(source: string, maxTokens: number): number {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  let deepest = 0;
  for (let count = 0; count <= maxTokens; count++) {
    const token = lexer.advance();
    if (token.kind === TokenKind.EOF) break;
    if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) deepest = Math.max(deepest, ++depth);
    else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) depth--;
  }
  return deepest;
}

function refusal(message: string, code: 'QUERY_TOO_COMPLEX'): PreparedDocument {
  return { errors: [new GraphQLError(message, { extensions: { code, http: { status: 400 } } })] };
}

/** A cacheable copy: message, positions (for `locations`) and code, without the AST nodes. */
function withCode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  return new GraphQLError(message, {
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code, http: { status: 400 } },
  });
}
