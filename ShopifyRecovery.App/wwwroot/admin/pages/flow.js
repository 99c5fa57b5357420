// Flow editor: when each email goes out and the rules every send must pass. Errors from the server land under the
// field they name (the 400 response is keyed by path, e.g. "steps[1].delayMinutes").
import { get, put } from '../api.js';
import { h, page, section, field, showErrors, clearErrors, toast, button, busy, duration } from '../ui.js';

const units = [['minutes', 1], ['hours', 60], ['days', 1440]];
const maxSteps = 5;

export async function render({ signal }) {
  const flow = await get('/api/flow', { signal });
  const form = h('form', { id: 'flow-form', novalidate: true });
  form.addEventListener('submit', (event) => event.preventDefault());
  let steps = flow.steps.map((s) => ({ ...s }));

  const stepsHolder = h('div', { class: 'stack', id: 'steps' });
  function drawSteps() {
    stepsHolder.replaceChildren(...steps.map((step, i) => stepRow(step, i)));
    addStep.disabled = steps.length >= maxSteps;
  }

  function stepRow(step, i) {
    const unit = units.slice().reverse().find(([, size]) => step.delayMinutes % size === 0) ?? units[0];
    const amount = h('input', { type: 'number', min: 1, step: 1, value: step.delayMinutes / unit[1], 'aria-label': `Delay of email ${i + 1}` });
    const unitSelect = h('select', { 'aria-label': `Delay unit of email ${i + 1}` }, units.map(([name, size]) => h('option', { value: size, selected: size === unit[1] }, name)));
    const sync = () => { step.delayMinutes = Math.round(Number(amount.value) * Number(unitSelect.value)); };
    amount.addEventListener('input', sync);
    unitSelect.addEventListener('change', sync);
    const enabled = h('input', { type: 'checkbox', checked: step.enabled, 'aria-label': `Send email ${i + 1}` });
    enabled.addEventListener('change', () => { step.enabled = enabled.checked; });
    const variant = h('input', { type: 'text', value: step.templateVariant, maxlength: 100 });
    variant.addEventListener('input', () => { step.templateVariant = variant.value; });
    const remove = button('Remove', () => { steps.splice(i, 1); drawSteps(); }, { disabled: steps.length <= 1 });
    return h('div', { class: 'step-row', 'data-step': i + 1 },
      h('div', { class: 'step-title' }, h('strong', null, `Email ${i + 1}`),
        h('label', { class: 'check' }, enabled, ' On')),
      h('div', { class: 'field', 'data-field': `steps[${i}].delayMinutes` },
        h('label', null, 'Send after'),
        h('div', { class: 'inline' }, amount, unitSelect, h('span', { class: 'muted' }, 'of no checkout activity')),
        h('p', { class: 'field-error', role: 'alert', hidden: true })),
      field('Default template variant', variant, { path: `steps[${i}].templateVariant` }),
      h('div', { class: 'step-actions' }, remove));
  }

  const addStep = button('Add email', () => {
    const last = steps[steps.length - 1];
    steps.push({ delayMinutes: (last?.delayMinutes ?? 60) + 1440, enabled: true, templateVariant: 'default' });
    drawSteps();
  });

  const numberInput = (value, attrs = {}) => h('input', { type: 'number', value, ...attrs });
  const time = (value) => h('input', { type: 'time', value: (value ?? '').slice(0, 5) });
  const quietEnabled = h('input', { type: 'checkbox', checked: flow.quietHours.enabled, id: 'quiet-enabled' });
  const quietStart = time(flow.quietHours.start);
  const quietEnd = time(flow.quietHours.end);
  const capCount = numberInput(flow.frequencyCap.count, { min: 1, max: 20, id: 'cap-count' });
  const capDays = numberInput(flow.frequencyCap.days, { min: 1, max: 90, id: 'cap-days' });
  const holdout = numberInput(flow.holdoutPercent, { min: 0, max: 50, step: 1, id: 'holdout' });
  const expire = numberInput(flow.expireAfterDays, { min: 1, max: 60, id: 'expire' });
  const consentMode = h('select', { id: 'consent-mode' },
    h('option', { value: 'SubscribedOnly', selected: flow.consent.mode === 'SubscribedOnly' }, 'Only shoppers subscribed to email marketing'),
    h('option', { value: 'AllowTransactionalWhereAllowed', selected: flow.consent.mode === 'AllowTransactionalWhereAllowed' },
      'Subscribers, plus one service reminder to others where the law allows'));
  const regions = h('input', { type: 'text', value: flow.consent.regions.join(', '), id: 'consent-regions' });

  const save = button('Save', async () => {
    const seconds = (t) => (t.length === 5 ? `${t}:00` : t);
    const body = {
      steps,
      quietHours: { enabled: quietEnabled.checked, start: seconds(quietStart.value || '00:00'), end: seconds(quietEnd.value || '00:00') },
      frequencyCap: { count: Number(capCount.value), days: Number(capDays.value) },
      holdoutPercent: Number(holdout.value),
      consent: { mode: consentMode.value, regions: regions.value.split(',').map((r) => r.trim()).filter(Boolean) },
      expireAfterDays: Number(expire.value),
    };
    await busy(save, async () => {
      try {
        const saved = await put('/api/flow', body);
        steps = saved.steps.map((s) => ({ ...s }));
        drawSteps();
        clearErrors(form);
        summary.textContent = describe(saved);
        toast('Flow saved');
      } catch (error) {
        if (error.status === 400) {
          showErrors(form, error.errors, 'The flow was not saved');
          toast('The flow was not saved', true);
        } else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'save-flow' });

  const summary = h('p', { class: 'muted', id: 'flow-summary' }, describe(flow));
  form.append(
    section('Emails', summary, stepsHolder, h('div', { class: 'actions' }, addStep)),
    section('Quiet hours',
      h('p', { class: 'muted' }, 'A send due during the shopper\'s night waits until it ends; it is never dropped.'),
      h('label', { class: 'check' }, quietEnabled, ' Hold emails during quiet hours'),
      h('div', { class: 'grid-2' },
        field('From', quietStart, { path: 'quietHours.start' }),
        field('Until', quietEnd, { path: 'quietHours.end' }))),
    section('Frequency cap',
      h('div', { class: 'grid-2' },
        field('At most this many recovery emails per shopper', capCount, { path: 'frequencyCap.count' }),
        field('Within days', capDays, { path: 'frequencyCap.days' }))),
    section('Measurement',
      field('Holdout group (%)', holdout, { path: 'holdoutPercent', help: 'Share of journeys that get no email, so the dashboard can prove the lift. 0 turns it off; 5–10% is typical once you have a few hundred checkouts a month.' }),
      field('Close a journey after (days without activity)', expire, { path: 'expireAfterDays' })),
    section('Consent',
      field('Who may be emailed', consentMode, { path: 'consent.mode' }),
      field('Countries for service reminders (ISO codes, * for all allowed)', regions, { path: 'consent.regions', help: 'Never the EU/EEA, the UK or Canada: prior consent is the law there.' })),
    h('div', { class: 'page-actions' }, save));
  drawSteps();
  return page('Flow', form);
}

function describe(flow) {
  const on = flow.steps.filter((s) => s.enabled);
  if (on.length === 0) return 'Every email is switched off: no shopper will be contacted.';
  return `${on.length} ${on.length === 1 ? 'email' : 'emails'}: ${on.map((s) => duration(s.delayMinutes)).join(', ')} after the shopper leaves.`;
}
