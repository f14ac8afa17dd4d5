import { getArgumentValues, getNamedType, isAbstractType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The child fields the field being resolved selects directly (through fragments too), by name,
 * so a resolver may start their reads early, alongside its own. Conservative: a selection under
 * any directive (`@skip`, `@include`, …) does not count, so nothing is ever read that the query
 * did not ask for; the child's own resolver still reads it then, only later. `typeName`: only
 * fragments that apply to that object type count (a field returning an interface, like `node`).
 */
export function selectedChildren(info: GraphQLResolveInfo, typeName?: string): Map<string, FieldNode[]> {
  return childrenOf(info, info.fieldNodes, typeName);
}

/** The fields the selection sets of `nodes` select directly, by name (as selectedChildren counts them). */
export function childrenOf(info: GraphQLResolveInfo, nodes: readonly FieldNode[], typeName?: string): Map<string, FieldNode[]> {
  const children = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const applies = (condition: string | undefined): boolean => {
    if (condition === undefined || typeName === undefined || condition === typeName) return true;
    const abstract = info.schema.getType(condition);
    const object = info.schema.getType(typeName);
    return abstract !== undefined && isAbstractType(abstract) && isObjectType(object) && info.schema.isSubType(abstract, object);
  };
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.directives && selection.directives.length > 0) continue;
      if (selection.kind === 'Field') {
        const nodes = children.get(selection.name.value);
        if (nodes) nodes.push(selection);
        else children.set(selection.name.value, [selection]);
      } else if (selection.kind === 'InlineFragment') {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return children;
}

/** Whether the field being resolved selects `name` directly (as selectedChildren counts it). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedChildren(info).has(name);
}

/**
 * The arguments of each selection of the child field `name` (one per alias) of `typeName` (else
 * of the resolved field's own type), coerced as its resolver will get them; a selection whose
 * arguments do not coerce is left out (its resolver reports the error).
 */
export function childArguments(info: GraphQLResolveInfo, nodes: readonly FieldNode[], name: string, typeName?: string): Record<string, unknown>[] {
  const parent = typeName === undefined ? getNamedType(info.returnType) : info.schema.getType(typeName);
  const field = isObjectType(parent) ? (parent as GraphQLObjectType).getFields()[name] : undefined;
  if (!field) return [];
  const all: Record<string, unknown>[] = [];
  for (const node of nodes) {
    try {
      all.push(getArgumentValues(field, node, info.variableValues));
    } catch {
      // Left to the field's own resolver, which reports it where the query put it.
    }
  }
  return all;
}
