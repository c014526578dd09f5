/**
 * Re-wraps non-2xx responses around their already-read body. Error bodies are small, and a
 * buffered body can always be cancelled: the shared http helper cancels the body of a 401/429/5xx
 * before retrying, and on some fetch implementations (msw's interceptor on Node 20) cancelling the
 * original stream never settles.
 */
export function bufferErrorResponses(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok || response.body === null) return response;
    const body = await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
