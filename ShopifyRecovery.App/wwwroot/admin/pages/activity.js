// Activity: every journey, filterable by status, segment and how far it got; a row opens its timeline.
import { get } from '../api.js';
import { h, page, section, money, dateTime, relative, badge, table, pager, replace } from '../ui.js';
import { playgroundPanel } from './playground.js';

const statuses = ['Active', 'Recovered', 'Completed', 'Suppressed', 'Expired'];

export async function render({ signal, navigate }) {
  const query = new URLSearchParams(location.search);
  const status = h('select', { id: 'filter-status', 'aria-label': 'Status' }, h('option', { value: '' }, 'Any status'),
    statuses.map((s) => h('option', { value: s, selected: query.get('status') === s }, s)));
  const segment = h('input', { type: 'text', id: 'filter-segment', placeholder: 'Segment rule', value: query.get('segment') ?? '', 'aria-label': 'Segment' });
  const step = h('select', { id: 'filter-step', 'aria-label': 'Emails sent' }, h('option', { value: '' }, 'Any emails sent'),
    [1, 2, 3, 4, 5].map((n) => h('option', { value: n, selected: query.get('step') === String(n) }, `At least ${n} sent`)));
  const results = h('div', { id: 'journeys' });
  let pageNumber = Number(query.get('page')) || 1;

  async function load() {
    const params = new URLSearchParams({ page: pageNumber, pageSize: 25 });
    if (status.value) params.set('status', status.value);
    if (segment.value.trim()) params.set('segment', segment.value.trim());
    if (step.value) params.set('step', step.value);
    const list = await get(`/api/journeys?${params}`, { signal });
    replace(results,
      table(['Started', 'Shopper', 'Cart', 'Status', 'Segment', 'Emails', 'Next'], list.items.map((j) => {
        const row = h('tr', { class: 'clickable', 'data-journey': j.id, tabindex: 0 },
          h('td', null, h('a', { href: `/activity/${j.id}`, 'data-nav': true }, dateTime(j.createdAt))),
          h('td', null, j.customerName ?? j.email ?? 'Guest', j.customerName && j.email ? h('div', { class: 'muted small' }, j.email) : null),
          h('td', { class: 'num' }, money(j.cartValue, j.currency)),
          h('td', null, badge(j.status), j.isHoldout ? [' ', badge('Holdout', 'warning')] : null),
          h('td', null, j.segment ?? '—'),
          h('td', null, String(j.stepsSent)),
          h('td', null, j.status === 'Active' && j.nextStep ? `Email ${j.nextStep} ${relative(j.nextStepDueAt)}` : j.recoveredRevenue ? money(j.recoveredRevenue, j.currency) : '—'));
        row.addEventListener('click', (event) => { if (!event.target.closest('a')) navigate(`/activity/${j.id}`); });
        row.addEventListener('keydown', (event) => { if (event.key === 'Enter') navigate(`/activity/${j.id}`); });
        return row;
      }), { empty: 'No journeys match. Journeys start when a shopper leaves checkout with an email address.' }),
      pager(list, (n) => { pageNumber = n; load(); }));
  }

  for (const control of [status, step]) control.addEventListener('change', () => { pageNumber = 1; load(); });
  segment.addEventListener('change', () => { pageNumber = 1; load(); });
  await load();
  return page('Activity',
    h('div', { class: 'toolbar' }, status, segment, step, h('a', { href: '/suppressions', 'data-nav': true, class: 'toolbar-link' }, 'Suppressed addresses')),
    section('Journeys', results),
    playgroundPanel({ onCreated: () => setTimeout(load, 1500) }));
}
