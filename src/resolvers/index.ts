import type { Resolvers } from '../generated/graphql.js';
import { Conversation } from './conversation.js';
import { Company, FunnelCard, Lead, Scenario, ScenarioStep, Suggestion, Task } from './crm.js';
import { Message, MessageConnection, Sender } from './message.js';
import { Mutation } from './mutations/index.js';
import { Agent, Assignee, Bot, Contact } from './people.js';
import { ConversationConnection, Node, Query } from './query.js';
import { DateTime, JsonScalar } from './scalars.js';
import { sourceCapabilitiesOf } from '../capabilities.js';
import { ConversationCounts, InboxView, InboxViewFilter, Sla, viewQueries } from './views.js';
import { ConversationUpdatedEvent, MessageAddedEvent, Subscription, SuggestionAddedEvent } from './subscription.js';

export const resolvers: Resolvers = {
  DateTime,
  JSON: JsonScalar,
  Query: { ...Query, ...viewQueries },
  Mutation,
  Subscription,
  MessageAddedEvent,
  SuggestionAddedEvent,
  ConversationUpdatedEvent,
  Node,
  Conversation,
  ConversationConnection,
  Message,
  MessageConnection,
  Sender,
  Contact,
  Agent,
  Bot,
  Assignee,
  Lead,
  Company,
  InboxView,
  InboxViewFilter,
  ConversationCounts,
  Sla,
  FunnelCard,
  Task,
  Scenario,
  ScenarioStep,
  Suggestion,
  Viewer: {
    id: (viewer) => viewer.sub,
    tenant: (viewer) => viewer.tenant,
    sources: (_viewer, _args, ctx) => ctx.sources.refs.map((ref) => ({ key: ref.key, source: ref.type.toUpperCase() as never, capabilities: sourceCapabilitiesOf(ref.type) })),
  },
};
