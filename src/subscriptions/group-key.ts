import { getOperationAST, Kind, visit, type DocumentNode, type ExecutionArgs } from 'graphql';

/** Per document: its identity in keys, and the variables only the root field's arguments use. */
interface DocumentFacts {
  id: number;
  rootOnly: Map<string | undefined, ReadonlySet<string>>;
}

const facts = new WeakMap<DocumentNode, DocumentFacts>();
let nextDocumentId = 0;

/**
 * What decides an event's result for a subscriber, apart from who the viewer is: the tenant, the
 * document (the pipeline hands out one parsed document per text), the operation and the
 * variables. Variables used only by the root field's arguments (`conversationId`, `sources`,
 * `since`) are left out: they choose which events reach a subscriber (the filter and the replay)
 * and do not change how an event resolves, so `since: A` and `since: B` share an execution.
 */
export function executionGroupKey(tenant: string, args: Pick<ExecutionArgs, 'document' | 'operationName' | 'variableValues'>): string {
  let known = facts.get(args.document);
  if (!known) facts.set(args.document, (known = { id: nextDocumentId++, rootOnly: new Map() }));
  const operationName = args.operationName ?? undefined;
  let rootOnly = known.rootOnly.get(operationName);
  if (!rootOnly) known.rootOnly.set(operationName, (rootOnly = rootOnlyVariables(args.document, operationName)));
  const variables = Object.entries(args.variableValues ?? {})
    .filter(([name]) => !rootOnly.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([tenant, known.id, operationName ?? null, variables]);
}

/**
 * Variables whose every use is an argument of the operation's single root field. When the root
 * selection is anything else (a fragment, several fields, a directive), none are: every variable
 * then counts (conservative: less sharing, never a wrong result).
 */
function rootOnlyVariables(document: DocumentNode, operationName: string | undefined): ReadonlySet<string> {
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections;
  if (!operation || root?.length !== 1 || root[0]!.kind !== Kind.FIELD || root[0]!.directives?.length) return new Set();
  const rootField = root[0]!;
  const inRootArguments = new Map<string, number>();
  for (const argument of rootField.arguments ?? []) {
    visit(argument, {
      Variable: (node) => void inRootArguments.set(node.name.value, (inRootArguments.get(node.name.value) ?? 0) + 1),
    });
  }
  const everywhere = new Map<string, number>();
  visit(document, {
    // Declarations name variables; they are not uses.
    VariableDefinition: () => false,
    Variable: (node) => void everywhere.set(node.name.value, (everywhere.get(node.name.value) ?? 0) + 1),
  });
  return new Set([...inRootArguments].filter(([name, uses]) => everywhere.get(name) === uses).map(([name]) => name));
}
