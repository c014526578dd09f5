import { describe, expect, it } from 'vitest';
import { limitStream, PayloadTooLargeError, readBody, readBodyText } from './body';

const chunked = (sizes: number[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const n of sizes) controller.enqueue(new Uint8Array(n).fill(97));
      controller.close();
    },
  });
const post = (body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('https://clinic.example/hook', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

describe('bounded body reading', () => {
  it('reads a body within the limit', async () => {
    expect(await readBodyText(post('héllo'), 10)).toBe('héllo');
    expect((await readBody(post(chunked([3, 4])), 7)).byteLength).toBe(7);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const error = await readBody(post('x'.repeat(20)), 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).status).toBe(413);
  });

  it('cuts off a chunked body with no Content-Length as soon as it passes the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    await expect(readBody(post(endless), 4096)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(pulled).toBeLessThan(10);
  });

  it('errors a passed-through stream once it exceeds the limit', async () => {
    const reader = limitStream(chunked([600, 600]), 1000).getReader();
    expect((await reader.read()).value?.byteLength).toBe(600);
    await expect(reader.read()).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
