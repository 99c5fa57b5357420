// Playground stand-in for Shopify's App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js).
// Outside Shopify there is no admin to issue session tokens, so this one asks the app's playground-only endpoint,
// which signs them exactly as Shopify does: /api then runs the same validation as in production.
(function () {
  'use strict';
  const apiKey = document.querySelector('meta[name="shopify-api-key"]')?.content ?? '';
  let cached = null;

  async function idToken() {
    // Tokens live a minute; reuse one until ten seconds before it lapses, as App Bridge does.
    if (cached && cached.expiresAt - Date.now() > 10_000) return cached.token;
    const response = await fetch('/playground/session-token', { method: 'POST' });
    if (!response.ok) throw new Error('The playground could not issue a session token (' + response.status + ').');
    const body = await response.json();
    cached = { token: body.token, expiresAt: Date.parse(body.expiresAt) };
    return cached.token;
  }

  function toastShow(message, options) {
    let host = document.getElementById('sim-toasts');
    if (!host) {
      host = document.createElement('div');
      host.id = 'sim-toasts';
      host.setAttribute('role', 'status');
      document.body.append(host);
    }
    const toast = document.createElement('div');
    toast.className = 'sim-toast' + (options?.isError ? ' sim-toast-error' : '');
    toast.textContent = message;
    host.append(toast);
    setTimeout(() => toast.remove(), options?.duration ?? 4000);
  }

  window.shopify = {
    config: { apiKey, shop: 'sandbox-store.myshopify.com' },
    simulated: true,
    idToken,
    toast: { show: toastShow },
  };
})();
