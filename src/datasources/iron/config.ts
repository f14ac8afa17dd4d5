import { z } from 'zod';
import { commonSourceFields, secret } from '../../config/source-fields.js';

/** `tenants.<tenant>.sources.<key>` of type `iron`: the common fields and this platform's own. */
export const ironConfigSchema = z.strictObject({
  type: z.literal('iron'),
  ...commonSourceFields,
  token: secret,
  orgId: z.uuid({ error: 'must be a UUID' }),
});

export type IronSourceConfig = z.infer<typeof ironConfigSchema>;
