import { z } from 'zod';
import { commonSourceFields, secret, id } from '../../config/source-fields.js';

/** `tenants.<tenant>.sources.<key>` of type `voxys`: the common fields and this platform's own. */
export const voxysConfigSchema = z.strictObject({
  type: z.literal('voxys'),
  ...commonSourceFields,
  apiAccessToken: secret,
  accountId: id,
});

export type VoxysSourceConfig = z.infer<typeof voxysConfigSchema>;
