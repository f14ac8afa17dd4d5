import { getOperationAST, Kind, parse, print, separateOperations, visit, type ASTNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import builtInManifest from '../../client/persisted-documents.json' with { type: 'json' };

/**
 * The client kit's operations (operations/*.graphql, compiled by `npm run codegen` into the
 * persisted-documents manifest): the only names an operation metric may carry, so a client
 * choosing its own names cannot add series. An operation is known when what it runs (the
 * operation and the fragments it spreads) is one of the manifest's, whatever its whitespace,
 * comments or the order of its fields and arguments: the manifest holds documents printed sorted,
 * while clients send them as written or as their GraphQL library prints them. A document that only
 * borrows a known name is not known.
 */
export class KnownOperations {
  /** The canonical text of each known operation (with its fragments) → its name. */
  private readonly byShape = new Map<string, string>();
  private readonly names = new Set<string>();
  /** Per document (documents are cached per text by the pipeline): operation name → known name or null. */
  private readonly answers = new WeakMap<DocumentNode, Map<string, string | null>>();

  constructor(manifest: Readonly<Record<string, string>> = builtInManifest) {
    for (const text of Object.values(manifest)) {
      for (const [name, operation] of Object.entries(separateOperations(parse(text)))) {
        if (!name) continue;
        this.byShape.set(canonical(operation), name);
        this.names.add(name);
      }
    }
  }

  /** The name of the operation `document` runs (as `operationName` selects it) when it is a known one, else null. */
  nameOf(document: DocumentNode, operationName: string | null | undefined): string | null {
    const operation = getOperationAST(document, operationName);
    const name = operation?.name?.value;
    // A name outside the manifest is settled without looking at the document (the cheap, common refusal).
    if (!operation || !name || !this.names.has(name)) return null;
    let perDocument = this.answers.get(document);
    if (!perDocument) this.answers.set(document, (perDocument = new Map()));
    let answer = perDocument.get(name);
    if (answer === undefined) {
      const own = separateOperations(document)[name];
      answer = own && this.byShape.get(canonical(own)) === name ? name : null;
      perDocument.set(name, answer);
    }
    return answer;
  }
}

/**
 * A document printed with its definitions, selections, arguments, variables, directives and
 * object fields in one order, so two spellings of the same operation print alike.
 */
function canonical(document: DocumentNode): string {
  const sorted = visit(document, {
    leave(node: ASTNode) {
      switch (node.kind) {
        case Kind.DOCUMENT:
          return { ...node, definitions: byPrinted(node.definitions) };
        case Kind.SELECTION_SET:
          return { ...node, selections: byPrinted(node.selections) };
        case Kind.FIELD:
        case Kind.FRAGMENT_SPREAD:
        case Kind.INLINE_FRAGMENT:
        case Kind.FRAGMENT_DEFINITION:
        case Kind.OPERATION_DEFINITION:
          return sortedParts(node);
        case Kind.OBJECT:
          return { ...node, fields: byPrinted(node.fields) };
        default:
          return undefined;
      }
    },
  });
  return print(sorted);
}

type WithParts = { arguments?: readonly ASTNode[]; directives?: readonly ASTNode[]; variableDefinitions?: readonly ASTNode[] };

function sortedParts<T extends ASTNode & WithParts>(node: T): T {
  const parts: WithParts = {};
  if (node.arguments) parts.arguments = byPrinted(node.arguments);
  if (node.directives) parts.directives = byPrinted(node.directives);
  if (node.kind === Kind.OPERATION_DEFINITION && (node as OperationDefinitionNode).variableDefinitions) {
    parts.variableDefinitions = byPrinted((node as OperationDefinitionNode).variableDefinitions!);
  }
  return { ...node, ...parts };
}

function byPrinted<T extends ASTNode>(nodes: readonly T[]): T[] {
  return nodes
    .map((node) => [print(node), node] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, node]) => node);
}
