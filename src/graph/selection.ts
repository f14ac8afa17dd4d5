import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects `name` directly (through fragments too), so a resolver
 * may start that child's reads early, alongside its own. Conservative: a selection under any
 * directive (`@skip`, `@include`, …) does not count, so nothing is ever read that the query did
 * not ask for; the child's own resolver still reads it then, only later.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.directives && selection.directives.length > 0) continue;
      if (selection.kind === 'Field') {
        if (selection.name.value === name) return true;
      } else if (selection.kind === 'InlineFragment') {
        if (visit(selection.selectionSet)) return true;
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        if (visit(info.fragments[selection.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
