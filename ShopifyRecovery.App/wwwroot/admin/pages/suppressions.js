// Suppressed addresses: unsubscribes, bounces and complaints are added automatically; merchants can add or remove.
import { get, post, del } from '../api.js';
import { h, page, section, field, showErrors, clearErrors, toast, button, busy, dateTime, badge, table, pager, replace } from '../ui.js';

export async function render({ signal }) {
  const results = h('div', { id: 'suppressions' });
  const search = h('input', { type: 'search', placeholder: 'Search addresses', 'aria-label': 'Search addresses', id: 'suppression-search' });
  let pageNumber = 1;

  async function load() {
    const params = new URLSearchParams({ page: pageNumber, pageSize: 25 });
    if (search.value.trim()) params.set('search', search.value.trim());
    const list = await get(`/api/suppressions?${params}`, { signal });
    replace(results,
      table(['Address', 'Reason', 'Since', 'Note', ''], list.items.map((s) => {
        const remove = button('Remove', async () => {
          if (!confirm(`Email ${s.email} again? Only do this if the shopper has asked to hear from you.`)) return;
          await busy(remove, async () => {
            await del(`/api/suppressions/${encodeURIComponent(s.email)}`);
            toast(`${s.email} removed`);
            await load();
          });
        });
        return h('tr', { 'data-email': s.email }, h('td', null, s.email), h('td', null, badge(s.reason, s.reason === 'Manual' ? 'info' : 'warning')),
          h('td', null, dateTime(s.createdAt)), h('td', null, s.note ?? ''), h('td', null, remove));
      }), { empty: 'No suppressed addresses.' }),
      pager(list, (n) => { pageNumber = n; load(); }));
  }

  const form = h('form', { id: 'suppression-form', novalidate: true, onSubmit: (e) => e.preventDefault() });
  const email = h('input', { type: 'email', id: 'suppression-email', autocomplete: 'off' });
  const note = h('input', { type: 'text', id: 'suppression-note', maxlength: 500 });
  const add = button('Add', async () => {
    await busy(add, async () => {
      try {
        await post('/api/suppressions', { email: email.value, note: note.value || null });
        clearErrors(form);
        toast(`${email.value.trim().toLowerCase()} will not be emailed`);
        email.value = '';
        note.value = '';
        await load();
      } catch (error) {
        if (error.status === 400) showErrors(form, error.errors, 'The address was not added');
        else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'add-suppression' });
  form.append(h('div', { class: 'grid-3' }, field('Email address', email, { path: 'email' }), field('Note (optional)', note, { path: 'note' }), h('div', { class: 'actions bottom' }, add)));

  search.addEventListener('change', () => { pageNumber = 1; load(); });
  await load();
  return page('Suppressed addresses',
    h('p', { class: 'muted' }, 'No recovery email ever goes to these addresses. Shoppers who unsubscribe, bounce or report spam are added automatically.'),
    section('Add an address', form),
    section('Addresses', h('div', { class: 'toolbar' }, search), results));
}
