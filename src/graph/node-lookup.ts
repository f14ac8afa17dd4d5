import type { ConversationSelection } from '../datasources/connector.js';
import type { GatewayContext } from '../context.js';
import { gqlError } from '../errors.js';
import { belongsTo, decodeId, type DecodedId } from './ids.js';
import type {
  ContactModel,
  AgentModel,
  ConversationModel,
  FunnelCardModel,
  LeadModel,
  MessageModel,
  ScenarioModel,
  ScenarioStepModel,
  SuggestionModel,
  TaskModel,
} from '../model/index.js';

/** Everything `node(id)` can return. */
export type NodeModel =
  ConversationModel | MessageModel | ContactModel | AgentModel | LeadModel | FunnelCardModel | TaskModel | ScenarioModel | ScenarioStepModel | SuggestionModel;

/**
 * The graph type each looked-up value was found as. Kept beside the value, not on it: models can be
 * shared, frozen answers of the cache (mapped once per cached answer), so they are never mutated.
 */
const typenames = new WeakMap<object, string>();

/** Marks a value with the graph type it was looked up as. */
function tagged<T extends object>(value: T, typename: string): T {
  typenames.set(value, typename);
  return value;
}

export function typenameOf(value: object): string | null {
  return typenames.get(value) ?? null;
}

/** Decodes an id and checks it names one of the caller's own sources; else a clean error. */
export function resolveId(id: string, ctx: GatewayContext, expected?: DecodedId['type']): DecodedId {
  const decoded = decodeId(id);
  if (!decoded) throw gqlError('BAD_USER_INPUT', 'not a valid id', { argument: 'id' });
  if (expected && decoded.type !== expected) throw gqlError('BAD_USER_INPUT', `the id is a ${decoded.type}, not a ${expected}`, { argument: 'id' });
  const ref = ctx.sources.ref(decoded.sourceKey);
  // Another tenant's id (or a reconfigured source's) names nothing here.
  if (!ref || ref.scope !== decoded.scope || !belongsTo(decoded, ctx.viewer.tenant)) throw gqlError('NOT_FOUND', `no ${decoded.type} with this id`);
  return decoded;
}

/**
 * One conversation, NOT_FOUND when it names nothing. `selection`: what the query selects of it, so
 * its fields' reads start beside its own (InboxConnector.readAhead).
 */
export async function loadConversation(decoded: DecodedId, upstreamId: string, ctx: GatewayContext, selection?: ConversationSelection): Promise<ConversationModel> {
  const connector = ctx.sources.connector(decoded.sourceKey);
  if (selection) connector.readAhead?.(upstreamId, selection);
  const conversation = await connector.conversation(upstreamId);
  if (!conversation) throw gqlError('NOT_FOUND', `no Conversation with this id`);
  return conversation;
}

/**
 * Types no platform API can find from their id alone: `node` refuses them (BAD_USER_INPUT), and the
 * Federation subgraph declares their keys `resolvable: false` (src/graph/federation.ts). Contacts
 * and agents are not among them: platforms with a contact read or a member directory find them
 * (the connectors' optional `contact` and `agent`), the others answer NOT_FOUND without a call.
 */
export const NOT_FETCHABLE_BY_ID: ReadonlySet<DecodedId['type']> = new Set(['Bot', 'Funnel', 'FunnelStage', 'Company']);

/**
 * A Contact or Agent by its upstream id, through the platform's own read where it has one. Their
 * ids name no conversation (one person, one id, whatever conversation shows them), so a platform
 * without such a read cannot find one: NOT_FOUND, saying why, without a call.
 */
async function loadPerson(decoded: DecodedId, ctx: GatewayContext): Promise<ContactModel | AgentModel> {
  const connector = ctx.sources.connector(decoded.sourceKey);
  const read = decoded.type === 'Contact' ? connector.contact?.bind(connector) : connector.agent?.bind(connector);
  const noun = decoded.type === 'Contact' ? 'contact' : 'team member';
  if (!read) throw gqlError('NOT_FOUND', `no ${decoded.type} with this id: ${connector.ref.type} cannot look up a ${noun} by id (reach it through a conversation)`);
  const person = await read(decoded.upstreamId);
  if (!person) throw gqlError('NOT_FOUND', `no ${decoded.type} with this id`);
  return person;
}

/**
 * `node(id)`: finds any object we can reach again from its id. `selection`: what the query selects
 * of a Conversation, so its fields' reads start beside its own (InboxConnector.readAhead).
 */
export async function lookupNode(id: string, ctx: GatewayContext, selection?: () => ConversationSelection): Promise<NodeModel> {
  // Some types are never fetched by id, whoever's the id is: say so before asking whose it is.
  const type = decodeId(id)?.type;
  if (type && NOT_FETCHABLE_BY_ID.has(type)) {
    throw gqlError('BAD_USER_INPUT', `a ${type} cannot be fetched by id: reach it through its conversation`);
  }
  const decoded = resolveId(id, ctx);
  const connector = ctx.sources.connector(decoded.sourceKey);
  const notFound = () => gqlError('NOT_FOUND', `no ${decoded.type} with this id`);

  if (decoded.type === 'Conversation') return tagged(await loadConversation(decoded, decoded.upstreamId, ctx, selection?.()), 'Conversation');
  if (decoded.type === 'Contact' || decoded.type === 'Agent') return tagged(await loadPerson(decoded, ctx), decoded.type);
  if (!decoded.conversationUpstreamId) throw notFound();
  if (decoded.type === 'ScenarioStep') {
    // A step's parent is its scenario (not a conversation).
    const steps = (await connector.scenarioSteps?.(decoded.conversationUpstreamId)) ?? [];
    const step = steps.find((s) => s.upstreamId === decoded.upstreamId);
    if (!step) throw notFound();
    return tagged(step, 'ScenarioStep');
  }
  const conversation = await loadConversation(decoded, decoded.conversationUpstreamId, ctx);
  const own = <T extends NodeModel>(value: T | null | undefined): T => {
    if (!value) throw notFound();
    return tagged(value, decoded.type);
  };
  switch (decoded.type) {
    case 'Lead': {
      const lead = await connector.lead?.(conversation);
      return own(lead?.upstreamId === decoded.upstreamId ? lead : null);
    }
    case 'FunnelCard': {
      const card = await connector.funnelCard?.(conversation);
      return own(card?.upstreamId === decoded.upstreamId ? card : null);
    }
    case 'Task':
      return own(((await connector.tasks?.(conversation)) ?? []).find((t) => t.upstreamId === decoded.upstreamId));
    case 'Suggestion':
      return own(((await connector.suggestions?.(conversation)) ?? []).find((s) => s.upstreamId === decoded.upstreamId));
    case 'Scenario': {
      const placement = await connector.scenario?.(conversation);
      return own(placement?.scenario.upstreamId === decoded.upstreamId ? placement.scenario : null);
    }
    case 'Message': {
      // Messages are looked up in the recent history (the newest 100), where links to them point.
      const page = await connector.messages(conversation, { last: 100 });
      return own(page.items.find((m) => m.upstreamId === decoded.upstreamId));
    }
  }
  // The types not fetchable by id were refused above.
  throw notFound();
}
