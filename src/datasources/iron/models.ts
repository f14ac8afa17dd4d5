import type { ConversationModel, DeferredField, SourceRef } from '../../model/index.js';
import { DerivedFromAnswer } from '../shared/derived.js';
import { toConversation, type MemberDirectory } from './mapping.js';
import type { IronConversationJson, IronMembersJson } from './schemas.js';

/** No member names known (yet): assignees keep their uuid. */
export const NO_MEMBERS: MemberDirectory = new Map();

/**
 * Mapped conversations per cached answer row and member directory (shared/derived.ts): a warm read
 * maps nothing. The SLA's `overdue` reads the clock when it is asked (shared/sla-clock.ts), so a
 * model kept across requests stays right.
 */
const MODELS = new WeakMap<MemberDirectory, DerivedFromAnswer<ConversationModel>>();
/** The directory of one cached members answer, built once per answer. */
const DIRECTORIES = new DerivedFromAnswer<MemberDirectory>();
/** An assigned row read before the member directory arrived: its assignee's name is completed by `hydrate`. */
const ASSIGNEE_DEFERRED: ReadonlySet<DeferredField> = new Set<DeferredField>(['assignee']);

/** A conversation row as our model, once per (cached row, directory, variant). */
export function mapped(ref: SourceRef, raw: IronConversationJson, members: MemberDirectory, clock: () => Date, variant: '' | 'assignee-deferred' = ''): ConversationModel {
  let models = MODELS.get(members);
  if (!models) MODELS.set(members, (models = new DerivedFromAnswer()));
  return models.get(raw, variant, (row) => {
    const model = toConversation(ref, row, members, clock);
    return variant === '' ? model : { ...model, deferred: ASSIGNEE_DEFERRED };
  });
}

/** The member directory of a members answer (`GET /org/members`), once per cached answer. */
export function directoryOf(answer: IronMembersJson): MemberDirectory {
  return DIRECTORIES.get(answer, '', (json) => new Map(json.items.map((m) => [m.user_id, { name: m.name, email: m.email }])));
}
