import { MedflowError } from './errors';

export class PayloadTooLargeError extends MedflowError {
  constructor(limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes`, { code: 'payload_too_large', status: 413 });
  }
}

/** The declared Content-Length, when it is a plain non-negative integer. */
export function declaredLength(request: Request): number | undefined {
  const value = request.headers.get('content-length');
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Passes a body through while counting bytes; past `limit` the stream errors, so a client
 * that lies about (or omits) Content-Length still cannot push more than the limit.
 */
export function limitStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new PayloadTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length over the limit is
 * refused before reading, and a chunked body is cut off as soon as it passes the limit, so a
 * webhook endpoint never buffers more than `limit` whatever the sender does.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const length = declaredLength(request);
  if (length !== undefined && length > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** readBody, decoded as UTF-8. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBody(request, limit));
}
