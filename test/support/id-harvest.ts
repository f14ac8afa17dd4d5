import { Kind, parse, print, visit, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operation, type Stack } from './stack.js';

/**
 * Everything a tenant's user can see through the screens (operations/), harvested for isolation
 * tests: every id the graph handed out, by type, and the text of every answer (to recognise that
 * tenant's data anywhere else).
 */
export interface Harvest {
  tenant: string;
  /** Ids by graph type (`__typename`). */
  ids: Map<string, Set<string>>;
  /** Conversation ids per source (lower-case source key). */
  conversations: Map<string, string[]>;
  /** Every answer, as JSON text. */
  answers: string[];
}

const SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;

/** The document with `__typename` in every selection set below the operation (as Apollo Client adds it). */
export function typed(source: string): string {
  const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
  return print(
    visit(parse(source), {
      SelectionSet: (node, _key, parent) => {
        if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
        return { ...node, selections: [typename, ...node.selections] };
      },
    }),
  );
}

/** The operations of a document in operations/, by name, with the variables each declares. */
export function operationsOf(name: string): { name: string; variables: string[] }[] {
  return parse(operation(name))
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => ({ name: d.name!.value, variables: (d.variableDefinitions ?? []).map((v) => v.variable.name.value) }));
}

/** One operation of a document, with the fragments it spreads (what a client sends). */
export function single(source: string, name: string): string {
  const doc = parse(source);
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`no operation ${name}`);
  const used = new Set<string>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode): void => {
    visit(node, {
      FragmentSpread: (spread) => {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        walk(fragments.get(spread.name.value)!);
      },
    });
  };
  walk(op);
  return print({ ...doc, definitions: [op, ...[...used].map((f) => fragments.get(f)!)] });
}

function collect(value: unknown, into: Map<string, Set<string>>): void {
  if (Array.isArray(value)) return value.forEach((item) => collect(item, into));
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string' && typeof record.__typename === 'string') {
    if (!into.has(record.__typename)) into.set(record.__typename, new Set());
    into.get(record.__typename)!.add(record.id);
  }
  for (const child of Object.values(record)) collect(child, into);
}

type Row = { id: string; lead: { id: string } | null };

/**
 * InboxScreen per source, then ConversationScreen of `perSource` conversations of each (those with
 * a lead first: the richest sidebars; else the newest), as `sub`.
 */
export async function harvest(stack: Stack, tenant: string, sub: string, perSource = 3): Promise<Harvest> {
  const result: Harvest = { tenant, ids: new Map(), conversations: new Map(), answers: [] };
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const answer = await stack.gql<T>(query, variables, { tenant, sub });
    if (answer.errors) throw new Error(`${tenant} harvesting: ${JSON.stringify(answer.errors)}`);
    result.answers.push(JSON.stringify(answer.data));
    collect(answer.data, result.ids);
    return answer.data!;
  };
  const inbox = typed(operation('InboxScreen'));
  const screen = typed(operation('ConversationScreen'));
  const picked: string[] = [];
  for (const source of SOURCES) {
    const data = await ask<{ conversations: { edges: { node: Row }[] } }>(inbox, { first: 25, filter: { sources: [source.toUpperCase()] } });
    const rows = data.conversations.edges.map((e) => e.node);
    result.conversations.set(
      source,
      rows.map((r) => r.id),
    );
    picked.push(
      ...[...rows]
        .sort((a, b) => Number(b.lead !== null) - Number(a.lead !== null))
        .slice(0, perSource)
        .map((r) => r.id),
    );
  }
  for (const id of picked) await ask(screen, { id, last: 10 });
  return result;
}

/**
 * Strings that only `owner` holds (names, titles, message bodies of 12+ characters absent from
 * every answer `other` got): finding one in `other`'s answers is a leak, whatever the ids say.
 */
export function ownStrings(owner: Harvest, other: Harvest): string[] {
  const theirs = other.answers.join('\n');
  const strings = new Set<string>();
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (value.length >= 12 && /^(content|title|name|notes|email|phone|company|callSummary)$/.test(key) && !theirs.includes(value)) strings.add(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const answer of owner.answers) walk(JSON.parse(answer), '');
  return [...strings];
}

export function idsOf(harvest: Harvest, type: string): string[] {
  return [...(harvest.ids.get(type) ?? [])];
}
