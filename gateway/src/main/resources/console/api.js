// Calls to the gateway's API from the console. The session cookie travels by itself (HttpOnly:
// this script never sees it); requests that change anything carry the session's CSRF token.

/** The API's root: the page is served at <contextPath>/ui/. */
export const base = location.pathname.replace(/\/ui(\/[^/]*)?$/, '');

let session = null;
let onSignedOut = () => {};

/** An answer of the gateway's in its error shape: {code, error, message, requestId}. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.error || String(status);
    this.requestId = body.requestId;
    this.retryAfter = 0;
  }
}

export function current() {
  return session;
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

async function send(method, path, options = {}) {
  const headers = { 'X-BPG-Console': '1', ...(options.headers || {}) };
  if (method !== 'GET' && session && session.csrfToken) {
    headers['X-BPG-CSRF'] = session.csrfToken;
  }
  const answer = await fetch(base + path, {
    method,
    headers,
    body: options.body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!answer.ok) {
    let body = {};
    try {
      body = await answer.json();
    } catch (e) {
      body = { message: `HTTP ${answer.status} ${answer.statusText}` };
    }
    const error = new ApiError(answer.status, body);
    error.retryAfter = Number(answer.headers.get('Retry-After')) || 0;
    if (answer.status === 401 && !path.startsWith('/session')) {
      session = null;
      onSignedOut(error);
    }
    throw error;
  }
  return answer;
}

/** A JSON answer, or null for 204. */
export async function json(method, path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const answer = await send(method, path, { ...options, headers });
  return answer.status === 204 ? null : answer.json();
}

/** A text answer read as it arrives: onText gets each piece. Abort with options.signal. */
export async function stream(path, onText, options = {}) {
  const answer = await send('GET', path, options);
  const reader = answer.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      onText(decoder.decode());
      return;
    }
    onText(decoder.decode(value, { stream: true }));
  }
}

/**
 * Who is signed in, asked of the gateway; null when nobody is, with why in onEnded when the
 * session was refused (ended, or its user blocked: the gateway then clears the cookie).
 */
export async function resume(onEnded = () => {}) {
  try {
    session = await json('GET', '/session');
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) {
      throw e;
    }
    session = null;
    if (e.status === 403) {
      onEnded(e);
    }
  }
  return session;
}

export async function signIn(credentials) {
  session = await json('POST', '/session', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  return session;
}

/** Signs out; the page forgets the session only once the gateway has ended it. */
export async function signOut() {
  await json('DELETE', '/session');
  session = null;
}
