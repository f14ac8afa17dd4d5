import {
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  TypeMetaFieldDef,
} from 'graphql';

/** What a leaf field costs. */
const SCALAR_COST = 1;
/** What an object field costs before its selections. */
const OBJECT_COST = 2;
/** Each level of nesting weighs this much more than the one above (graphql-armor's default). */
const DEPTH_FACTOR = 1.5;
/** Arguments that say how many items a field returns: page sizes, and the ids asked for. */
const PAGE_ARGUMENTS = ['first', 'last'] as const;
/** `ids` of `nodes`; `representations` of the Federation subgraph's `_entities` (one entity each). */
const LIST_ARGUMENTS = ['ids', 'representations'] as const;

/**
 * The cost of one operation with its variables, checked against `limits.maxCost`.
 *
 * graphql-armor's rule sees only the document, so `conversations(first: $n)` cost one row
 * whatever `$n` was. This one runs after the variables are coerced (graphql-js's own coercion,
 * with their defaults and the schema's argument defaults), so a page size or an id list counts
 * the same whether it is written in the document or passed as a variable.
 *
 * The formula is graphql-armor's: a leaf costs 1; an object field costs 2 plus 1.5 × the cost of
 * its selections, times the number of items it returns (the largest of `first`, `last` and the
 * length of `ids` or `representations`; 1 without them). Fragments count as if their selections were written in place.
 */
export class OperationCost {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxCost: number,
  ) {}

  /**
   * The refusal for an operation over the limit, else null. Variables that do not coerce are left
   * to execution, which reports them as the caller's mistake.
   */
  check(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    const cost = this.costOf(document, operationName, variables);
    if (cost === null || cost <= this.maxCost) return null;
    return new GraphQLError(`Query Cost limit of ${this.maxCost} exceeded, found ${Math.ceil(cost)}.`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost', maxCost: this.maxCost, cost: Math.ceil(cost), http: { status: 400 } },
    });
  }

  /** The operation's cost, or null when there is no such operation or its variables do not coerce. */
  costOf(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number | null {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) return null;
    const root = this.schema.getRootType(operation.operation);
    if (!root) return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    return new CostWalk(this.schema, fragments, coerced.coerced).selections(operation.selectionSet, root);
  }
}

/** One walk over an operation's selections, with its coerced variables. */
class CostWalk {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  selections(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) cost += this.field(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) cost += this.selections(selection.selectionSet, this.typeNamed(selection.typeCondition?.name.value) ?? parent);
      else {
        // Validation has refused cycles and unknown fragments before any cost is computed.
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) cost += this.selections(fragment.selectionSet, this.typeNamed(fragment.typeCondition.name.value));
      }
    }
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): number {
    if (!node.selectionSet) return SCALAR_COST;
    // Introspection's schema walk is free, as in graphql-armor (it is refused when introspection is off).
    if (node.name.value === '__schema') return 0;
    const definition = this.definitionOf(node, parent);
    const inner = OBJECT_COST + DEPTH_FACTOR * this.selections(node.selectionSet, definition ? getNamedType(definition.type) : undefined);
    return inner * (definition ? this.itemsOf(node, definition) : 1);
  }

  /** How many items a field returns, from its coerced arguments (literal, variable or default). */
  private itemsOf(node: FieldNode, definition: GraphQLField<unknown, unknown>): number {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, this.variables);
    } catch {
      return 1; // an argument that does not coerce fails execution before anything is fetched
    }
    let items = 1;
    for (const name of PAGE_ARGUMENTS) {
      const value = args[name];
      if (typeof value === 'number' && Number.isFinite(value)) items = Math.max(items, value);
    }
    for (const name of LIST_ARGUMENTS) {
      const value = args[name];
      if (Array.isArray(value)) items = Math.max(items, value.length);
    }
    return items;
  }

  private definitionOf(node: FieldNode, parent: GraphQLNamedType | undefined): GraphQLField<unknown, unknown> | undefined {
    if (node.name.value === '__type') return TypeMetaFieldDef;
    return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
  }

  private typeNamed(name: string | undefined): GraphQLNamedType | undefined {
    return name ? this.schema.getType(name) : undefined;
  }
}
