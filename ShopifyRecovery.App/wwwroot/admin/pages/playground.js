// Playground only: abandon a checkout in the sandbox shop. The app posts it to itself as a signed
// checkouts/create webhook, so the journey and its emails follow exactly the production path.
import { get, post } from '../api.js';
import { h, money, section, toast, busy, button, isPlayground } from '../ui.js';

export function playgroundPanel({ onCreated } = {}) {
  if (!isPlayground()) return null;
  const holder = section('Try it: abandon a sandbox checkout');
  holder.classList.add('playground');
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, 'Loading the sandbox catalogue…'));
  holder.append(body);
  get('/api/playground/catalogue').then((catalogue) => {
    const customer = h('select', { id: 'pg-customer' },
      catalogue.customers.map((c) => h('option', { value: c.customerId }, `${c.name} — ${c.persona} (${c.marketingState})`)),
      h('option', { value: '' }, 'A guest shopper'));
    const products = catalogue.products.map((p, i) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: p.variantId, checked: i < 2 }),
      ` ${p.title}${p.variantTitle ? ` (${p.variantTitle})` : ''} · ${money(p.price, 'USD')}`));
    const create = button('Abandon this checkout', async () => {
      const lines = products.map((label) => label.querySelector('input')).filter((input) => input.checked)
        .map((input) => ({ variantId: Number(input.value), quantity: 1 }));
      if (lines.length === 0) {
        toast('Pick at least one product.', true);
        return;
      }
      const customerId = customer.value ? Number(customer.value) : null;
      await busy(create, async () => {
        try {
          const created = await post('/api/playground/checkouts', {
            customerId, guestEmail: customerId ? null : 'guest.shopper@example.com', lines,
          });
          toast(`Checkout abandoned (${money(created.total, created.currency)}). The first email is on its way.`);
          onCreated?.(created);
        } catch (error) {
          toast(error.message, true);
        }
      });
    }, { variant: 'primary', id: 'pg-create' });
    body.replaceChildren(
      h('p', { class: 'muted' }, 'You are in the playground: a sandbox shop with sample customers. Emails are written to the outbox folder instead of being sent.'),
      h('div', { class: 'field' }, h('label', { for: 'pg-customer' }, 'Shopper'), customer),
      h('fieldset', { class: 'products' }, h('legend', null, 'Cart'), products),
      h('div', { class: 'actions' }, create));
  }).catch((error) => body.replaceChildren(h('p', { class: 'field-error' }, error.message)));
  return holder;
}
