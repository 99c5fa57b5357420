// Every /api call carries a fresh session token from App Bridge. A 401 with X-Shopify-Retry-Invalid-Session-Request
// means the token lapsed or was refused: ask App Bridge for a new one and try once more.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The request failed (${status}).`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Validation errors keyed by the path of the bad field, e.g. "steps[0].delayMinutes". */
  get errors() { return this.problem.errors ?? {}; }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const token = await window.shopify.idToken();
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (response.status === 401 && attempt === 0 && response.headers.has('X-Shopify-Retry-Invalid-Session-Request')) continue;
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
}

export const get = (path, options) => api(path, options);
export const put = (path, body) => api(path, { method: 'PUT', body });
export const post = (path, body, options) => api(path, { method: 'POST', body, ...options });
export const del = (path) => api(path, { method: 'DELETE' });

// The shop's plan, read once per page load: the notice above every page and the Settings page share the answer
// (each read asks Shopify). Shopify brings the merchant back with a fresh load after they choose a plan.
let planRequest;
export const plan = () => (planRequest ??= get('/api/billing'));
