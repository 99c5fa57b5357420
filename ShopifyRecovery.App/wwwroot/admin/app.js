// The admin's router: one shell, pages as ES modules, navigation from <s-app-nav> (App Bridge raises
// 'shopify:navigate'), in-page links and the browser's back button. The query string (shop, host) is kept.
import { errorState, replace, h, banner, button } from './ui.js';
import { plan as currentPlan } from './api.js';

const routes = [
  { pattern: /^\/$/, module: './pages/dashboard.js', title: 'Dashboard' },
  { pattern: /^\/flow$/, module: './pages/flow.js', title: 'Flow' },
  { pattern: /^\/templates$/, module: './pages/templates.js', title: 'Templates' },
  { pattern: /^\/segments$/, module: './pages/segments.js', title: 'Segments & incentives' },
  { pattern: /^\/activity$/, module: './pages/activity.js', title: 'Activity' },
  { pattern: /^\/activity\/([0-9a-f-]{36})$/, module: './pages/journey.js', title: 'Journey' },
  { pattern: /^\/experiments$/, module: './pages/experiments.js', title: 'A/B tests' },
  { pattern: /^\/experiments\/(\d+)$/, module: './pages/experiment.js', title: 'A/B test' },
  { pattern: /^\/suppressions$/, module: './pages/suppressions.js', title: 'Suppressed addresses' },
  { pattern: /^\/settings$/, module: './pages/settings.js', title: 'Settings' },
];

const root = document.getElementById('app');
let current = null;

export function navigate(href, { replaceState = false } = {}) {
  const url = new URL(href, location.origin);
  if (url.origin !== location.origin) return;
  // Shopify's launch parameters (shop, host, embedded) stay on every in-app URL.
  const params = new URLSearchParams(location.search);
  for (const [key, value] of url.searchParams) params.set(key, value);
  const query = params.toString();
  const target = url.pathname + (query ? `?${query}` : '');
  if (replaceState) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  render();
}

async function render() {
  const path = location.pathname;
  const route = routes.find((r) => r.pattern.test(path));
  current?.abort();
  const controller = new AbortController();
  current = controller;
  if (!route) {
    replace(root, h('s-page', { heading: 'Not found' }, h('p', null, 'This page does not exist.')));
    return;
  }
  document.title = `${route.title} · Cart Recovery`;
  try {
    const module = await import(route.module);
    const params = path.match(route.pattern).slice(1);
    const view = await module.render({ params, signal: controller.signal, navigate });
    if (controller.signal.aborted) return;
    replace(root, view);
    root.dataset.page = route.module.replace('./pages/', '').replace('.js', '');
    document.dispatchEvent(new Event('app:routed'));
  } catch (error) {
    if (controller.signal.aborted) return;
    console.error(error);
    replace(root, h('s-page', { heading: route.title }, errorState(error)));
  }
}

document.addEventListener('shopify:navigate', (event) => {
  const href = event.target?.getAttribute?.('href');
  if (href) navigate(href);
});

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-nav]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

window.addEventListener('popstate', render);
render();
showPlanNotice();

/**
 * A shop without an active plan gets no emails while billing is required; say so above every page, with the way
 * out. Shopify hosts the plan selection page in its own admin, so it opens in the top frame, not in the app's iframe.
 */
async function showPlanNotice() {
  try {
    const plan = await currentPlan();
    if (plan.allowsSending) return;
    const choose = button('Choose a plan', () => window.open(plan.selectionUrl, '_top'), { variant: 'primary', id: 'choose-plan' });
    root.before(h('div', { id: 'plan-notice' }, banner('warning', 'Recovery emails are paused until you choose a plan',
      h('p', null, 'Abandoned checkouts are still tracked; emails start as soon as a plan is active.'), choose)));
  } catch (error) {
    // The page itself reports API failures; the notice is only an extra.
    console.error(error);
  }
}
