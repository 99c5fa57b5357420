// Dashboard: what recovery earned, led by the lift over the holdout (the only number that proves the emails work).
import { get } from '../api.js';
import { h, page, section, money, percent, number, table, replace, banner } from '../ui.js';
import { playgroundPanel } from './playground.js';

const periods = [[7, 'Last 7 days'], [30, 'Last 30 days'], [90, 'Last 90 days']];

export async function render({ signal, navigate }) {
  const content = h('div', { class: 'stack', id: 'dashboard-content' });
  const picker = h('select', { id: 'period', 'aria-label': 'Period' },
    periods.map(([days, label]) => h('option', { value: days, selected: days === 30 }, label)));
  picker.addEventListener('change', () => load());

  async function load() {
    const days = Number(picker.value);
    const to = new Date();
    const from = new Date(to.getTime() - (days - 1) * 86400000);
    const iso = (d) => d.toISOString().slice(0, 10);
    replace(content, h('p', { class: 'muted' }, 'Loading…'));
    let data = null;
    try {
      data = await get(`/api/dashboard?from=${iso(from)}&to=${iso(to)}`, { signal });
    } catch (error) {
      // Before the first numbers exist (or while the report is not available) the merchant sees what happens next.
      if (error.status !== 404) {
        replace(content, banner('critical', 'The dashboard could not be loaded', h('p', null, error.message)));
        return;
      }
    }
    replace(content, !data || !data.abandoned ? emptyState(navigate) : report(data));
  }

  const view = page('Dashboard',
    h('div', { class: 'toolbar' }, h('label', { for: 'period' }, 'Period'), picker),
    content);
  await load();
  return view;
}

function emptyState(navigate) {
  const go = (href, label) => h('a', { href, 'data-nav': true }, label);
  return h('div', { class: 'stack' },
    section('No abandoned checkouts yet',
      h('div', { class: 'empty-state', id: 'empty-state' },
        h('p', { class: 'lead' }, 'Cart Recovery is installed and watching your store. Here is what happens next:'),
        h('ol', { class: 'steps' },
          h('li', null, h('strong', null, 'A shopper leaves checkout. '), 'Shopify tells us within seconds; the journey shows up under ', go('/activity', 'Activity'), '.'),
          h('li', null, h('strong', null, 'One hour later '), 'the first reminder goes out, if the shopper agreed to marketing email and has not ordered meanwhile.'),
          h('li', null, h('strong', null, 'After 24 and 72 hours '), 'two more emails follow; only the last one may carry a discount, within your ', go('/segments', 'guardrails'), '.'),
          h('li', null, h('strong', null, 'When they come back and order, '), 'the revenue is counted here, with the lift over the holdout group once there is enough data.')),
        h('p', null, 'Before the first checkout arrives, review ', go('/flow', 'the flow'), ', ', go('/templates', 'the emails'), ' and ', go('/settings', 'your sender details'), '.')),
      // Shopify's own abandoned checkout email is free and often on; left on, every shopper gets two reminders.
      banner('warning', 'Turn off Shopify\'s own abandoned checkout email',
        h('p', { id: 'native-overlap' }, 'If the abandoned checkout automation is on in your Shopify admin (Marketing → Automations, or Shopify Messaging), shoppers get its reminder as well as ours. Turn it off there so each shopper hears from you once.'))),
    playgroundPanel({ onCreated: () => navigate('/activity') }));
}

function report(d) {
  const lift = d.lift ?? {};
  const pp = (value) => (value === null || value === undefined ? '—' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pts`);
  const liftCard = h('div', { class: 'kpi kpi-lead', id: 'kpi-lift' },
    h('h3', null, 'Incremental lift'),
    lift.enoughData
      ? [h('p', { class: 'kpi-value' }, pp(lift.difference)),
        h('p', { class: 'kpi-sub' }, `95% CI ${pp(lift.ciLow)} to ${pp(lift.ciHigh)}`),
        h('p', { class: 'kpi-sub' }, `${percent(lift.treatedConversion)} of emailed shoppers ordered vs ${percent(lift.holdoutConversion)} of the holdout`),
        h('p', { class: 'kpi-sub' }, `${money(lift.incrementalNetRevenuePerCheckout, d.currency)} net extra revenue per abandoned checkout`)]
      : [h('p', { class: 'kpi-value muted' }, 'Not enough data yet'),
        h('p', { class: 'kpi-sub' }, `${number(lift.treatedJourneys)} emailed and ${number(lift.holdoutJourneys)} held-out journeys so far. Turn on a holdout in the flow to measure lift.`)]);
  const kpi = (id, title, value, sub) => h('div', { class: 'kpi', id }, h('h3', null, title), h('p', { class: 'kpi-value' }, value), sub ? h('p', { class: 'kpi-sub' }, sub) : null);
  return h('div', { class: 'stack' },
    h('div', { class: 'kpis' },
      liftCard,
      kpi('kpi-revenue', 'Recovered revenue', money(d.recoveredRevenue, d.currency), `${number(d.recoveredOrders)} orders`),
      kpi('kpi-net', 'Net after discounts', money(d.netRecoveredRevenue, d.currency), `${money(d.discountCost, d.currency)} in discounts`),
      kpi('kpi-rate', 'Recovery rate', percent(d.recoveryRate), `${number(d.abandoned)} abandoned checkouts`),
      kpi('kpi-emails', 'Emails', number(d.emailsSent), `${percent(d.emailsSent ? d.opened / d.emailsSent : null)} opened · ${percent(d.emailsSent ? d.clicked / d.emailsSent : null)} clicked`)),
    section('Over time', chart(d.series ?? [], d.currency)),
    section('By step', table(['Step', 'Sent', 'Opened', 'Clicked', 'Recovered', 'Revenue'],
      (d.bySteps ?? []).map((s) => h('tr', null, h('td', null, `Email ${s.step}`), h('td', null, number(s.sent)), h('td', null, number(s.opened)),
        h('td', null, number(s.clicked)), h('td', null, number(s.recovered)), h('td', { class: 'num' }, money(s.revenue, d.currency)))))),
    section('By segment', table(['Segment', 'Journeys', 'Recovered', 'Revenue', 'Discount cost'],
      (d.bySegment ?? []).map((s) => h('tr', null, h('td', null, s.segment ?? 'No rule'), h('td', null, number(s.journeys)), h('td', null, number(s.recovered)),
        h('td', { class: 'num' }, money(s.revenue, d.currency)), h('td', { class: 'num' }, money(s.discountCost, d.currency)))))));
}

/** Abandoned checkouts as bars, recovered orders as a line, per day. */
function chart(series, currency) {
  if (series.length === 0) return h('p', { class: 'empty' }, 'No activity in this period.');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs, ...kids) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    kids.forEach((k) => el.append(k));
    return el;
  };
  const width = 720, height = 220, left = 36, bottom = 24, top = 10;
  const max = Math.max(1, ...series.map((p) => Math.max(p.abandoned, p.recovered)));
  const step = (width - left) / series.length;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': 'Abandoned and recovered checkouts per day' });
  for (const tick of [0, Math.round(max / 2), max]) {
    root.append(svg('line', { x1: left, x2: width, y1: y(tick), y2: y(tick), class: 'grid' }));
    const label = svg('text', { x: left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' });
    label.textContent = tick;
    root.append(label);
  }
  series.forEach((p, i) => {
    const bar = svg('rect', { x: left + i * step + step * 0.15, y: y(p.abandoned), width: step * 0.7, height: y(0) - y(p.abandoned), class: 'bar' });
    const title = svg('title', {});
    title.textContent = `${p.date}: ${p.abandoned} abandoned, ${p.recovered} recovered (${money(p.revenue, currency)})`;
    bar.append(title);
    root.append(bar);
  });
  const points = series.map((p, i) => `${left + i * step + step / 2},${y(p.recovered)}`).join(' ');
  root.append(svg('polyline', { points, class: 'line' }));
  const labels = [0, Math.floor(series.length / 2), series.length - 1];
  for (const i of new Set(labels)) {
    const label = svg('text', { x: left + i * step + step / 2, y: height - 6, class: 'axis', 'text-anchor': 'middle' });
    label.textContent = series[i].date.slice(5);
    root.append(label);
  }
  return h('div', { class: 'chart-wrap' }, root,
    h('p', { class: 'legend' }, h('span', { class: 'swatch bar' }), ' Abandoned ', h('span', { class: 'swatch line' }), ' Recovered'));
}
