import type { GatewayContext } from '../context.js';
import type { OutgoingFile } from '../datasources/actions.js';
import { gqlError, UserError } from '../errors.js';
import { UploadStoreUnavailable } from '../uploads/store.js';
import { uploadIdExpiry } from '../uploads/upload-id.js';

/** Files one message may carry (Chatwoot takes more, but a send holds them all in memory at once). */
export const MAX_ATTACHMENTS = 5;

/**
 * sendMessage's `attachments` before anything is sent: at most five, no id twice, each an upload
 * id. One that is not is the client's mistake (a GraphQL error `BAD_USER_INPUT` naming the item,
 * the same rule as for every other input id); whether it names an upload is asked later (`filesOf`).
 */
export function checkAttachmentIds(ids: readonly string[]): string[] {
  if (ids.length > MAX_ATTACHMENTS) throw new UserError('INVALID_INPUT', `at most ${MAX_ATTACHMENTS} files can be attached to one message`, ['input', 'attachments']);
  ids.forEach((id, index) => {
    if (uploadIdExpiry(id) === null)
      throw gqlError('BAD_USER_INPUT', 'attachments must be upload ids answered by POST /uploads', { argument: 'input', field: ['input', 'attachments', String(index)] });
  });
  if (new Set(ids).size !== ids.length) throw new UserError('INVALID_INPUT', 'the same upload is attached twice', ['input', 'attachments']);
  return [...ids];
}

/**
 * The caller's uploads for these ids, in order. An upload is the caller's alone (tenant and user):
 * another's id, like a wrong one, is `NOT_FOUND`; an id past the expiry it carries is
 * `UPLOAD_EXPIRED` (upload again). Uploads are not used up: a retried send finds them again.
 */
export async function filesOf(ctx: GatewayContext, ids: readonly string[]): Promise<OutgoingFile[]> {
  const scope = { tenant: ctx.viewer.tenant, user: ctx.viewer.sub };
  const files: OutgoingFile[] = [];
  for (const [index, id] of ids.entries()) {
    const field = ['input', 'attachments', String(index)];
    let upload;
    try {
      upload = await ctx.uploads.get(scope, id);
    } catch (error) {
      if (!(error instanceof UploadStoreUnavailable)) throw error;
      throw gqlError('SERVICE_UNAVAILABLE', 'the upload store (Redis) is unreachable: nothing was sent; retry shortly', { retryable: true, reason: 'UPLOAD_STORE_UNAVAILABLE' });
    }
    if (!upload) {
      const expiry = uploadIdExpiry(id) ?? 0;
      if (expiry <= Date.now()) throw new UserError('UPLOAD_EXPIRED', `upload ${index + 1} expired at ${new Date(expiry).toISOString()}: upload the file again`, field);
      throw new UserError('NOT_FOUND', `no upload with this id (upload ${index + 1})`, field);
    }
    files.push({ filename: upload.filename, contentType: upload.contentType, content: upload.content });
  }
  return files;
}
