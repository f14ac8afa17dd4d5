import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types from the SDL in schema/, with mappers so resolvers receive our model types
 * (src/model) as parents. The output is generated: never edit it, run `npm run codegen`.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useIndexSignature: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#GatewayContext',
        scalars: { DateTime: { input: 'Date', output: 'Date | string' }, JSON: { input: 'unknown', output: 'unknown' } },
        mappers: {
          Conversation: '../model/index.js#ConversationModel',
          Message: '../model/index.js#MessageModel',
          MessageConnection: '../graph/message-page.js#MessageConnectionModel',
          Contact: '../model/index.js#ContactModel',
          Agent: '../model/index.js#AgentModel',
          Bot: '../model/index.js#BotModel',
          Lead: '../model/index.js#LeadModel',
          Company: '../model/index.js#CompanyModel',
          Handoff: '../model/index.js#HandoffModel',
          Money: '../model/index.js#MoneyModel',
          FunnelCard: '../model/index.js#FunnelCardModel',
          Task: '../model/index.js#TaskModel',
          Scenario: '../model/index.js#ScenarioModel',
          ScenarioStep: '../model/index.js#ScenarioStepModel',
          Suggestion: '../model/index.js#SuggestionModel',
          Sla: '../model/index.js#SlaModel',
          ConversationConnection: '../inbox/merged-inbox.js#MergedInboxPage',
          ConversationCounts: '../inbox/counts.js#CountsModel',
          InboxView: '../model/index.js#InboxViewModel',
          InboxViewFilter: '../model/index.js#ViewFilterModel',
          Viewer: '../context.js#ViewerModel',
          MessageAddedEvent: '../events/event.js#InboxEvent',
          SuggestionAddedEvent: '../events/event.js#InboxEvent',
          ConversationUpdatedEvent: '../events/event.js#InboxEvent',
        },
      },
    },
    /**
     * The client kit: typed documents for the screens' operations (operations/*.graphql) and the
     * persisted-documents manifest (persisted-documents.json: `sha256:<hex>` → document), which the
     * gateway loads for `security.persistedDocuments: allow | require`. Each document's hash is in
     * its `__meta__.hash`; clients send it as `documentId` (or `extensions.persistedQuery.sha256Hash`,
     * the hex part). It lives at the top level (`client/`) so a frontend imports it directly; CI
     * fails when it is stale, like src/generated.
     */
    'client/': {
      documents: 'operations/*.graphql',
      preset: 'client',
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
};

export default config;
