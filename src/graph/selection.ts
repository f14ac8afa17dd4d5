import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The child fields the field being resolved selects directly (through fragments too), by name,
 * so a resolver may start their reads early, alongside its own. Conservative: a selection under
 * any directive (`@skip`, `@include`, …) does not count, so nothing is ever read that the query
 * did not ask for; the child's own resolver still reads it then, only later.
 */
export function selectedChildren(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  return childrenOf(info, info.fieldNodes);
}

/** The fields the selection sets of `nodes` select directly, by name (as selectedChildren counts them). */
export function childrenOf(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const children = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.directives && selection.directives.length > 0) continue;
      if (selection.kind === 'Field') {
        const nodes = children.get(selection.name.value);
        if (nodes) nodes.push(selection);
        else children.set(selection.name.value, [selection]);
      } else if (selection.kind === 'InlineFragment') {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
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
 * The arguments of each selection of the child field `name` (one per alias), coerced as its
 * resolver will get them; a selection whose arguments do not coerce is left out (its resolver
 * reports the error).
 */
export function childArguments(info: GraphQLResolveInfo, nodes: readonly FieldNode[], name: string): Record<string, unknown>[] {
  const parent = getNamedType(info.returnType);
  const field = isObjectType(parent) ? parent.getFields()[name] : undefined;
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
