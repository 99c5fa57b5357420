// Playground stand-in for Polaris web components (https://cdn.shopify.com/shopifycloud/polaris.js): just enough of
// <s-app-nav>, <s-link>, <s-page>, <s-section>, <s-button>, <s-badge> and <s-banner> for the admin to work offline.
// Looks come from admin.css under html.sim-polaris; navigation raises 'shopify:navigate' as App Bridge does.
(function () {
  'use strict';
  document.documentElement.classList.add('sim-polaris');
  document.documentElement.dataset.mode = document.querySelector('meta[name="app-mode"]')?.content ?? 'shopify';

  class AppNav extends HTMLElement {
    connectedCallback() {
      this.setAttribute('role', 'navigation');
      this.setAttribute('aria-label', 'App navigation');
      markCurrent(this);
      window.addEventListener('popstate', () => markCurrent(this));
      document.addEventListener('app:routed', () => markCurrent(this));
    }
  }

  function markCurrent(nav) {
    const path = location.pathname;
    for (const link of nav.querySelectorAll('s-link')) {
      const href = link.getAttribute('href');
      const current = href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
      link.toggleAttribute('data-current', current);
    }
  }

  class Link extends HTMLElement {
    connectedCallback() {
      if (this.hasAttribute('data-ready')) return;
      this.setAttribute('data-ready', '');
      this.setAttribute('role', 'link');
      this.tabIndex = 0;
      const go = (event) => {
        event.preventDefault();
        this.dispatchEvent(new CustomEvent('shopify:navigate', { bubbles: true, composed: true }));
      };
      this.addEventListener('click', go);
      this.addEventListener('keydown', (event) => { if (event.key === 'Enter') go(event); });
    }
  }

  class Button extends HTMLElement {
    static get observedAttributes() { return ['disabled', 'loading']; }
    connectedCallback() {
      if (this.hasAttribute('data-ready')) return;
      this.setAttribute('data-ready', '');
      this.setAttribute('role', 'button');
      this.sync();
      this.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); this.click(); }
      });
      // A disabled or busy button swallows clicks, as Polaris' does.
      this.addEventListener('click', (event) => {
        if (this.disabled || this.hasAttribute('loading')) event.stopImmediatePropagation();
      }, true);
    }
    attributeChangedCallback() { this.sync(); }
    sync() {
      const off = this.disabled || this.hasAttribute('loading');
      this.tabIndex = off ? -1 : 0;
      this.setAttribute('aria-disabled', String(off));
    }
    get disabled() { return this.hasAttribute('disabled'); }
    set disabled(value) { this.toggleAttribute('disabled', Boolean(value)); }
  }

  class Plain extends HTMLElement {}

  const define = (name, type) => { if (!customElements.get(name)) customElements.define(name, type); };
  define('s-app-nav', AppNav);
  define('s-link', Link);
  define('s-button', Button);
  for (const name of ['s-page', 's-section', 's-badge', 's-banner', 's-stack', 's-box', 's-text', 's-heading', 's-paragraph', 's-divider']) {
    define(name, class extends Plain {});
  }
})();
