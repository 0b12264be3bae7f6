// wellcheck.js: defines <wellcheck-questionnaire>, the one file a web page loads.
//
//   <script type="module" src="/wellcheck/wellcheck.js"></script>
//   <wellcheck-questionnaire instrument="ucla-3"></wellcheck-questionnaire>
//
// Everything the element needs (the WebAssembly module, its glue and the stylesheet) is
// fetched from this file's own folder; nothing else is requested. Results leave the widget
// only as the `wellcheck-complete` event on the element (bubbles, composed).

import init, { mount } from './wellcheck_web.js';

const here = new URL('.', import.meta.url);
let loading = null;

function loadModule() {
  loading ??= init({ module_or_path: new URL('wellcheck_web_bg.wasm', here) });
  return loading;
}

class WellcheckQuestionnaire extends HTMLElement {
  static get observedAttributes() {
    return ['instrument'];
  }

  connectedCallback() {
    if (this.container) return; // Moved within the page: keep the person's answers.
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL('wellcheck.css', here).href;
    this.container = document.createElement('div');
    this.container.className = 'wc-root';
    shadow.append(style, this.container);
    this.render();
  }

  attributeChangedCallback() {
    if (this.container) this.render();
  }

  disconnectedCallback() {
    // Removing and re-adding in one task (a move) must not lose answers, so tear down later.
    queueMicrotask(() => {
      if (!this.isConnected) this.teardown();
    });
  }

  teardown() {
    this.handle?.destroy();
    this.handle = null;
    this.container?.remove();
    this.container = null;
  }

  async render() {
    const container = this.container;
    try {
      await loadModule();
    } catch (error) {
      container.textContent = 'This questionnaire could not be loaded. Please try again later.';
      console.error('wellcheck: could not load the WebAssembly module', error);
      return;
    }
    if (container !== this.container) return; // Torn down while loading.
    this.handle?.destroy();
    this.handle = mount(container, this.getAttribute('instrument') ?? '', (json) => {
      this.dispatchEvent(
        new CustomEvent('wellcheck-complete', { detail: JSON.parse(json), bubbles: true, composed: true }),
      );
    });
  }
}

if (!customElements.get('wellcheck-questionnaire')) {
  customElements.define('wellcheck-questionnaire', WellcheckQuestionnaire);
}
