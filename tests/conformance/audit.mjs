// Runs the GraphQL-over-HTTP spec's audit suite (graphql-http's auditServer) against a live server.
// usage: node audit.mjs <url> [bearer-token]   — prints one JSON line per audit: {id, name, status, reason}
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url) {
  console.error('usage: node audit.mjs <url> [bearer-token]');
  process.exit(2);
}

// The audit sends no credentials; a token, when given, is added to every request it makes.
const fetchFn = token
  ? (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    }
  : fetch;

const results = await auditServer({ url, fetchFn });
for (const result of results) {
  const reason = result.status === 'ok' ? null : result.reason;
  let body = null;
  if (result.status !== 'ok') {
    try {
      body = await result.response.text();
    } catch {
      body = null; // already read by the audit itself
    }
  }
  console.log(JSON.stringify({ id: result.id, name: result.name, status: result.status, reason, body }));
}
