import type { GatewayContext } from '../context.js';
import { UpstreamError, upstreamToGraphQLError } from '../errors.js';
import type { SlaModel } from '../model/index.js';

/**
 * `Sla.targetMinutes`: what the conversation's own answer says (Voxys' thresholds), else the
 * first-response minutes of its source's SLA configuration (Iron's `GET /conversations/sla`, read
 * once per request by the connector, only when the field is asked), else null. The configuration
 * failing costs this field only (a partial error): the SLA itself came with the conversation.
 */
export async function slaTargetMinutes(sla: SlaModel, ctx: GatewayContext): Promise<number | null> {
  if (sla.targetMinutes !== undefined) return sla.targetMinutes;
  const connector = sla.source ? ctx.sources.connector(sla.source.key) : null;
  if (!connector?.slaPolicy) return null;
  try {
    return (await connector.slaPolicy())?.firstResponseMinutes ?? null;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    ctx.partialErrors.push(upstreamToGraphQLError(error));
    return null;
  }
}
