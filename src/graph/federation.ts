import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { graphqlSync, Kind, parse, type ConstDirectiveNode, type DocumentNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import { gqlError } from '../errors.js';
import { resolvers } from '../resolvers/index.js';
import { decodeId, NODE_TYPES, type NodeType } from './ids.js';
import { lookupNode, NOT_FETCHABLE_BY_ID, type NodeModel } from './node-lookup.js';
import { loadTypeDefs } from './schema.js';

/**
 * The same graph as an Apollo Federation 2 subgraph (`server.subgraph`). Nothing is written twice:
 * the SDL is schema/*.graphql as loaded, with `@link` and `@key(fields: "id")` added here on every
 * object type whose `id: ID!` is one of our global ids (ids.ts), so a type another engineer adds
 * to the schema with a global id becomes an entity by itself. The plain schema (schema.ts) never
 * sees a federation directive.
 */

/** The Federation version the subgraph links (Apollo Router ≥ 1.x and Hive Gateway compose it). */
export const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.7';

/** The entities of a set of type definitions: object types with a non-null global `id`, and whether `_entities` can find them. */
export function entityTypes(typeDefs: DocumentNode): { name: NodeType; resolvable: boolean }[] {
  return typeDefs.definitions
    .filter((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION)
    .filter((definition) => isNodeType(definition.name.value) && definition.fields?.some((field) => field.name.value === 'id' && isNonNullId(field.type)))
    .map((definition) => ({ name: definition.name.value as NodeType, resolvable: !NOT_FETCHABLE_BY_ID.has(definition.name.value as NodeType) }));
}

/**
 * schema/*.graphql with the Federation directives: `extend schema @link(…)` and a key on each
 * entity. Types no platform can find from their id alone (contacts, agents, bots, funnels) get
 * `resolvable: false`: other subgraphs may extend them (the router reaches them through a
 * conversation, then asks the other subgraph), but the router never asks us for one by id.
 */
export function subgraphTypeDefs(sources: readonly string[] = loadTypeDefs()): DocumentNode {
  const typeDefs = parse(sources.join('\n'));
  const entities = new Map(entityTypes(typeDefs).map((entity) => [entity.name as string, entity]));
  const link = parse(`extend schema @link(url: "${FEDERATION_SPEC}", import: ["@key"])`).definitions;
  return {
    ...typeDefs,
    definitions: [
      ...link,
      ...typeDefs.definitions.map((definition) => {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) return definition;
        const entity = entities.get(definition.name.value);
        return entity ? { ...definition, directives: [...(definition.directives ?? []), keyDirective(entity.resolvable)] } : definition;
      }),
    ],
  };
}

/**
 * Finds an entity from the router's reference `{__typename, id}` for the caller's tenant only,
 * through `node`'s own lookup: another tenant's id, an id of another type or anything that is not
 * one of our ids is null with a NOT_FOUND error (a reference is the router's, not the client's,
 * so a bad one names nothing rather than blaming the caller); a type no platform can find by id
 * is refused as `node` refuses it.
 */
export async function resolveReference(typename: NodeType, reference: unknown, ctx: GatewayContext): Promise<NodeModel> {
  const id = typeof reference === 'object' && reference !== null && 'id' in reference ? reference.id : undefined;
  const decoded = typeof id === 'string' ? decodeId(id) : null;
  if (!decoded || decoded.type !== typename) throw gqlError('NOT_FOUND', `no ${typename} with this id`);
  return lookupNode(id as string, ctx);
}

/** The executable subgraph schema: the graph's resolvers, plus `__resolveReference` on every entity. */
export function buildSubgraph(sources?: readonly string[]): ReturnType<typeof buildSubgraphSchema> {
  const typeDefs = subgraphTypeDefs(sources);
  // The generated resolver types and @apollo/subgraph's resolver map describe the same object
  // (graphql-tools' shape) with different typings: cast once here.
  const map = { ...resolvers } as unknown as GraphQLResolverMap<unknown>;
  for (const { name } of entityTypes(typeDefs)) {
    const own = (map[name] ?? {}) as Record<string, unknown>;
    // Every request's context is the pipeline's GatewayContext (the map's type cannot say so).
    map[name] = { ...own, __resolveReference: (reference: unknown, ctx: unknown) => resolveReference(name, reference, ctx as GatewayContext) } as never;
  }
  return buildSubgraphSchema({ typeDefs, resolvers: map });
}

/** The SDL `_service { sdl }` answers (what a router or rover composes), without a running gateway. */
export function subgraphSdl(sources?: readonly string[]): string {
  const result = graphqlSync({ schema: buildSubgraph(sources), source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`the subgraph has no _service.sdl: ${JSON.stringify(result.errors)}`);
  return sdl;
}

function keyDirective(resolvable: boolean): ConstDirectiveNode {
  const args = resolvable ? '' : ', resolvable: false';
  const definition = parse(`type T @key(fields: "id"${args}) { id: ID! }`).definitions[0] as ObjectTypeDefinitionNode;
  return definition.directives![0]!;
}

function isNodeType(name: string): name is NodeType {
  return (NODE_TYPES as readonly string[]).includes(name);
}

function isNonNullId(type: TypeNode): boolean {
  return type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.NAMED_TYPE && type.type.name.value === 'ID';
}
