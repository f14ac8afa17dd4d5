import type { CombinedError } from '@urql/core';
import { h } from './dom.js';

/**
 * A failing platform costs its own fields and one GraphQL error with `extensions.source` and
 * `extensions.code`; the merged inbox lists it in `missingSources`. Shown per source, so the user
 * sees which platform is missing and why, while the others' data stays on screen.
 */
export function sourceProblems(error: CombinedError | undefined, missingSources: readonly string[] = []): HTMLElement | null {
  const lines = new Map<string, string>();
  for (const e of error?.graphQLErrors ?? []) {
    const source = typeof e.extensions.source === 'string' ? e.extensions.source : null;
    const code = typeof e.extensions.code === 'string' ? e.extensions.code : 'ERROR';
    const key = source ?? code;
    if (!lines.has(key)) lines.set(key, source ? `${source.toUpperCase()}: ${code} (${e.message})` : `${code}: ${e.message}`);
  }
  for (const source of missingSources) if (![...lines.keys()].some((k) => k.toUpperCase() === source.toUpperCase())) lines.set(source, `${source}: missing from this page`);
  if (error?.networkError) lines.set('network', `Gateway unreachable: ${error.networkError.message}`);
  if (lines.size === 0) return null;
  return h('div', { class: 'problems', role: 'alert' }, ...[...lines.values()].map((text) => h('div', { class: 'problem' }, text)));
}

/** Business outcomes of a mutation (`userErrors`), or its GraphQL error. */
export function actionProblem(error: CombinedError | undefined, userErrors: readonly { code: string; message: string }[] | undefined): string | null {
  if (userErrors && userErrors.length > 0) return userErrors.map((e) => `${e.code}: ${e.message}`).join('; ');
  if (error) return error.graphQLErrors.map((e) => `${String(e.extensions.code ?? 'ERROR')}: ${e.message}`).join('; ') || error.message;
  return null;
}
