import type { SimRoute } from '../common/server.js';
import { assign, setAiEnabled, setPriority, setStatus } from './conversation-writes.js';
import { moveStep } from './crm-move.js';
import type { ChatvoltDb } from './db.js';
import { sendMessage } from './send-message.js';

/** Chatvolt's WRITE endpoints: sending uses the singular `/conversation`, the other actions the plural `/conversations`. */
export function chatvoltWriteRoutes(db: ChatvoltDb): SimRoute[] {
  return [
    {
      method: 'POST',
      path: '/conversation/message/:type/:value',
      summary: 'Send a message as the API key owner (type: conversationId | phone | email); 406 ERR_META_SESSION_EXPIRED_24H outside the WhatsApp/Instagram 24-hour window',
      handler: (req) => sendMessage(db, req),
    },
    {
      method: 'POST',
      path: '/conversations/:conversationId/set-status',
      summary: 'Set the status (RESOLVED | UNRESOLVED | HUMAN_REQUESTED)',
      handler: (req) => setStatus(db, req),
    },
    {
      method: 'POST',
      path: '/conversations/:conversationId/set-priority',
      summary: 'Set the priority (LOW | MEDIUM | HIGH)',
      handler: (req) => setPriority(db, req),
    },
    {
      method: 'POST',
      path: '/conversations/:conversationId/set-ai-enabled',
      summary: 'Turn the AI agent on or off for the conversation (human takeover)',
      handler: (req) => setAiEnabled(db, req),
    },
    {
      method: 'POST',
      path: '/conversations/:conversationId/assign',
      summary: 'Assign to a member ({membershipId} | {id} | {email}), replacing the assignment',
      handler: (req) => assign(db, req),
    },
    {
      method: 'POST',
      path: '/crm/step/move',
      summary: 'Move a conversation to a CRM step ({conversationId, scenarioId?, destStepId? | destStepIndex?, shouldSendInitialMessage})',
      handler: (req) => moveStep(db, req),
    },
  ];
}
