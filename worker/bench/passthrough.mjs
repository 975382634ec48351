// The comparison Worker for the load benchmark: forwards every request to the origin as is,
// without verifying, deduplicating or signing anything. What hookgate costs is the difference.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const h of ['host', 'content-length', 'connection']) headers.delete(h);
    const response = await fetch(env.ORIGIN + url.pathname, {
      method: request.method,
      headers,
      body: await request.arrayBuffer(),
      redirect: 'manual',
    });
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' },
    });
  },
};
