import type { GraphQLResolveInfo } from 'graphql';
import type { ConversationSelection } from '../datasources/connector.js';
import { childArguments, childrenOf, selectedChildren } from '../graph/selection.js';
import type { MessagePageArgs } from '../model/index.js';
import { messagePageArgs } from './message.js';

/**
 * What the field being resolved selects of a Conversation (`conversation`, or `node` /
 * `_entities` through their `... on Conversation` fragments), for the connector's read-ahead: its
 * child fields (a child's own children on demand) and each `messages` page as that resolver will
 * ask it. A page whose arguments are refused is left out (its resolver reports the error).
 */
export function conversationSelection(info: GraphQLResolveInfo, maxPageSize: number): ConversationSelection {
  const children = selectedChildren(info, 'Conversation');
  const messagePages: MessagePageArgs[] = [];
  for (const args of childArguments(info, children.get('messages') ?? [], 'messages', 'Conversation')) {
    try {
      messagePages.push(messagePageArgs(args, maxPageSize));
    } catch {
      // Refused again, and reported, by the messages resolver.
    }
  }
  return {
    has(field, child) {
      const nodes = children.get(field);
      if (!nodes) return false;
      return child === undefined || childrenOf(info, nodes).has(child);
    },
    messagePages,
  };
}
