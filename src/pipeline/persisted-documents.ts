import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import builtInManifest from '../../client/persisted-documents.json' with { type: 'json' };

/**
 * `security.persistedDocuments`:
 *   off      documents come as text; `documentId` and `extensions.persistedQuery` are refused
 *            (PERSISTED_QUERY_NOT_SUPPORTED: Apollo clients then send the text)
 *   allow    text, manifest ids, and automatic persisted queries (a hash sent with its text is
 *            remembered, in a bounded in-process cache, so the hash alone works next time)
 *   require  manifest ids only: any other document, and any registration, is refused
 */
export type PersistedDocumentsMode = 'off' | 'allow' | 'require';

/** What a request names its document with, whatever the transport. */
export interface DocumentRequest {
  /** The document's text (`query`); an empty string is no text (graphql-ws requires the field). */
  query?: unknown;
  /** `extensions.persistedQuery: { version: 1, sha256Hash: "<hex>" }` (Apollo's convention). */
  extensions?: unknown;
  /** `documentId: "sha256:<hex>"` (GraphQL over HTTP, Appendix A; what codegen's client preset emits). */
  documentId?: unknown;
}

/** The document's text; none when the request names no document at all (the transport says so). */
export type ResolvedSource = { source: string | undefined; errors?: undefined } | { source?: undefined; errors: readonly GraphQLError[] };

/** Documents registered through automatic persisted queries (allow mode), by size. */
const REGISTERED_MAX_CHARS = 4_000_000;
const SHA256_ID = /^sha256:[0-9a-f]{64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Turns a request's document reference into the document's text: the persisted-documents
 * manifest (`sha256:<hex>` → document, generated from `operations/` by `npm run codegen`),
 * automatic persisted queries, or the text itself, as the mode allows. Both transports ask it
 * before parsing, so HTTP and WebSocket accept exactly the same documents.
 */
export class PersistedDocuments {
  private readonly manifest: ReadonlyMap<string, string>;
  private readonly registered = new LRUCache<string, string>({ maxSize: REGISTERED_MAX_CHARS, sizeCalculation: (text) => text.length + 1 });

  constructor(
    readonly mode: PersistedDocumentsMode,
    manifest: Readonly<Record<string, string>> = builtInManifest,
  ) {
    this.manifest = verifiedManifest(manifest);
  }

  /** The manifest's ids (the screens' documents). */
  get ids(): readonly string[] {
    return [...this.manifest.keys()];
  }

  resolve(request: DocumentRequest): ResolvedSource {
    const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
    const named = documentIdOf(request);
    if ('errors' in named) return { errors: named.errors };
    const id = named.id;
    if (id === undefined) {
      if (this.mode === 'require' && text !== undefined) {
        return refused('PERSISTED_DOCUMENT_REQUIRED', 'only persisted documents are accepted: send the `documentId` of a document in the manifest');
      }
      return { source: text };
    }
    if (this.mode === 'off') return refused('PERSISTED_QUERY_NOT_SUPPORTED', 'persisted documents are off: send the document as `query`');
    // A hash sent with a text must be that text's, or one client could make a hash mean another document.
    if (text !== undefined && id !== sha256Id(text)) return refused('BAD_REQUEST', 'the document id is not the hash of the query sent with it');
    const persisted = this.manifest.get(id);
    if (persisted !== undefined) return { source: persisted };
    if (this.mode === 'require') return refused('PERSISTED_QUERY_NOT_FOUND', 'unknown document id: only documents of the manifest are accepted');
    if (text !== undefined) {
      this.registered.set(id, text);
      return { source: text };
    }
    const registered = this.registered.get(id);
    if (registered !== undefined) return { source: registered };
    // Apollo's automatic persisted queries: a 200 that tells the client to send the text with the hash.
    return refused('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', 200);
  }
}

/** The `sha256:<hex>` id a request names, from `documentId` or `extensions.persistedQuery`. */
function documentIdOf(request: DocumentRequest): { id: string | undefined } | { errors: readonly GraphQLError[] } {
  let id: string | undefined;
  if (request.documentId !== undefined && request.documentId !== null) {
    if (typeof request.documentId !== 'string') return refused('BAD_REQUEST', '`documentId` must be a string');
    const given = request.documentId.trim().toLowerCase();
    id = SHA256_HEX.test(given) ? `sha256:${given}` : given;
    if (!SHA256_ID.test(id)) return refused('PERSISTED_QUERY_NOT_FOUND', 'unknown document id: ids are `sha256:<64 hex digits>`');
  }
  const persistedQuery = isRecord(request.extensions) ? request.extensions.persistedQuery : undefined;
  if (persistedQuery !== undefined && persistedQuery !== null) {
    if (!isRecord(persistedQuery) || persistedQuery.version !== 1) return refused('BAD_REQUEST', 'Unsupported persisted query version');
    const hash = persistedQuery.sha256Hash;
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return refused('BAD_REQUEST', '`extensions.persistedQuery.sha256Hash` must be 64 hex digits');
    const fromExtension = `sha256:${hash.toLowerCase()}`;
    if (id !== undefined && id !== fromExtension) return refused('BAD_REQUEST', '`documentId` and `extensions.persistedQuery` name different documents');
    id = fromExtension;
  }
  return { id };
}

/** The manifest as a map, after checking every id is its document's hash (a hand-edited manifest is refused at start). */
function verifiedManifest(manifest: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [id, text] of Object.entries(manifest)) {
    if (typeof text !== 'string' || sha256Id(text) !== id) throw new Error(`persisted-documents manifest: ${id} is not the hash of its document (run npm run codegen)`);
    map.set(id, text);
  }
  return map;
}

export function sha256Id(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function refused(code: string, message: string, status = 400): { errors: readonly GraphQLError[] } {
  return { errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
