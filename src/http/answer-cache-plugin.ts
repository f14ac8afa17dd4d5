import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { AnswerCache } from '../pipeline/answer-cache.js';

/**
 * The answer cache (pipeline/answer-cache.ts) in Apollo's request lifecycle: a query whose kept
 * answer still holds is answered from it instead of executed (`responseForOperation`, after the
 * document, cost and caller were checked as for any request); an executed query's answer is
 * offered to it once final (`willSendResponse`, after the partial errors were added to it).
 */
export function answerCachePlugin(answers: AnswerCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let key: string | null = null;
      let answered = false;
      return {
        async responseForOperation({ operation, document, request, contextValue }) {
          // No operation (an unknown operationName: Apollo answers it with its own error) or not a query.
          if ((operation as typeof operation | undefined)?.operation !== 'query') return null;
          key = answers.keyOf(contextValue, document, request.operationName, request.variables);
          const data = key === null ? null : await answers.lookup(contextValue, key);
          if (data === null) return null;
          answered = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse({ response, contextValue }) {
          if (key === null || answered) return;
          if (response.body.kind === 'single') {
            const { data, errors } = response.body.singleResult;
            if (data) answers.keep(contextValue, key, data, errors?.length ?? 0);
          }
          answers.settle(contextValue, key);
        },
      };
    },
  };
}
