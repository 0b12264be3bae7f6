// wellcheck.js: defines <wellcheck-questionnaire>, the one file a web page loads.
//
//   <script type="module" src="/wellcheck/wellcheck.js"></script>
//   <wellcheck-questionnaire instrument="ucla-3"></wellcheck-questionnaire>
//
// Attributes (strings): instrument or battery, language (en, cy), mode (paged,
// single-page), theme (nhs, plain), resume (on, off).
// JavaScript API for structured options:
//   element.configure({ practiceName, signposting: [{ text, href }], licensedText,
//                       onComplete(detail), onFlag(detail) })
// element.fhirBundle() returns the FHIR R4 Bundle of the last completed form.
// Events on the element (bubble, composed): `wellcheck-complete` with the result object,
// `wellcheck-flag` with { instrument, flag } the moment an answer raises a flag.
//
// Everything the element needs (the WebAssembly module, its glue and the stylesheet) is
// fetched from this file's own folder; nothing else is requested, and no data leaves the page
// except through those events and callbacks.

import init, { mount } from './wellcheck_web.js';

const here = new URL('.', import.meta.url);
let loading = null;

function loadModule() {
  loading ??= init({ module_or_path: new URL('wellcheck_web_bg.wasm', here) });
  return loading;
}

const ATTRIBUTES = ['instrument', 'battery', 'language', 'mode', 'theme', 'resume'];
// Options passed to the widget as data; callbacks stay here in JavaScript.
const DATA_OPTIONS = ['practiceName', 'signposting', 'licensedText'];

class WellcheckQuestionnaire extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this.options = {};
  }

  /** Structured options: practiceName, signposting, licensedText, onComplete, onFlag. */
  configure(options = {}) {
    const unknown = Object.keys(options).filter(
      (key) => !DATA_OPTIONS.includes(key) && key !== 'onComplete' && key !== 'onFlag',
    );
    if (unknown.length > 0) {
      console.error(`wellcheck: unknown option(s) ${unknown.join(', ')}`);
    }
    this.options = { ...this.options, ...options };
    if (this.container) this.render();
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

  settings() {
    const settings = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value === null) continue;
      settings[name] = name === 'resume' ? !['off', 'false', 'no'].includes(value.trim().toLowerCase()) : value;
    }
    for (const name of DATA_OPTIONS) {
      if (this.options[name] !== undefined) settings[name] = this.options[name];
    }
    return settings;
  }

  /** The FHIR R4 Bundle (QuestionnaireResponse + Observations) of the last completed form,
   *  or a list of them for a battery; null before completion. Made by the same core code as
   *  `wellcheck fhir response`. */
  fhirBundle() {
    return this.lastFhir ?? null;
  }

  emit(kind, json) {
    if (kind === 'fhir') {
      this.lastFhir = JSON.parse(json);
      return;
    }
    const detail = JSON.parse(json);
    const name = kind === 'complete' ? 'wellcheck-complete' : 'wellcheck-flag';
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    const callback = kind === 'complete' ? this.options.onComplete : this.options.onFlag;
    if (typeof callback === 'function') {
      try {
        callback(detail);
      } catch (error) {
        console.error('wellcheck: the host callback failed', error);
      }
    }
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
    this.handle = mount(container, JSON.stringify(this.settings()), (kind, json) => this.emit(kind, json));
  }
}

// A second copy of this script (or another version of it) on the same page must not break
// the first: the first definition wins.
if (!customElements.get('wellcheck-questionnaire')) {
  customElements.define('wellcheck-questionnaire', WellcheckQuestionnaire);
}
