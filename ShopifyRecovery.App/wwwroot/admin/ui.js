// Small DOM helpers shared by the pages: no framework, no build step.

/** h('div', {class: 'x', onClick: fn}, child, 'text', [more]) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value' || key === 'checked' || key === 'srcdoc') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const isPlayground = () => document.querySelector('meta[name="app-mode"]')?.content === 'playground';

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD' }).format(amount);
  } catch {
    return `${Number(amount).toFixed(2)} ${currency ?? ''}`.trim();
  }
}

export const percent = (value, digits = 1) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;

export const number = (value) => (value ?? 0).toLocaleString();

export function dateTime(value) {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function relative(value) {
  if (!value) return '—';
  const seconds = (new Date(value).getTime() - Date.now()) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds), 'second');
}

export function duration(minutes) {
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`;
  return `${minutes} min`;
}

export function toast(message, isError = false) {
  window.shopify?.toast?.show(message, { isError });
}

export function debounce(fn, wait) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

const tones = {
  Active: 'info', Recovered: 'success', Completed: 'neutral', Suppressed: 'warning', Expired: 'neutral',
  Sent: 'success', Pending: 'info', Unknown: 'warning', Failed: 'critical', Skipped: 'neutral',
  Created: 'success', Used: 'success', Deleted: 'neutral',
  Draft: 'neutral', Running: 'info', 'Winner declared': 'success', Stopped: 'neutral',
};

export const badge = (text, tone) => h('s-badge', { tone: tone ?? tones[text] ?? 'neutral' }, text);

export function button(label, onClick, { variant, id, disabled } = {}) {
  return h('s-button', { variant, id, disabled, onClick }, label);
}

/** Runs an action with the button marked busy, so a double click cannot send twice. */
export async function busy(buttonEl, action) {
  buttonEl.setAttribute('loading', '');
  try {
    return await action();
  } finally {
    buttonEl.removeAttribute('loading');
  }
}

export function banner(tone, heading, ...children) {
  return h('s-banner', { tone, heading }, ...children);
}

/** A labelled field; `path` ties it to validation errors ("steps[0].delayMinutes"). */
export function field(label, control, { path, help } = {}) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  if (path) control.dataset.path = path;
  return h('div', { class: 'field', 'data-field': path },
    h('label', { for: id }, label),
    control,
    help ? h('p', { class: 'help' }, help) : null,
    h('p', { class: 'field-error', role: 'alert', hidden: true }));
}

/**
 * Puts each error under the field whose path it names; the rest go into a banner at the top of `form`.
 * Returns the number of errors shown.
 */
export function showErrors(form, errors, heading = 'Please fix the highlighted fields') {
  clearErrors(form);
  const unplaced = [];
  for (const [path, messages] of Object.entries(errors ?? {})) {
    const holder = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (holder) {
      holder.classList.add('has-error');
      const text = errorSlot(holder);
      text.textContent = messages.join(' ');
      text.hidden = false;
    } else {
      unplaced.push(h('li', null, h('code', null, path), ' ', messages.join(' ')));
    }
  }
  const count = Object.keys(errors ?? {}).length;
  if (count > 0) {
    const summary = banner('critical', heading, unplaced.length ? h('ul', null, unplaced) : null);
    summary.classList.add('form-errors');
    form.prepend(summary);
    form.querySelector('.has-error input, .has-error select, .has-error textarea')?.focus();
  }
  return count;
}

const errorSlot = (holder) => holder.querySelector(':scope > .field-error') ?? holder.querySelector('.field-error');

export function clearErrors(form) {
  form.querySelectorAll('.form-errors').forEach((el) => el.remove());
  form.querySelectorAll('.has-error').forEach((el) => {
    el.classList.remove('has-error');
    const text = errorSlot(el);
    text.hidden = true;
    text.textContent = '';
  });
}

export function page(heading, ...children) {
  return h('s-page', { heading }, ...children);
}

export function section(heading, ...children) {
  return h('s-section', { heading }, ...children);
}

export function table(headers, rows, { empty = 'Nothing yet.', caption } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', null,
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', null, rows)));
}

export function pager(current, onPage) {
  if (!current || current.total <= current.pageSize) return null;
  const pages = Math.max(1, Math.ceil(current.total / current.pageSize));
  return h('div', { class: 'pager' },
    button('Previous', () => onPage(current.pageNumber - 1), { disabled: current.pageNumber <= 1 }),
    h('span', null, `Page ${current.pageNumber} of ${pages} · ${number(current.total)} in all`),
    button('Next', () => onPage(current.pageNumber + 1), { disabled: current.pageNumber >= pages }));
}

export function errorState(error) {
  return banner('critical', 'Something went wrong', h('p', null, error?.message ?? String(error)));
}
