// Segments & incentives: ordered rules (first match wins) that pick a template variant and an incentive policy,
// a "who matches" preview over recent journeys, and the guardrails no policy can break, with their cost.
import { get, put, post } from '../api.js';
import { h, page, section, field, showErrors, clearErrors, toast, button, busy, money, percent, table, replace, debounce, number } from '../ui.js';

const facts = {
  cart_value: ['Cart value', 'number'],
  orders_count: ['Orders placed', 'number'],
  amount_spent: ['Amount spent', 'number'],
  rfm_score: ['RFM score (3–15)', 'number'],
  rfm_segment: ['RFM group', 'text'],
  first_time: ['First-time shopper', 'boolean'],
  returning: ['Returning customer', 'boolean'],
  repeat_abandoner: ['Abandoned before (30 days)', 'boolean'],
  discount_seeker: ['Discount seeker', 'boolean'],
  product_type: ['Product type in cart', 'textset'],
};
const operators = {
  number: [['eq', 'is'], ['neq', 'is not'], ['gt', 'more than'], ['gte', 'at least'], ['lt', 'less than'], ['lte', 'at most'], ['in', 'is one of'], ['not_in', 'is none of']],
  boolean: [['eq', 'is'], ['neq', 'is not']],
  text: [['eq', 'is'], ['neq', 'is not'], ['in', 'is one of'], ['not_in', 'is none of']],
  textset: [['contains', 'contains'], ['in', 'contains one of'], ['not_in', 'contains none of']],
};
const rfmGroups = ['new', 'champion', 'loyal', 'recent', 'at_risk', 'lapsed'];
const isList = (op) => op === 'in' || op === 'not_in';

export async function render({ signal }) {
  const [ruleSet, incentives] = await Promise.all([get('/api/segments', { signal }), get('/api/incentives', { signal })]);
  let rules = structuredClone(ruleSet.rules);
  let settings = structuredClone(incentives);

  const rulesForm = h('form', { id: 'rules-form', novalidate: true, onSubmit: (e) => e.preventDefault() });
  const rulesHolder = h('ol', { class: 'rules', id: 'rules' });
  const preview = h('div', { id: 'who-matches' });

  function drawRules() {
    rulesHolder.replaceChildren(...rules.map((rule, i) => ruleCard(rule, i)));
  }

  function ruleCard(rule, i) {
    const name = h('input', { type: 'text', value: rule.name, 'aria-label': `Rule ${i + 1} name`, onInput: (e) => { rule.name = e.target.value; } });
    const variant = h('input', { type: 'text', value: rule.variant, 'aria-label': `Rule ${i + 1} variant`, onInput: (e) => { rule.variant = e.target.value; } });
    const incentive = h('select', { 'aria-label': `Rule ${i + 1} incentive`, onChange: (e) => { rule.incentive = e.target.value; } },
      settings.policies.map((p) => h('option', { value: p.name, selected: p.name === rule.incentive }, p.name)));
    const seekers = h('input', { type: 'checkbox', checked: rule.allowDiscountSeekers, onChange: (e) => { rule.allowDiscountSeekers = e.target.checked; } });
    const move = (delta) => { const [r] = rules.splice(i, 1); rules.splice(i + delta, 0, r); drawRules(); };
    return h('li', { class: 'rule', 'data-field': `rules[${i}]`, 'data-rule': rule.name },
      h('div', { class: 'rule-head' },
        h('span', { class: 'rule-number' }, i + 1),
        field('Name', name, { path: `rules[${i}].name` }),
        h('div', { class: 'rule-tools' },
          button('↑', () => move(-1), { disabled: i === 0 }),
          button('↓', () => move(1), { disabled: i === rules.length - 1 }),
          button('Remove', () => { rules.splice(i, 1); drawRules(); }))),
      h('div', { class: 'conditions' },
        rule.conditions.length === 0 ? h('p', { class: 'muted' }, 'No conditions: matches every shopper who reaches this rule.') : null,
        rule.conditions.map((condition, c) => conditionRow(rule, condition, i, c)),
        button('Add condition', () => { rule.conditions.push({ fact: 'cart_value', operator: 'gte', value: 100 }); drawRules(); })),
      h('div', { class: 'grid-3' },
        field('Template variant', variant, { path: `rules[${i}].variant` }),
        field('Incentive policy', incentive, { path: `rules[${i}].incentive` }),
        h('label', { class: 'check' }, seekers, ' Discount seekers may get a code too')),
      h('p', { class: 'field-error', role: 'alert', hidden: true }));
  }

  function conditionRow(rule, condition, i, c) {
    const path = `rules[${i}].conditions[${c}]`;
    const kind = facts[condition.fact]?.[1] ?? 'number';
    const factSelect = h('select', { 'aria-label': 'Fact' }, Object.entries(facts).map(([key, [label]]) => h('option', { value: key, selected: key === condition.fact }, label)));
    factSelect.addEventListener('change', () => {
      const next = facts[factSelect.value][1];
      condition.fact = factSelect.value;
      condition.operator = operators[next][0][0];
      condition.value = next === 'boolean' ? true : next === 'number' ? 0 : next === 'text' ? 'new' : '';
      drawRules();
    });
    const operatorSelect = h('select', { 'aria-label': 'Operator' }, operators[kind].map(([key, label]) => h('option', { value: key, selected: key === condition.operator }, label)));
    operatorSelect.addEventListener('change', () => {
      const wasList = isList(condition.operator);
      condition.operator = operatorSelect.value;
      if (wasList !== isList(condition.operator)) condition.value = isList(condition.operator) ? [].concat(condition.value ?? []) : [].concat(condition.value ?? [])[0] ?? null;
      drawRules();
    });
    return h('div', { class: 'condition', 'data-field': path },
      h('div', { class: 'inline' }, factSelect, operatorSelect, valueInput(condition, kind, path),
        button('✕', () => { rule.conditions.splice(c, 1); drawRules(); })),
      h('p', { class: 'field-error', role: 'alert', hidden: true }));
  }

  function valueInput(condition, kind, path) {
    const wrap = (control) => h('span', { class: 'value', 'data-field': `${path}.value` }, control, h('span', { class: 'field-error', role: 'alert', hidden: true }));
    if (kind === 'boolean') {
      const select = h('select', { 'aria-label': 'Value' }, h('option', { value: 'true', selected: condition.value === true }, 'yes'), h('option', { value: 'false', selected: condition.value === false }, 'no'));
      select.addEventListener('change', () => { condition.value = select.value === 'true'; });
      return wrap(select);
    }
    if (kind === 'text' && !isList(condition.operator)) {
      const select = h('select', { 'aria-label': 'Value' }, rfmGroups.map((g) => h('option', { value: g, selected: g === condition.value }, g)));
      select.addEventListener('change', () => { condition.value = select.value; });
      return wrap(select);
    }
    const list = isList(condition.operator);
    const shown = list ? [].concat(condition.value ?? []).join(', ') : condition.value ?? '';
    const input = h('input', { type: kind === 'number' && !list ? 'number' : 'text', value: shown, 'aria-label': 'Value', placeholder: list ? 'comma, separated' : '' });
    input.addEventListener('input', () => {
      const parse = (v) => (kind === 'number' ? (v.trim() === '' ? null : Number(v)) : v.trim());
      condition.value = list ? input.value.split(',').filter((v) => v.trim() !== '').map(parse) : parse(input.value);
    });
    return wrap(input);
  }

  const whoMatches = button('Who matches?', async () => {
    await busy(whoMatches, async () => {
      try {
        const result = await post('/api/segments/preview', { rules });
        clearErrors(rulesForm);
        replace(preview, matches(result));
      } catch (error) {
        if (error.status === 400) showErrors(rulesForm, error.errors, 'Fix the rules to see who they match');
        else toast(error.message, true);
      }
    });
  }, { id: 'who-matches-button' });

  const saveRules = button('Save rules', async () => {
    await busy(saveRules, async () => {
      try {
        rules = structuredClone((await put('/api/segments', { rules })).rules);
        drawRules();
        clearErrors(rulesForm);
        toast('Rules saved');
      } catch (error) {
        if (error.status === 400) {
          showErrors(rulesForm, error.errors, 'The rules were not saved');
          toast('The rules were not saved', true);
        } else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'save-rules' });

  rulesForm.append(
    h('p', { class: 'muted' }, 'Rules are checked top to bottom; the first one whose conditions all hold decides the email variant and the incentive. End with a rule without conditions to catch everyone.'),
    rulesHolder,
    h('div', { class: 'actions' },
      button('Add rule', () => { rules.push({ name: `rule-${rules.length + 1}`, conditions: [], variant: 'default', incentive: settings.policies[0]?.name ?? 'none', allowDiscountSeekers: false }); drawRules(); }),
      whoMatches, saveRules),
    preview);
  drawRules();

  return page('Segments & incentives',
    section('Segment rules', rulesForm),
    incentivesSection(settings, (next) => { settings = next; drawRules(); }));
}

function matches(result) {
  if (result.considered === 0)
    return h('p', { class: 'empty' }, 'No journeys yet: once shoppers abandon checkouts, this shows which rule each would match.');
  return h('div', { class: 'stack' },
    h('h3', null, `Who matches (last ${result.considered} journeys)`),
    h('div', { class: 'chips', id: 'match-counts' }, result.byRule.map((r) => h('span', { class: 'chip', 'data-rule': r.rule ?? '' }, `${r.rule ?? 'No rule'}: ${r.journeys}`))),
    table(['Shopper', 'Cart', 'Rule', 'Variant', 'Incentive', 'Discount'], result.journeys.map((j) => h('tr', { 'data-journey': j.journeyId },
      h('td', null, j.customerName ?? j.email ?? 'Guest'),
      h('td', { class: 'num' }, money(j.cartValue, j.currency)),
      h('td', { class: 'match-rule' }, j.rule ?? 'No rule'),
      h('td', null, j.variant),
      h('td', null, j.incentive),
      h('td', null, j.discount.percent > 0 || j.discount.freeShipping
        ? `${j.discount.percent > 0 ? `${j.discount.percent}% off` : ''}${j.discount.freeShipping ? ' + free shipping' : ''} in email ${j.discount.step}`
        : h('span', { class: 'muted' }, reasonText(j.discount.reason)))))));
}

const reasonText = (reason) => ({
  policy_gives_none: 'none (policy)',
  discount_seeker: 'none (discount seeker)',
  below_minimum_cart: 'none (below minimum cart)',
  below_first_tier: 'none (below first tier)',
  never_in_first_step: 'none (first email)',
  no_enabled_step: 'none (no email on)',
}[reason] ?? `none (${reason})`);

function incentivesSection(initial, onSaved) {
  let settings = structuredClone(initial);
  const form = h('form', { id: 'incentives-form', novalidate: true, onSubmit: (e) => e.preventDefault() });
  const estimate = h('div', { id: 'estimate' });
  const g = settings.guardrails;
  const num = (key, attrs) => {
    const input = h('input', { type: 'number', value: g[key], ...attrs });
    input.addEventListener('input', () => { g[key] = input.value === '' ? null : Number(input.value); refresh(); });
    return input;
  };
  const oneCode = h('input', { type: 'checkbox', checked: g.oneLiveCodePerCustomer });
  oneCode.addEventListener('change', () => { g.oneLiveCodePerCustomer = oneCode.checked; refresh(); });
  const policies = h('div', { class: 'stack', id: 'policies' });

  function drawPolicies() {
    policies.replaceChildren(...settings.policies.map((policy, i) => h('div', { class: 'policy', 'data-field': `policies[${i}]` },
      h('div', { class: 'grid-2' },
        field('Policy name', h('input', { type: 'text', value: policy.name, onInput: (e) => { policy.name = e.target.value; } }), { path: `policies[${i}].name` }),
        field('Email that carries the code', h('input', { type: 'number', min: 2, value: policy.step ?? '', placeholder: 'the last email', onInput: (e) => { policy.step = e.target.value === '' ? null : Number(e.target.value); refresh(); } }), { path: `policies[${i}].step` })),
      policy.tiers.length === 0 ? h('p', { class: 'muted' }, 'No tiers: this policy never gives a discount.') : null,
      policy.tiers.map((tier, t) => h('div', { class: 'tier grid-3', 'data-field': `policies[${i}].tiers[${t}]` },
        field('Cart from', h('input', { type: 'number', min: 0, value: tier.minimumCart, onInput: (e) => { tier.minimumCart = Number(e.target.value); refresh(); } }), { path: `policies[${i}].tiers[${t}].minimumCart` }),
        field('Percent off', h('input', { type: 'number', min: 0, max: 100, value: tier.percent, onInput: (e) => { tier.percent = Number(e.target.value); refresh(); } }), { path: `policies[${i}].tiers[${t}].percent` }),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: tier.freeShipping, onChange: (e) => { tier.freeShipping = e.target.checked; refresh(); } }), ' Free shipping'),
        h('p', { class: 'field-error', role: 'alert', hidden: true }))),
      h('div', { class: 'actions' },
        button('Add tier', () => { const last = policy.tiers.at(-1); policy.tiers.push({ minimumCart: (last?.minimumCart ?? 0) + 50, percent: 5, freeShipping: false }); drawPolicies(); refresh(); }),
        policy.tiers.length ? button('Remove last tier', () => { policy.tiers.pop(); drawPolicies(); refresh(); }) : null),
      h('p', { class: 'field-error', role: 'alert', hidden: true }))));
  }

  const refresh = debounce(async () => {
    try {
      const result = await post('/api/incentives/estimate', settings);
      clearErrors(form);
      replace(estimate, estimateView(result));
    } catch (error) {
      if (error.status === 400) showErrors(form, error.errors, 'These guardrails are not valid');
    }
  }, 400);

  const save = button('Save guardrails', async () => {
    await busy(save, async () => {
      try {
        settings = await put('/api/incentives', settings);
        clearErrors(form);
        onSaved(settings);
        toast('Guardrails saved');
      } catch (error) {
        if (error.status === 400) {
          showErrors(form, error.errors, 'The guardrails were not saved');
          toast('The guardrails were not saved', true);
        } else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'save-incentives' });

  form.append(
    h('div', { class: 'grid-3' },
      field('Maximum discount (%)', num('maxPercent', { min: 0, max: 90, id: 'g-max' }), { path: 'guardrails.maxPercent' }),
      field('No code below a cart of', num('minimumCart', { min: 0, id: 'g-min-cart' }), { path: 'guardrails.minimumCart' }),
      field('Codes valid for (hours)', num('codeValidityHours', { min: 1, max: 720, id: 'g-validity' }), { path: 'guardrails.codeValidityHours' }),
      field('Typical gross margin (%)', num('grossMarginPercent', { min: 0, max: 100, id: 'g-margin' }), { path: 'guardrails.grossMarginPercent' }),
      field('Margin that must remain (%)', num('marginFloorPercent', { min: 0, max: 100, id: 'g-floor' }), { path: 'guardrails.marginFloorPercent' }),
      h('label', { class: 'check' }, oneCode, ' One live code per customer')),
    h('p', { class: 'muted' }, 'The first email never carries a code, and discount seekers get none unless their rule allows it.'),
    h('h3', null, 'Policies'),
    policies,
    h('div', { class: 'actions' }, save),
    h('h3', null, 'Estimated discount cost'),
    estimate);
  drawPolicies();
  refresh();
  return section('Incentive guardrails', form);
}

function estimateView(e) {
  if (e.journeys === 0)
    return h('p', { class: 'empty' }, `No journeys in the last ${e.periodDays} days to estimate from yet.`);
  return h('div', { class: 'stack' },
    h('p', { id: 'estimate-summary' },
      `Over the last ${e.periodDays} days, ${number(e.codes)} of ${number(e.journeys)} journeys would have received a code: at most `,
      h('strong', null, money(e.maximumCost, e.currency)),
      ' if every code were used',
      e.expectedCost !== null ? [', about ', h('strong', null, money(e.expectedCost, e.currency)), ` at your recovery rate of ${percent(e.recoveryRate)}`] : '',
      '.'),
    table(['Policy', 'Cart from', 'Discount', 'Journeys', 'Average cart', 'Cost if all used'], e.tiers.map((t) => h('tr', null,
      h('td', null, t.policy), h('td', { class: 'num' }, money(t.minimumCart, e.currency)),
      h('td', null, `${t.percent}%${t.freeShipping ? ' + free shipping' : ''}`), h('td', null, number(t.journeys)),
      h('td', { class: 'num' }, money(t.averageCart, e.currency)), h('td', { class: 'num' }, money(t.maximumCost, e.currency))))));
}
