import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  graphqlSync,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import { gqlError } from '../errors.js';
import { conversationSelection } from '../resolvers/conversation-selection.js';
import { resolvers } from '../resolvers/index.js';
import { decodeId, NODE_TYPES, type NodeType } from './ids.js';
import { lookupNode, NOT_FETCHABLE_BY_ID, type NodeModel } from './node-lookup.js';
import { loadTypeDefs } from './schema.js';

/**
 * The resolver map `buildSubgraphSchema` takes, named through its public signature (the package
 * exports the function, not the type: that lives under its dist/ folder).
 */
type SubgraphResolverMap = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers']>;

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
 * entity. Types no platform can find from their id alone (bots, funnels, stages, companies: see
 * NOT_FETCHABLE_BY_ID) get `resolvable: false`: other subgraphs may extend them (the router
 * reaches them through a conversation, then asks the other subgraph), but the router never asks
 * us for one by id. Contacts and agents are resolvable: found where their platform can read them
 * by id (node-lookup.ts), NOT_FOUND where it cannot.
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
 * Finds an entity from a reference `{__typename, id}` (already checked by representationProblem)
 * for the caller's tenant only, through `node`'s own lookup: another tenant's id, an id of another
 * type or a string that is not one of our ids is null with a NOT_FOUND error, before any platform
 * call; a type no platform can find by id is refused as `node` refuses it.
 */
export async function resolveReference(typename: NodeType, reference: unknown, ctx: GatewayContext, info?: GraphQLResolveInfo): Promise<NodeModel> {
  const id = typeof reference === 'object' && reference !== null && 'id' in reference ? reference.id : undefined;
  const decoded = typeof id === 'string' ? decodeId(id) : null;
  if (!decoded || decoded.type !== typename) throw gqlError('NOT_FOUND', `no ${typename} with this id`);
  const model = await lookupNode(id as string, ctx, info ? () => conversationSelection(info, ctx.limits.maxPageSize) : undefined);
  // @apollo/subgraph defines `__typename` on the object a reference resolves to; our models are
  // shared (mapped once per cached answer, frozen under test), so it gets a copy of its own.
  return { ...model };
}

/**
 * What is wrong with a representation as a client wrote it, or null when it names one of our
 * entities with a string id. `_Any` accepts any JSON value, and @apollo/subgraph would fail the
 * whole `_entities` field on an unknown `__typename` (an internal error): checked here first, so a
 * client's mistake costs only its own entry, as BAD_USER_INPUT.
 */
export function representationProblem(representation: unknown, entities: ReadonlySet<string>): string | null {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) return 'a representation is an object {__typename, id}';
  const { __typename: typename, id } = representation as { __typename?: unknown; id?: unknown };
  if (typeof typename !== 'string') return 'a representation needs a __typename';
  if (!entities.has(typename)) return `${typename.slice(0, 100)} is not an entity of this subgraph (entities: ${[...entities].join(', ')})`;
  if (typeof id !== 'string') return `a ${typename} representation needs a string id`;
  return null;
}

/** The executable subgraph schema: the graph's resolvers, plus `__resolveReference` on every entity. */
export function buildSubgraph(sources?: readonly string[]): GraphQLSchema {
  const typeDefs = subgraphTypeDefs(sources);
  const entities = entityTypes(typeDefs);
  // The generated resolver types and @apollo/subgraph's resolver map describe the same object
  // (graphql-tools' shape) with different typings: cast once here.
  const map = { ...resolvers } as unknown as SubgraphResolverMap;
  for (const { name } of entities) {
    const own = (map[name] ?? {}) as Record<string, unknown>;
    // Every request's context is the pipeline's GatewayContext (the map's type cannot say so).
    map[name] = {
      ...own,
      __resolveReference: (reference: unknown, ctx: unknown, info: GraphQLResolveInfo) => resolveReference(name, reference, ctx as GatewayContext, info),
    } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs, resolvers: map });
  guardEntities(schema, new Set(entities.map((entity) => entity.name)));
  return schema;
}

/**
 * Wraps `_entities` so each representation is checked before @apollo/subgraph sees it: a bad one
 * is null at its index with BAD_USER_INPUT (an Error in a list slot is that entry's field error),
 * the others are resolved one by one by the library's own resolver, in order.
 */
function guardEntities(schema: GraphQLSchema, entities: ReadonlySet<string>): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) throw new Error('the subgraph schema has no _entities resolver');
  const resolve: GraphQLFieldResolver<unknown, unknown, { representations: unknown[] }> = field.resolve;
  field.resolve = (source, args: { representations: unknown[] }, ctx, info) =>
    args.representations.map((representation) => {
      const problem = representationProblem(representation, entities);
      if (problem) return gqlError('BAD_USER_INPUT', problem, { argument: 'representations' });
      return (resolve(source, { representations: [representation] }, ctx, info) as unknown[])[0];
    });
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
