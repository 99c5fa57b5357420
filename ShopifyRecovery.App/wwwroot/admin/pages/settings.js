// Settings: who the emails come from, the footer address the law requires, how long data is kept, and delivery.
import { get, put, post, plan as currentPlan } from '../api.js';
import { h, page, section, field, showErrors, clearErrors, toast, button, busy, replace, banner } from '../ui.js';

export async function render({ signal }) {
  const [s, plan] = await Promise.all([get('/api/settings', { signal }), currentPlan()]);
  const form = h('form', { id: 'settings-form', novalidate: true, onSubmit: (e) => e.preventDefault() });
  const senderName = h('input', { type: 'text', id: 'sender-name', value: s.senderName ?? '', placeholder: s.shopName ?? '', maxlength: 100 });
  const replyTo = h('input', { type: 'email', id: 'reply-to', value: s.replyTo ?? '', placeholder: s.shopEmail ?? '' });
  const footer = h('textarea', { id: 'footer-address', rows: 3 });
  footer.value = s.footerAddress ?? '';
  const retention = h('input', { type: 'number', id: 'retention-days', min: 30, max: 3650, value: s.retentionDays });

  const save = button('Save', async () => {
    await busy(save, async () => {
      try {
        await put('/api/settings', { senderName: senderName.value, replyTo: replyTo.value, footerAddress: footer.value, retentionDays: Number(retention.value) });
        clearErrors(form);
        toast('Settings saved');
      } catch (error) {
        if (error.status === 400) showErrors(form, error.errors, 'The settings were not saved');
        else toast(error.message, true);
      }
    });
  }, { variant: 'primary', id: 'save-settings' });

  const checkResult = h('div', { id: 'sendgrid-result' });
  const check = button('Check email delivery', async () => {
    await busy(check, async () => {
      const result = await post('/api/settings/sendgrid-check');
      const tone = result.provider !== 'SendGrid' ? 'info' : result.reachable ? 'success' : 'critical';
      replace(checkResult, banner(tone, `Provider: ${result.provider}`, h('p', null, result.message)));
    });
  }, { id: 'check-sendgrid' });

  form.append(
    section('Sender',
      field('Sender name', senderName, { path: 'senderName', help: 'Shown as the From name. Empty: your shop name.' }),
      field('Reply-to address', replyTo, { path: 'replyTo', help: 'Where shoppers\' replies go. Empty: your shop email.' }),
      field('Footer address', footer, { path: 'footerAddress', help: 'Your postal address, shown in every email footer.' })),
    section('Data',
      field('Keep journeys and emails for (days)', retention, { path: 'retentionDays', help: 'Older personal data is deleted; totals on the dashboard stay.' })),
    h('div', { class: 'page-actions' }, save));
  return page('Settings',
    form,
    // Where plans are not charged (development stores, the playground) there is nothing to choose.
    plan.required ? section('Plan',
      h('p', { id: 'plan-status' }, planText(plan)),
      h('a', { href: plan.selectionUrl, target: '_top', id: 'change-plan' }, plan.status === 'ACTIVE' ? 'Change plan' : 'Choose a plan')) : null,
    section('Email delivery', h('p', { class: 'muted' }, 'Checks that the email provider is configured and accepts the app\'s key.'), check, checkResult),
    section('Suppressed addresses', h('p', null, h('a', { href: '/suppressions', 'data-nav': true }, 'Manage addresses that are never emailed'))));
}

function planText(plan) {
  if (plan.status === 'ACTIVE') return `${plan.planName ?? 'Your plan'}${plan.test ? ' (test charge)' : ''} is active.`;
  const state = plan.status ? `Your plan is ${plan.status.toLowerCase()}.` : 'No plan chosen yet.';
  return `${state} Recovery emails are paused until a plan is active.`;
}
