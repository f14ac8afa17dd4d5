import { z } from 'zod';
import { commonSourceFields, secret, id } from '../../config/source-fields.js';

/** `tenants.<tenant>.sources.<key>` of type `chatvolt`: the common fields and this platform's own. */
export const chatvoltConfigSchema = z.strictObject({
  type: z.literal('chatvolt'),
  ...commonSourceFields,
  apiKey: secret,
  /** Narrow the inbox to one Chatvolt agent's conversations (else the whole organization). */
  agentId: id.optional(),
});

export type ChatvoltSourceConfig = z.infer<typeof chatvoltConfigSchema>;
