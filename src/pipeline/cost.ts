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
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
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

/** Operation names a document keeps compiled plans for (a document has a handful of operations). */
const MAX_PLANS_PER_DOCUMENT = 16;

/** A part of an operation's cost: known from the document alone, or computed from the coerced variables. */
type Cost = number | ((variables: Record<string, unknown>) => number);

/** One operation's cost, compiled once per document and operation name. */
interface CostPlan {
  operation: OperationDefinitionNode;
  cost: Cost;
  /** The definitions of the variables the cost reads (only these are coerced to compute it). */
  read: readonly VariableDefinitionNode[];
}

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
 *
 * The walk over the document is done once per document and operation name (documents come from
 * the pipeline's cache, one object per text): what a request adds is only the fields whose
 * arguments name a variable.
 */
export class OperationCost {
  private readonly plans = new WeakMap<DocumentNode, Map<string | null, CostPlan | null>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxCost: number,
  ) {}

  /**
   * The refusal for an operation over the limit, else null. Variables that do not coerce are left
   * to execution, which reports them as the caller's mistake.
   */
  check(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    const plan = this.planOf(document, operationName);
    if (!plan) return null;
    let cost: number;
    if (typeof plan.cost === 'number') cost = plan.cost;
    else {
      // Each variable coerces on its own: those the cost reads come out as a full coercion gives them.
      const coerced = getVariableValues(this.schema, plan.read, variables ?? {}, { maxErrors: 1 });
      if (coerced.errors) return null;
      cost = plan.cost(coerced.coerced);
    }
    if (cost <= this.maxCost) return null;
    // Over the limit: refused only when every variable coerces (else execution reports them).
    if (getVariableValues(this.schema, plan.operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 }).errors) return null;
    return new GraphQLError(`Query Cost limit of ${this.maxCost} exceeded, found ${Math.ceil(cost)}.`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost', maxCost: this.maxCost, cost: Math.ceil(cost), http: { status: 400 } },
    });
  }

  /** The operation's cost, or null when there is no such operation or its variables do not coerce. */
  costOf(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number | null {
    const plan = this.planOf(document, operationName);
    if (!plan) return null;
    const coerced = getVariableValues(this.schema, plan.operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) return null;
    return typeof plan.cost === 'number' ? plan.cost : plan.cost(coerced.coerced);
  }

  private planOf(document: DocumentNode, operationName: string | null | undefined): CostPlan | null {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    // `null` and `undefined` pick the same operation (the only one).
    const name = operationName ?? null;
    let plan = byName.get(name);
    if (plan === undefined) {
      plan = this.compile(document, operationName);
      // Names are the client's: a document keeps plans for a few of them, not for any number sent.
      if (byName.size < MAX_PLANS_PER_DOCUMENT) byName.set(name, plan);
    }
    return plan;
  }

  private compile(document: DocumentNode, operationName: string | null | undefined): CostPlan | null {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    const root = this.schema.getRootType(operation.operation);
    if (!root) return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const walk = new CostWalk(this.schema, fragments);
    const cost = walk.selections(operation.selectionSet, root);
    const read = (operation.variableDefinitions ?? []).filter((definition) => walk.variablesRead.has(definition.variable.name.value));
    return { operation, cost, read };
  }
}

/** One walk over an operation's selections: its cost, with the fields whose arguments name a variable left to each request. */
class CostWalk {
  /** The variables named by the arguments of the fields left to each request. */
  readonly variablesRead = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  selections(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): Cost {
    const parts: Cost[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) parts.push(this.field(selection, parent));
      else if (selection.kind === Kind.INLINE_FRAGMENT) parts.push(this.selections(selection.selectionSet, this.typeNamed(selection.typeCondition?.name.value) ?? parent));
      else {
        // Validation has refused cycles and unknown fragments before any cost is computed.
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) parts.push(this.selections(fragment.selectionSet, this.typeNamed(fragment.typeCondition.name.value)));
      }
    }
    // Summed in the document's order, as one walk per request would (the same floating-point result).
    if (parts.every((part) => typeof part === 'number')) {
      let cost = 0;
      for (const part of parts) cost += part;
      return cost;
    }
    return (variables) => {
      let cost = 0;
      for (const part of parts) cost += typeof part === 'number' ? part : part(variables);
      return cost;
    };
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Cost {
    if (!node.selectionSet) return SCALAR_COST;
    // Introspection's schema walk is free, as in graphql-armor (it is refused when introspection is off).
    if (node.name.value === '__schema') return 0;
    const definition = this.definitionOf(node, parent);
    const selections = this.selections(node.selectionSet, definition ? getNamedType(definition.type) : undefined);
    if (!definition || !namesVariable(node)) {
      const items = definition ? itemsOf(node, definition, {}) : 1;
      if (typeof selections === 'number') return (OBJECT_COST + DEPTH_FACTOR * selections) * items;
      return (variables) => (OBJECT_COST + DEPTH_FACTOR * selections(variables)) * items;
    }
    for (const argument of node.arguments ?? []) collectVariables(argument.value, this.variablesRead);
    return (variables) => (OBJECT_COST + DEPTH_FACTOR * (typeof selections === 'number' ? selections : selections(variables))) * itemsOf(node, definition, variables);
  }

  private definitionOf(node: FieldNode, parent: GraphQLNamedType | undefined): GraphQLField<unknown, unknown> | undefined {
    if (node.name.value === '__type') return TypeMetaFieldDef;
    return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
  }

  private typeNamed(name: string | undefined): GraphQLNamedType | undefined {
    return name ? this.schema.getType(name) : undefined;
  }
}

/** How many items a field returns, from its coerced arguments (literal, variable or default). */
function itemsOf(node: FieldNode, definition: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): number {
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, node, variables);
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

/** True when one of the field's arguments names a variable (anywhere in its value). */
function namesVariable(node: FieldNode): boolean {
  const found = new Set<string>();
  for (const argument of node.arguments ?? []) collectVariables(argument.value, found);
  return found.size > 0;
}

function collectVariables(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) collectVariables(item, into);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) collectVariables(field.value, into);
}
