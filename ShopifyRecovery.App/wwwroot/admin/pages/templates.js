// Template editor: Liquid per step and variant, with line numbers, errors that point at part and line, a live
// preview in a sandboxed iframe (no scripts, no same-origin), test sends, version history and reset.
import { get, put, post } from '../api.js';
import { h, page, section, toast, button, busy, debounce, dateTime, duration, replace, table } from '../ui.js';

const parts = { subject: 'Subject', preheader: 'Preheader', html: 'HTML', text: 'Plain text' };

export async function render({ signal }) {
  const list = await get('/api/templates', { signal });
  const params = new URLSearchParams(location.search);
  let step = Number(params.get('step')) || list.steps[0]?.step || 1;
  let variant = params.get('variant') || 'default';

  const stepSelect = h('select', { id: 'template-step', 'aria-label': 'Email' },
    list.steps.map((s) => h('option', { value: s.step, selected: s.step === step }, `Email ${s.step} · after ${duration(s.delayMinutes)}${s.enabled ? '' : ' (off)'}`)));
  const variantSelect = h('select', { id: 'template-variant', 'aria-label': 'Variant' },
    list.variants.map((v) => h('option', { value: v, selected: v === variant }, v)));
  const status = h('span', { class: 'muted', id: 'template-status' });

  const subject = h('input', { type: 'text', id: 'template-subject', spellcheck: 'true' });
  const preheader = h('input', { type: 'text', id: 'template-preheader' });
  const html = codeEditor('template-html', 'HTML');
  const text = codeEditor('template-text', 'Plain text');
  const editors = { html, text };
  const tabs = tabSet([['html', 'HTML', html.root], ['text', 'Plain text', text.root]]);
  const errorList = h('div', { id: 'template-errors', class: 'error-list', 'aria-live': 'polite' });

  const previewWith = h('select', { id: 'preview-with', 'aria-label': 'Preview with' }, h('option', { value: '' }, 'A sample shopper'));
  get('/api/journeys?pageSize=10', { signal }).then((journeys) => {
    for (const j of journeys.items) previewWith.append(h('option', { value: j.id }, `${j.customerName ?? j.email ?? 'Guest'} · ${dateTime(j.createdAt)}`));
  }).catch(() => {});
  const previewSubject = h('p', { class: 'preview-subject', id: 'preview-subject' });
  const previewPreheader = h('p', { class: 'preview-preheader muted', id: 'preview-preheader' });
  const frame = h('iframe', { id: 'preview-frame', sandbox: '', title: 'Email preview', class: 'preview-frame' });
  const previewText = h('pre', { id: 'preview-text', class: 'preview-text' });
  const previewTabs = tabSet([['html', 'Email', frame], ['text', 'Plain text', previewText]]);
  const previewState = h('p', { class: 'muted', id: 'preview-state' });

  const source = () => ({ subject: subject.value, preheader: preheader.value, html: html.value(), text: text.value() });
  let sequence = 0;

  function showTemplateErrors(errors) {
    html.markErrors(errors.filter((e) => e.part === 'html').map((e) => e.line));
    text.markErrors(errors.filter((e) => e.part === 'text').map((e) => e.line));
    subject.closest('.field').classList.toggle('has-error', errors.some((e) => e.part === 'subject'));
    preheader.closest('.field').classList.toggle('has-error', errors.some((e) => e.part === 'preheader'));
    if (errors.length === 0) {
      errorList.replaceChildren();
      return;
    }
    errorList.replaceChildren(h('s-banner', { tone: 'critical', heading: `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} in this template` },
      h('ul', null, errors.map((e) => h('li', { class: 'template-error', 'data-part': e.part, 'data-line': e.line },
        h('a', { href: '#', onClick: (event) => { event.preventDefault(); jumpTo(e); } }, `${parts[e.part] ?? e.part}, line ${e.line}`),
        `, column ${e.column}: ${e.message}`)))));
  }

  function jumpTo(error) {
    if (error.part === 'subject') return subject.focus();
    if (error.part === 'preheader') return preheader.focus();
    tabs.select(error.part);
    editors[error.part]?.goToLine(error.line);
  }

  const refreshPreview = debounce(async () => {
    const mine = ++sequence;
    previewState.textContent = 'Updating preview…';
    try {
      const preview = await post(`/api/templates/${step}/${encodeURIComponent(variant)}/preview`,
        { source: source(), journeyId: previewWith.value || null });
      if (mine !== sequence) return;
      showTemplateErrors([]);
      previewSubject.textContent = preview.subject;
      previewPreheader.textContent = preview.preheader;
      frame.srcdoc = preview.html;
      previewText.textContent = preview.text;
      frame.classList.remove('stale');
      previewState.textContent = preview.basedOn === 'journey' ? 'Rendered with the selected journey.' : 'Rendered with a sample shopper.';
    } catch (error) {
      if (mine !== sequence) return;
      frame.classList.add('stale');
      if (error.status === 400 && error.problem.templateErrors) {
        showTemplateErrors(error.problem.templateErrors);
        previewState.textContent = 'Fix the problems to update the preview.';
      } else previewState.textContent = error.message;
    }
  }, 400);

  for (const input of [subject, preheader]) input.addEventListener('input', refreshPreview);
  html.onInput(refreshPreview);
  text.onInput(refreshPreview);
  previewWith.addEventListener('change', refreshPreview);

  function fill(view) {
    subject.value = view.source.subject;
    preheader.value = view.source.preheader;
    html.setValue(view.source.html);
    text.setValue(view.source.text);
    status.textContent = view.customized
      ? `Customized · version ${view.version} · saved ${dateTime(view.updatedAt)}`
      : view.version > 0 ? `Shipped default · version ${view.version}` : 'Shipped default';
    showTemplateErrors([]);
    refreshPreview();
  }

  async function load() {
    const query = new URLSearchParams(location.search);
    query.set('step', step);
    query.set('variant', variant);
    history.replaceState(null, '', `${location.pathname}?${query}`);
    fill(await get(`/api/templates/${step}/${encodeURIComponent(variant)}`));
    await loadVersions();
  }

  const versions = h('div', { id: 'template-versions' });
  async function loadVersions() {
    const page_ = await get(`/api/templates/${step}/${encodeURIComponent(variant)}/versions?pageSize=20`);
    replace(versions, table(['Version', 'Saved', 'Subject', ''], page_.items.map((v) => h('tr', null,
      h('td', null, `v${v.version}`), h('td', null, dateTime(v.savedAt)), h('td', null, v.subject),
      h('td', null, restoreButton(v.version)))), { empty: 'No saved versions yet: this email uses the shipped default.' }));
  }

  function restoreButton(version) {
    const restore = button('Restore', async () => {
      await busy(restore, async () => {
        try {
          fill(await post(`/api/templates/${step}/${encodeURIComponent(variant)}/versions/${version}/restore`));
          await loadVersions();
          toast(`Version ${version} restored`);
        } catch (error) {
          toast(error.message, true);
        }
      });
    });
    restore.dataset.version = version;
    return restore;
  }

  const save = button('Save', async () => {
    await busy(save, async () => {
      try {
        fill(await put(`/api/templates/${step}/${encodeURIComponent(variant)}`, source()));
        await loadVersions();
        toast('Template saved');
      } catch (error) {
        if (error.status === 400 && error.problem.templateErrors) {
          showTemplateErrors(error.problem.templateErrors);
          toast('The template was not saved', true);
        } else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'save-template' });

  const testSend = button('Send test', async () => {
    await busy(testSend, async () => {
      try {
        const result = await post(`/api/templates/${step}/${encodeURIComponent(variant)}/test-send`, { source: source() });
        toast(result.status === 'Sent' ? `Test sent to ${result.to} (${result.provider})` : `Test not sent: ${result.error ?? result.status}`, result.status !== 'Sent');
      } catch (error) {
        if (error.problem?.templateErrors) showTemplateErrors(error.problem.templateErrors);
        toast(error.message, true);
      }
    });
  }, { id: 'test-send' });

  const reset = button('Reset to default', async () => {
    if (!confirm('Replace this email with the shipped default? Your version stays in the history.')) return;
    await busy(reset, async () => {
      fill(await post(`/api/templates/${step}/${encodeURIComponent(variant)}/reset`));
      await loadVersions();
      toast('Template reset to the default');
    });
  }, { id: 'reset-template' });

  stepSelect.addEventListener('change', () => { step = Number(stepSelect.value); load(); });
  variantSelect.addEventListener('change', () => { variant = variantSelect.value; load(); });

  const view = page('Templates',
    h('div', { class: 'toolbar' }, stepSelect, variantSelect, status),
    h('div', { class: 'editor-layout' },
      h('div', { class: 'stack' },
        section('Email',
          h('div', { class: 'field', 'data-field': 'subject' }, h('label', { for: 'template-subject' }, 'Subject'), subject),
          h('div', { class: 'field', 'data-field': 'preheader' }, h('label', { for: 'template-preheader' }, 'Preheader'), preheader,
            h('p', { class: 'help' }, 'The line inboxes show after the subject.')),
          tabs.root,
          errorList,
          h('p', { class: 'help' }, 'Liquid: {{ customer.first_name }}, {{ cart.lines }}, {{ cart.total | money }}, {{ recovery_url }}, {{ discount.code }}, {{ unsubscribe_url }} (required).'),
          h('div', { class: 'actions' }, save, testSend, reset)),
        section('History', versions)),
      section('Preview',
        h('div', { class: 'toolbar' }, h('label', { for: 'preview-with' }, 'Preview with'), previewWith),
        h('div', { class: 'inbox-line' }, previewSubject, previewPreheader),
        previewTabs.root,
        previewState)));
  await load();
  return view;
}

/** A textarea with a line-number gutter; lines with errors are marked in the gutter. */
function codeEditor(id, label) {
  const area = h('textarea', { id, class: 'code', spellcheck: 'false', wrap: 'off', 'aria-label': label, rows: 22 });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  let errorLines = new Set();
  const draw = () => {
    const count = area.value.split('\n').length;
    gutter.replaceChildren(...Array.from({ length: count }, (_, i) => h('span', { class: errorLines.has(i + 1) ? 'line error' : 'line', 'data-line': i + 1 }, i + 1)));
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener('input', draw);
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  return {
    root: h('div', { class: 'code-editor' }, gutter, area),
    value: () => area.value,
    setValue(value) { area.value = value; draw(); },
    onInput(fn) { area.addEventListener('input', fn); },
    markErrors(lines) { errorLines = new Set(lines); draw(); },
    goToLine(line) {
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      area.scrollTop = Math.max(0, (line - 4) * 18);
    },
  };
}

function tabSet(items) {
  const buttons = items.map(([key, label]) => h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': key, onClick: () => select(key) }, label));
  const panels = items.map(([key, , content]) => h('div', { role: 'tabpanel', class: 'tab-panel', 'data-panel': key }, content));
  function select(key) {
    buttons.forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === key)));
    panels.forEach((p) => { p.hidden = p.dataset.panel !== key; });
  }
  select(items[0][0]);
  return { root: h('div', { class: 'tabs' }, h('div', { role: 'tablist', class: 'tablist' }, buttons), panels), select };
}
