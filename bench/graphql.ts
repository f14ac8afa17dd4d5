import { readFileSync } from 'node:fs';

/** The screens' documents, exactly as the web app sends them. */
export const INBOX_SCREEN = readFileSync('operations/InboxScreen.graphql', 'utf8');
export const CONVERSATION_SCREEN = readFileSync('operations/ConversationScreen.graphql', 'utf8');
export const SEND_MESSAGE = readFileSync('operations/InboxActions.graphql', 'utf8');

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One request from the harness itself (set-up, harvesting, probes): not part of any measurement. */
export async function graphql(url: string, token: string, body: string): Promise<GraphQLAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await response.json()) as GraphQLAnswer;
  if (!response.ok && !answer.errors) throw new Error(`HTTP ${response.status} from the gateway`);
  return answer;
}

/** True when a response body holds GraphQL errors or mutation userErrors (a cheap text check). */
export function bodyHasErrors(body: string): boolean {
  return body.includes('"errors":') || (body.includes('"userErrors":') && !body.includes('"userErrors":[]'));
}
