import type { SimRequest } from './server.js';

/** One file part of a multipart body. */
export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A multipart body's text fields (repeated names keep the last) and files, in order. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: FilePart[];
}

export function isMultipart(req: SimRequest): boolean {
  return /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? ''));
}

/**
 * Parses a `multipart/form-data` body with the platform's own HTTP stack in mind: Node's fetch
 * `Response#formData()` (undici's parser, the same the gateway's client speaks). Null when the
 * body is not well-formed multipart.
 */
export async function readMultipart(req: SimRequest): Promise<MultipartBody | null> {
  if (!isMultipart(req)) return null;
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(req.rawBytes), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  } catch {
    return null;
  }
  const body: MultipartBody = { fields: {}, files: [] };
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') body.fields[field] = value;
    else body.files.push({ field, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return body;
}
