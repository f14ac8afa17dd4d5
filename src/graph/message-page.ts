import type { MessagePage } from '../model/index.js';

/** A MessageConnection's parent: one slice of a thread as the connector returned it. */
export type MessageConnectionModel = MessagePage;
