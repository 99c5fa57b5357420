// A/B tests on one email of the flow: the list, a form for a new test (a control and one challenger), and each
// test's page (experiment.js). Journeys are split between arms by a hash of the journey, so a shopper stays in one arm.
import { get, post } from '../api.js';
import { h, page, section, field, showErrors, clearErrors, toast, button, busy, dateTime, badge, table } from '../ui.js';

export const kinds = {
  Subject: { label: 'Subject line', path: 'subject' },
  ContentVariant: { label: 'Template variant', path: 'templateVariant' },
  Incentive: { label: 'Incentive', path: 'incentivePolicy' },
  SendDelay: { label: 'Send delay', path: 'delayMinutes' },
};

/** An experiment's status as a badge; the API's WinnerDeclared reads as two words. */
export const statusBadge = (status) => badge(status === 'WinnerDeclared' ? 'Winner declared' : status);

export function treatment(kind, overrides) {
  const value = overrides?.[kinds[kind].path];
  if (value === null || value === undefined) return 'as the flow sends it';
  return kind === 'SendDelay' ? `${value} minutes after the last activity` : String(value);
}

export async function render({ signal, navigate }) {
  const [list, flow, incentives, templates] = await Promise.all([
    get('/api/experiments', { signal }), get('/api/flow', { signal }), get('/api/incentives', { signal }), get('/api/templates', { signal })]);

  const rows = list.map((e) => h('tr', { 'data-experiment': e.id },
    h('td', null, h('a', { href: `/experiments/${e.id}`, 'data-nav': true }, e.name)),
    h('td', null, `Email ${e.step}`),
    h('td', null, kinds[e.kind]?.label ?? e.kind),
    h('td', null, statusBadge(e.status)),
    h('td', null, e.winner ?? ''),
    h('td', null, e.startedAt ? dateTime(e.startedAt) : '')));

  const form = h('form', { id: 'experiment-form', novalidate: true, onSubmit: (e) => e.preventDefault() });
  const name = h('input', { type: 'text', id: 'experiment-name', maxlength: 200 });
  const step = h('select', { id: 'experiment-step' },
    flow.steps.map((s, i) => h('option', { value: i + 1, disabled: !s.enabled }, `Email ${i + 1}${s.enabled ? '' : ' (off)'}`)));
  const kind = h('select', { id: 'experiment-kind' }, Object.entries(kinds).map(([value, k]) => h('option', { value }, k.label)));
  const challengerName = h('input', { type: 'text', id: 'challenger-name', value: 'B', maxlength: 40 });
  const valueHolder = h('div');
  const autoDeclare = h('input', { type: 'checkbox', id: 'experiment-auto' });
  let challengerValue = null;

  function drawValue() {
    const k = kind.value;
    if (k === 'Incentive') {
      challengerValue = h('select', { id: 'challenger-value' }, incentives.policies.map((p) => h('option', { value: p.name }, p.name)));
    } else if (k === 'SendDelay') {
      challengerValue = h('input', { type: 'number', id: 'challenger-value', min: 1, step: 1, value: flow.steps[Number(step.value) - 1]?.delayMinutes ?? 60 });
    } else if (k === 'ContentVariant') {
      challengerValue = h('select', { id: 'challenger-value' }, templates.variants.map((v) => h('option', { value: v }, v)));
    } else {
      challengerValue = h('input', { type: 'text', id: 'challenger-value', maxlength: 200 });
    }
    const help = {
      Subject: 'The challenger\'s subject; the control keeps the template\'s own.',
      ContentVariant: 'One of your template variants (add one on the Templates page); the control keeps the flow\'s.',
      Incentive: 'The incentive policy the challenger gets; the control keeps what the segment rules pick.',
      SendDelay: 'Minutes after the last checkout activity; it must stay between the emails before and after it.',
    }[k];
    valueHolder.replaceChildren(field(`Challenger: ${kinds[k].label.toLowerCase()}`, challengerValue, { path: `arms[1].overrides.${kinds[k].path}`, help }));
  }
  kind.addEventListener('change', drawValue);
  step.addEventListener('change', drawValue);
  drawValue();

  const create = button('Create test', async () => {
    await busy(create, async () => {
      const k = kind.value;
      const raw = challengerValue.value;
      const value = k === 'SendDelay' ? Number(raw) : raw;
      try {
        const created = await post('/api/experiments', {
          name: name.value, step: Number(step.value), kind: k, autoDeclare: autoDeclare.checked,
          arms: [{ name: 'Control', isControl: true }, { name: challengerName.value, overrides: { [kinds[k].path]: value } }],
        });
        clearErrors(form);
        toast('Test created; start it when you are ready');
        navigate(`/experiments/${created.id}`);
      } catch (error) {
        if (error.status === 400) showErrors(form, error.errors, 'The test was not created');
        else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'create-experiment' });

  form.append(
    h('div', { class: 'grid-3' },
      field('Name', name, { path: 'name' }),
      field('Email', step, { path: 'step' }),
      field('What to test', kind, { path: 'kind' })),
    h('div', { class: 'grid-3' },
      field('Challenger name', challengerName, { path: 'arms[1].name' }),
      valueHolder,
      h('div', { class: 'field' }, h('label', { class: 'check' }, autoDeclare, ' Declare the winner by itself once the result is significant'))),
    h('div', { class: 'actions bottom' }, create));

  return page('A/B tests',
    h('p', { class: 'muted' }, 'Test one thing in one email against what you send today. Each abandoned checkout stays in one arm; results count the orders each arm recovered.'),
    section('Tests', h('div', { id: 'experiments' },
      table(['Name', 'Email', 'Testing', 'Status', 'Winner', 'Started'], rows, { empty: 'No tests yet.' }))),
    section('New test', form));
}
