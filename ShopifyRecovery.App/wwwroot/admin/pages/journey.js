// One journey's timeline: what happened, every email as sent, why a step waited or was skipped, codes, the order.
import { get } from '../api.js';
import { h, page, section, money, dateTime, badge, table } from '../ui.js';

const labels = {
  created: 'Checkout abandoned', updated: 'Checkout changed', scheduled: 'Email scheduled', deferred: 'Email deferred',
  sent: 'Email sent', skipped: 'Email skipped', holdout: 'Held out (no email)', failed: 'Email failed', unknown: 'Send outcome unknown',
  code_created: 'Discount code created', code_failed: 'Discount code refused', consent: 'Consent changed',
  recovered: 'Order placed', closed: 'Journey closed', delivered: 'Delivered', opened: 'Opened', clicked: 'Clicked',
};

export async function render({ params, signal }) {
  const t = await get(`/api/journeys/${params[0]}`, { signal });
  const j = t.journey;
  const who = j.customerName ?? j.email ?? 'Guest shopper';
  return page(`Journey · ${who}`,
    h('p', null, h('a', { href: '/activity', 'data-nav': true }, '← All journeys')),
    h('div', { class: 'kpis' },
      h('div', { class: 'kpi' }, h('h3', null, 'Status'), h('p', { class: 'kpi-value', id: 'journey-status' }, badge(j.status)), t.closeReason ? h('p', { class: 'kpi-sub' }, t.closeReason) : null),
      h('div', { class: 'kpi' }, h('h3', null, 'Cart'), h('p', { class: 'kpi-value' }, money(j.cartValue, j.currency)), h('p', { class: 'kpi-sub' }, `${j.itemCount} items`)),
      h('div', { class: 'kpi' }, h('h3', null, 'Segment'), h('p', { class: 'kpi-value' }, j.segment ?? '—'), h('p', { class: 'kpi-sub' }, j.isHoldout ? 'Holdout: gets no email' : `Variant ${j.variant ?? 'default'}`)),
      h('div', { class: 'kpi' }, h('h3', null, 'Shopper'), h('p', { class: 'kpi-value small' }, who), h('p', { class: 'kpi-sub' }, j.email ?? 'no email'))),
    t.order ? section('Recovered order', h('p', { id: 'recovered-order' },
      `Order ${t.order.orderId} on ${dateTime(t.order.recoveredAt)}: `, h('strong', null, money(t.order.revenue, j.currency)),
      ` (${t.order.attribution}${t.order.step ? `, email ${t.order.step}` : ''})`,
      t.order.discountCost ? `; discount cost ${money(t.order.discountCost, j.currency)}` : '')) : null,
    section('Timeline', h('ol', { class: 'timeline', id: 'timeline' }, t.events.map((e) => h('li', { 'data-kind': e.kind },
      h('span', { class: 'when' }, dateTime(e.at)),
      h('span', { class: 'what' }, labels[e.kind] ?? e.kind, e.step ? ` · email ${e.step}` : ''),
      e.detail ? h('span', { class: 'detail' }, e.detail) : null)))),
    section('Emails', t.emails.length === 0 ? h('p', { class: 'empty' }, 'No email yet.') :
      h('div', { class: 'stack', id: 'emails' }, t.emails.map((e) => email(e)))),
    section('Guard decisions', table(['When', 'Email', 'Decision', 'Reason'], t.guardDecisions.map((g) => h('tr', null,
      h('td', null, dateTime(g.at)), h('td', null, g.step ?? '—'), h('td', null, g.decision), h('td', null, g.reason ?? '—'))),
    { empty: 'Every check passed: nothing was skipped or deferred.' })),
    section('Discount codes', table(['Code', 'Email', 'Discount', 'Status', 'Expires'], t.codes.map((c) => h('tr', null,
      h('td', null, h('code', null, c.code)), h('td', null, c.step), h('td', null, c.percentage ? `${c.percentage}%` : c.kind),
      h('td', null, badge(c.status)), h('td', null, dateTime(c.endsAt)))), { empty: 'No code was issued.' })),
    section('Cart', table(['Item', 'Quantity', 'Price'], t.cart.map((l) => h('tr', null,
      h('td', null, l.title, l.variantTitle ? h('span', { class: 'muted' }, ` · ${l.variantTitle}`) : null),
      h('td', null, l.quantity), h('td', { class: 'num' }, money(l.linePrice, j.currency)))))));
}

function email(e) {
  const frame = h('iframe', { sandbox: '', title: `Email ${e.step} as sent`, class: 'preview-frame', hidden: true });
  const toggle = h('button', { type: 'button', class: 'link-button' }, 'Show the email');
  toggle.addEventListener('click', () => {
    if (frame.hidden && !frame.srcdoc) frame.srcdoc = e.html ?? '<p>No content was recorded.</p>';
    frame.hidden = !frame.hidden;
    toggle.textContent = frame.hidden ? 'Show the email' : 'Hide the email';
  });
  const steps = [['Sent', e.sentAt], ['Delivered', e.deliveredAt], ['Opened', e.openedAt], ['Clicked', e.clickedAt], ['Bounced', e.bouncedAt]]
    .filter(([, at]) => at).map(([label, at]) => h('span', { class: 'chip' }, `${label} ${dateTime(at)}`));
  return h('article', { class: 'email-card', 'data-step': e.step },
    h('header', null, h('strong', null, `Email ${e.step}`), ' ', badge(e.status), e.variant ? h('span', { class: 'muted' }, ` · ${e.variant}`) : null),
    e.subject ? h('p', { class: 'email-subject' }, e.subject) : null,
    e.skipReason ? h('p', { class: 'muted' }, `Skipped: ${e.skipReason}`) : null,
    e.error ? h('p', { class: 'field-error' }, e.error) : null,
    e.discountCode ? h('p', null, 'Code ', h('code', null, e.discountCode)) : null,
    h('div', { class: 'chips' }, steps),
    e.html ? [toggle, frame] : null);
}
