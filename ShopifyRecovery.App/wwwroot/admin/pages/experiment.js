// One A/B test: what each arm does, what it recovered (conversion with its 95 % interval, net revenue per email),
// whether the difference is real yet, and the actions its state allows: start, declare a winner, stop.
import { get, post } from '../api.js';
import { h, page, section, toast, button, busy, badge, banner, table, money, percent, number, dateTime } from '../ui.js';
import { kinds, statusBadge, treatment } from './experiments.js';

export async function render({ params, signal, navigate }) {
  const id = params[0];
  const [results, shop] = await Promise.all([get(`/api/experiments/${id}`, { signal }), get('/api/shop', { signal })]);
  const e = results.experiment;
  const currency = shop.currency;
  const reload = () => navigate(`/experiments/${id}`, { replaceState: true });

  async function act(el, path, body, done) {
    await busy(el, async () => {
      try {
        await post(`/api/experiments/${id}/${path}`, body);
        toast(done);
        reload();
      } catch (error) {
        const detail = error.errors ? Object.values(error.errors).flat().join(' ') : error.message;
        toast(detail, true);
      }
    });
  }

  const actions = [];
  if (e.status === 'Draft') {
    const start = button('Start test', () => act(start, 'start', null, 'Test started'), { variant: 'primary', id: 'start-experiment' });
    actions.push(start);
  }
  if (e.status !== 'Stopped') {
    const label = e.status === 'WinnerDeclared' ? 'Stop applying the winner' : 'Stop test';
    const stop = button(label, () => {
      const question = e.status === 'WinnerDeclared'
        ? 'Stop applying the winner? Emails go back to your own subject and incentive rules.'
        : 'Stop this test without a winner? Every journey gets what the flow sends.';
      if (confirm(question)) act(stop, 'stop', null, 'Test stopped');
    }, { id: 'stop-experiment' });
    actions.push(stop);
  }

  const rows = results.arms.map((arm) => {
    const cells = [
      h('td', null, arm.name, arm.isControl ? ' ' : null, arm.isControl ? badge('Control', 'info') : null,
        e.winner === arm.name ? ' ' : null, e.winner === arm.name ? badge('Winner', 'success') : null),
      h('td', null, treatment(e.kind, arm.overrides)),
      h('td', { class: 'num' }, number(arm.sends)),
      h('td', { class: 'num' }, number(arm.clicks)),
      h('td', { class: 'num' }, number(arm.recoveredOrders)),
      h('td', { class: 'num' }, arm.sends ? `${percent(arm.conversion)} (${percent(arm.conversionLow)}–${percent(arm.conversionHigh)})` : '—'),
      h('td', { class: 'num' }, money(arm.netRevenuePerSend, currency)),
      h('td', null, arm.isControl ? '' : arm.vsControl
        ? `${arm.vsControl.difference >= 0 ? '+' : ''}${percent(arm.vsControl.difference)} ${arm.vsControl.significant ? '(significant)' : '(not significant)'}`
        : 'not enough data yet'),
    ];
    if (e.status === 'Running') {
      const declare = button('Declare winner', () => {
        if (confirm(`Declare ${arm.name} the winner and send it to every journey from now on?`)) act(declare, 'declare-winner', { arm: arm.name }, `${arm.name} declared the winner`);
      }, { id: `declare-${arm.name}` });
      cells.push(h('td', null, declare));
    }
    return h('tr', { 'data-arm': arm.name }, ...cells);
  });
  const headers = ['Arm', kinds[e.kind]?.label ?? e.kind, 'Sends', 'Clicks', 'Recovered orders', 'Conversion (95 % interval)',
    'Net revenue per email', 'Against the control', ...(e.status === 'Running' ? [''] : [])];

  const verdict = results.suggestedWinner
    ? banner('success', `${results.suggestedWinner.arm} is ahead`, h('p', null, results.suggestedWinner.reason))
    : !results.enoughData && e.status === 'Running'
      ? banner('info', 'Not enough data yet', h('p', null, 'Every arm needs more recovered orders before the difference can be trusted. Keep the test running.'))
      : null;

  return page(e.name,
    h('p', { id: 'experiment-status' },
      statusBadge(e.status), ' ',
      `${kinds[e.kind]?.label ?? e.kind} test on email ${e.step}`,
      e.startedAt ? ` · started ${dateTime(e.startedAt)}` : '',
      e.endedAt ? ` · ended ${dateTime(e.endedAt)}` : ''),
    e.winnerReason ? h('p', { class: 'muted' }, `Winner: ${e.winner} (${e.winnerReason})`) : null,
    verdict,
    section('Arms', h('div', { id: 'experiment-arms' }, table(headers, rows))),
    h('div', { class: 'page-actions' }, ...actions),
    h('p', null, h('a', { href: '/experiments', 'data-nav': true }, 'All tests')));
}
