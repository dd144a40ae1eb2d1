// Calls to the public REST API (/v1). Every failure becomes an ApiError whose message a person
// can read: the API's own problem "detail", or a plain sentence when the server is unreachable.

export const UNREACHABLE = 'Cannot reach the server. Check that it is running, then reload the page.';

export class ApiError extends Error {
  constructor(message, status = 0, problem = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status; // 0: no answer at all
    this.problem = problem; // the RFC 9457 body, when there is one
  }

  get suggestions() {
    return Array.isArray(this.problem?.suggestions) ? this.problem.suggestions : [];
  }
}

// A URL on this origin with the given query parameters; empty values are left out.
export function apiUrl(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  return url;
}

// One request; resolves to {data, status}, rejects with ApiError (or AbortError when aborted).
export async function request(path, { params, method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path, params), init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(UNREACHABLE);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status line below says what happened.
  }
  if (!response.ok || data === null) {
    const detail = typeof data?.detail === 'string' ? data.detail : null;
    throw new ApiError(detail ?? `The server answered ${response.status} ${response.statusText}.`,
      response.status, data);
  }
  return { data, status: response.status };
}

export async function getJSON(path, params, signal) {
  return (await request(path, { params, signal })).data;
}

// Path segments: names and ids go into URLs only through this.
export const seg = (value) => encodeURIComponent(value);

// Articles are fetched once per page, however many quotes come from them.
const articles = new Map();
export function getArticle(id) {
  if (!articles.has(id)) {
    const pending = getJSON(`/v1/articles/${seg(id)}`);
    pending.catch(() => articles.delete(id)); // a failure may be retried later
    articles.set(id, pending);
  }
  return articles.get(id);
}
