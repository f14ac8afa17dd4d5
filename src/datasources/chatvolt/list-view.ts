import type { AgentModel, ConversationModel, SourceRef } from '../../model/index.js';
import { DerivedFromAnswer } from '../shared/derived.js';
import { sortByActivity, type SortedList } from './list-position.js';
import { toAgent, toListRow } from './mapping.js';
import type { ChatvoltConversation } from './schemas.js';

/** The list answer sorted, with its sort keys and the team members its assignees name. */
export interface ListView extends SortedList {
  members: ReadonlyMap<string, AgentModel>;
}

const LIST_VIEWS = new DerivedFromAnswer<ListView>();
/** A list view's rows as our model, per signed-in user (the assignee picked depends on who asks). */
const LIST_ROWS = new DerivedFromAnswer<ConversationModel[]>();

/**
 * The list answer (`GET /conversation`, the whole filtered array) sorted in the connector's order
 * with its members: made once per cached answer and shared by every request that reads it (the
 * answer itself is never mutated).
 */
export function listViewOf(ref: SourceRef, answer: readonly ChatvoltConversation[]): ListView {
  return LIST_VIEWS.get(answer, '', () => {
    const members = new Map<string, AgentModel>();
    for (const conversation of answer) for (const assignee of conversation.assignees) if (assignee.user?.id) members.set(assignee.user.id, toAgent(ref, assignee));
    return { ...sortByActivity(answer), members };
  });
}

/** A list view's rows as `me` sees them (which assignee is shown), once per (view, user). */
export function rowsOf(ref: SourceRef, list: ListView, me: string | null): ConversationModel[] {
  return LIST_ROWS.get(list, me ?? '', () => list.items.map((conversation) => toListRow(ref, conversation, me)));
}
