// wellcheck.js: defines <wellcheck-questionnaire>, the one file a web page loads.
//
//   <script type="module" src="/wellcheck/wellcheck.js"></script>
//   <wellcheck-questionnaire instrument="ucla-3"></wellcheck-questionnaire>
//
// Attributes (strings): instrument or battery, language (en, cy), mode (paged,
// single-page), theme (nhs, plain), resume (tab: the default, answers in progress kept for
// this browser tab only; device: kept on this device until finished, and the page says so;
// off: nothing kept).
// JavaScript API for structured options, usable before or after this script has run:
//   element.options = { practiceName, signposting: [{ text, href }], licensedText,
//                       nextSteps: { 'phq-9/total/moderate': { text, href } | text | null },
//                       onComplete(detail), onFlag(detail) }      (replaces all options)
//   element.configure({ ... })                                    (merges; after upgrade)
// await element.fhirBundle() gives the FHIR R4 Bundle of the last completed form (a
// Promise: the on-demand module is fetched on first use, so it is not part of the first
// load; it rejects, with the reason, if that module cannot be had or the result no longer
// matches what the files served give).
// Events on the element (bubble, composed): `wellcheck-complete` with the result object,
// `wellcheck-flag` with { instrument, flag } the moment an answer raises a flag.
//
// However many option and attribute changes arrive, and whenever, each connected element
// holds exactly one questionnaire: changes in one task are coalesced into one update, and
// an update keeps the person's answers and place unless the instrument or battery changed.
//
// Everything the element needs (the WebAssembly module, its glue, the stylesheet, the
// questionnaire's definitions from definitions/ and its first page from prerender/) is
// fetched from this file's own folder; nothing else is requested, and no data leaves the page
// except through those events and callbacks.

const here = new URL('.', import.meta.url);
// The WebAssembly module is most of what a page downloads, so its download starts the
// moment this script runs, alongside its glue (imported at once below too), rather
// than after it: no chain of requests one after another. A second copy of this script
// (the element already defined) fetches nothing.
const wasm = customElements.get('wellcheck-questionnaire')
  ? null
  : fetch(new URL('wellcheck_web_bg.wasm', here));
let glue = null;
let loading = null;

// What patients see when the page itself is set up wrongly (the editor is told why in the
// console): trying again later would never help, so it does not say to. The widget's own
// words (Message::NotAvailableYet in i18n.rs, whose test holds this copy to them).
const NOT_AVAILABLE = {
  en: 'This questionnaire is not available on this page yet.',
  cy: "Nid yw'r holiadur hwn ar gael ar y dudalen hon eto.",
};
// What patients see when a file could not be fetched (a dropped connection): trying again
// may help. Message::CouldNotLoad in i18n.rs, held to this copy by its test.
const COULD_NOT_LOAD = {
  en: 'This questionnaire could not be loaded. Please try again later.',
  cy: "Nid oedd modd llwytho'r holiadur hwn. Rhowch gynnig arall arni yn nes ymlaen.",
};

// Whether a load failure is the page's Content-Security-Policy refusing WebAssembly
// (Chromium, Firefox and WebKit each word it differently; all name the policy or eval).
function refusedByPolicy(error) {
  return /wasm-unsafe-eval|unsafe-eval|Content.Security.Policy|CSP/i.test(
    String(error?.message ?? error),
  );
}
let onDemand = null;
let onDemandLoading = null;

// The on-demand module (the FHIR writer and the licensed-text checker) is fetched only when
// a host first asks for a Bundle or supplies licensed wording: patients answering an open
// questionnaire never download it.
function loadOnDemand() {
  onDemandLoading ??= import('./wellcheck_fhir.js').then(async (module) => {
    await module.default({ module_or_path: new URL('wellcheck_fhir_bg.wasm', here) });
    onDemand = module;
    return module;
  });
  // A failed fetch may be retried by a later call.
  onDemandLoading.catch(() => {
    onDemandLoading = null;
  });
  return onDemandLoading;
}

// Licensed wording supplied as an option (anything but undefined and null).
function hasLicensedText(options) {
  return options.licensedText !== undefined && options.licensedText !== null;
}

let moduleExports = null;
function loadModule() {
  loading ??= import('./wellcheck_web.js').then(async (module) => {
    moduleExports = await module.default({
      module_or_path: wasm ?? new URL('wellcheck_web_bg.wasm', here),
    });
    glue = module;
  });
  return loading;
}

// The check and result pages are a second module (wellcheck_web_later.wasm), fetched while
// the person answers: on their first tap or key in a widget, or when the widget asks for it
// (`emit('later')`). It links into the running module; the widget shows "Loading…" in a
// page's place until it is here, and offers to try again if it cannot be had. Its SHA-256
// (written in by the build) is checked first: a damaged or stale copy is refused, never run.
const LATER_SHA256 = '__WELLCHECK_LATER_SHA256__';
let later = null;
let laterFailed = false;
function loadLater() {
  if (later) return later;
  // After a failure, past the browser's cache: a damaged copy must not be served again.
  const fetching = fetch(new URL('wellcheck_web_later.wasm', here), {
    cache: laterFailed ? 'reload' : 'default',
  });
  later = Promise.all([loading, fetching]).then(async ([, response]) => {
    if (!response.ok) throw new Error(`wellcheck_web_later.wasm: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    // WebCrypto exists only in secure contexts (https, localhost).
    if (crypto.subtle && !LATER_SHA256.startsWith('__')) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const hex = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      if (hex !== LATER_SHA256) {
        throw new Error('wellcheck_web_later.wasm is damaged or from another version');
      }
    }
    await WebAssembly.instantiate(bytes, { p: moduleExports });
    glue.later_settled(true);
  });
  // Said once per fetch; the next request fetches again.
  later.catch((error) => {
    later = null;
    laterFailed = true;
    console.error('wellcheck: the check and result pages could not be loaded', error);
    glue?.later_settled(false);
  });
  return later;
}
// The glue too, now: its download overlaps the module's. A failure is reported where the
// element awaits it.
if (wasm) loadModule().catch(() => {});

// Each questionnaire's definitions are a file of their own (definitions/<id>.bin, a
// kilobyte or two), fetched alongside the module: the module names every questionnaire
// but holds none of them, so a page pulls only its own. A failed fetch is tried again by
// a later update.
const definitionFetches = new Map();
// Resolves to { bytes }, or { problem, lasting } (lasting: the server answered, so trying
// again later will not help).
function fetchDefinitions(id, cache = 'default') {
  if (!/^[a-z0-9-]{1,40}$/.test(id)) return Promise.resolve({ problem: 'no such file' });
  if (!definitionFetches.has(id) || cache !== 'default') {
    const fetching = fetch(new URL(`definitions/${id}.bin`, here), { cache })
      .then(async (response) =>
        response.ok
          ? { bytes: await response.arrayBuffer() }
          : {
              problem: `the server answered ${response.status} ${response.statusText}`.trim(),
              lasting: response.status >= 400 && response.status < 500,
            },
      )
      .catch((error) => ({ problem: `it could not be fetched (${error?.message ?? error})` }));
    definitionFetches.set(id, fetching);
  }
  return definitionFetches.get(id);
}

// Why a definitions file cannot be used, with what the editor can do about it; `lasting`
// when trying again later will not help.
class DefinitionsProblem extends Error {
  constructor(message, lasting) {
    super(message);
    this.lasting = lasting;
  }
}

// Gives the module the definitions of `subject` if it needs them (an unknown id needs
// none: the widget names the ones it knows). The module says which file, by the id as it
// reads it. Throws, with the reason, if they cannot be had.
async function addDefinitions(subject) {
  const id = glue.definitions_needed(subject);
  if (id === undefined) return;
  const file = `definitions/${id}.bin`;
  const fail = (why, lasting) => {
    definitionFetches.delete(id);
    return new DefinitionsProblem(`${file}: ${why}`, lasting);
  };
  let fetched = await fetchDefinitions(id);
  for (const cache of ['default', 'reload']) {
    if (fetched.problem) {
      throw fail(
        fetched.lasting
          ? `${fetched.problem}. Upload the whole wellcheck folder as it is, with its definitions and prerender folders, and keep the script line's path pointing into it.`
          : fetched.problem,
        fetched.lasting,
      );
    }
    try {
      glue.add_definitions(new Uint8Array(fetched.bytes));
      return;
    } catch (error) {
      if (cache === 'reload') {
        throw fail(
          `this is not the file this version of wellcheck wrote (${error?.message ?? error}). The server may send a page of its own in its place, or have changed it in transfer: upload the folder again as it is, in binary mode, with nothing between it and the browser that rewrites files.`,
          true,
        );
      }
      // Perhaps a copy cached from another version of the files: once more, from the server.
      fetched = await fetchDefinitions(id, 'reload');
    }
  }
}

const ATTRIBUTES = ['instrument', 'battery', 'language', 'mode', 'theme', 'resume'];
// Options passed to the widget as data; callbacks stay here in JavaScript.
const DATA_OPTIONS = ['practiceName', 'signposting', 'licensedText', 'nextSteps'];
const CALLBACKS = ['onComplete', 'onFlag'];
const TAG = 'wellcheck-questionnaire';
// Which element holds which resume key, page-wide (elements in other shadow roots too).
const heldKeys = new Map();

// Moves saved answers to a new key, in whichever store holds them (storage may be blocked:
// then there is nothing to move).
function moveSaved(from, to) {
  for (const store of ['sessionStorage', 'localStorage']) {
    try {
      const storage = window[store];
      const saved = storage.getItem(`wellcheck:v1:${from}`);
      if (saved !== null && storage.getItem(`wellcheck:v1:${to}`) === null) {
        storage.setItem(`wellcheck:v1:${to}`, saved);
      }
      storage.removeItem(`wellcheck:v1:${from}`);
    } catch {
      // No storage, nothing kept.
    }
  }
}

class WellcheckQuestionnaire extends HTMLElement {
  #options = {};
  #container = null;
  #handle = null;
  #pending = false;
  #said = new Set();
  // The last result as the event gave it (text, so a host changing the event's object
  // cannot change it) and the licensed wording it was shown with.
  #lastResult = null;
  #lastLicensedText = 'null';
  // The wording the widget was last given (as JSON), for the Bundle of what it shows.
  #syncedLicensedText = 'null';
  #key = null;
  #keyFor = null;
  // A fault in the page's set-up found before the widget could start, for the editor.
  #setupFault = null;
  // The pre-rendered first page while the WebAssembly downloads: { container, shown,
  // continued } (see #showFirstPage).
  #firstPage = null;

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    // The upgrade pattern: `element.options = …` set by a page script before this module
    // ran is an own property shadowing the setter; take it and apply it.
    // A getter that throws must not leave a blank, undefined element: the patient is
    // shown the plain sentence and the editor told what to change.
    try {
      if (Object.prototype.hasOwnProperty.call(this, 'options')) {
        const early = this.options;
        delete this.options;
        this.options = early;
      }
    } catch (error) {
      try {
        delete this.options;
      } catch {
        // A property that cannot be removed stays; the element still works without it.
      }
      this.#setupFault = `the options set on this element before wellcheck.js loaded could not be read (${error?.message ?? error}): set element.options to a plain object of text, numbers, lists and objects`;
    }
  }

  /** All structured options at once (replacing earlier ones). */
  set options(options) {
    this.#setupFault = null;
    this.#options = {};
    this.configure(options ?? {});
  }

  get options() {
    return { ...this.#options };
  }

  /** Structured options, merged with earlier ones: practiceName, signposting,
   *  licensedText, nextSteps, onComplete, onFlag. */
  configure(options = {}) {
    if (typeof options !== 'object' || options === null) {
      this.#sayOnce('error', 'configure() takes an object of options');
      return;
    }
    try {
      const unknown = Object.keys(options).filter(
        (key) => !DATA_OPTIONS.includes(key) && !CALLBACKS.includes(key),
      );
      if (unknown.length > 0) {
        this.#sayOnce(
          'error',
          `unknown option(s) ${unknown.join(', ')} (known: ${[...DATA_OPTIONS, ...CALLBACKS].join(', ')})`,
        );
      }
      for (const name of CALLBACKS) {
        if (options[name] !== undefined && typeof options[name] !== 'function') {
          this.#sayOnce('warn', `${name} should be a function; it will not be called`);
        }
      }
      this.#options = { ...this.#options, ...options };
      // Options that could be read replace a fault found in earlier ones.
      this.#setupFault = null;
    } catch (error) {
      // A getter that throws: the patient sees the plain sentence, the editor why.
      this.#setupFault = `the options given could not be read (${error?.message ?? error}): give a plain object of text, numbers, lists and objects`;
    }
    // Wording to check: fetch the on-demand module now, alongside the main one.
    if (hasLicensedText(this.#options)) loadOnDemand().catch(() => {});
    this.#schedule();
  }

  connectedCallback() {
    let shadow = this.shadowRoot;
    if (!shadow) {
      shadow = this.attachShadow({ mode: 'open' });
      // The person has begun answering the live widget: fetch the check and result pages
      // meanwhile (once; a failure is tried again when the widget needs them).
      const begun = new AbortController();
      const begin = () => {
        if (!glue || !shadow.querySelector('[data-wc-page]')) return;
        begun.abort();
        // Once the tap has shown: fetching and compiling must not delay its answer.
        const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 1000));
        idle(() => loadLater().catch(() => {}));
      };
      for (const type of ['change', 'click', 'keydown']) {
        shadow.addEventListener(type, begin, { passive: true, signal: begun.signal });
      }
    }
    if (!shadow.querySelector('link[data-wc-style]')) {
      const style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = new URL('wellcheck.css', here).href;
      style.dataset.wcStyle = '';
      shadow.append(style);
    }
    if (!this.#container) {
      this.#container = document.createElement('div');
      this.#container.className = 'wc-root';
      shadow.append(this.#container);
    }
    // Text is sized from the person's own default (their browser's text size), never the
    // page's root font size: a theme's `html { font-size: 62.5% }` must not make the
    // answers 10 px. `medium` is that default whatever the page sets.
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;font:medium sans-serif';
    shadow.append(probe);
    this.#container.style.setProperty('--wc-r', getComputedStyle(probe).fontSize);
    probe.remove();
    if (!glue) fetchDefinitions(this.#subject());
    this.#showFirstPage();
    this.#schedule();
  }

  // The first page, shown at once from a few kilobytes while the WebAssembly downloads:
  // `prerender/<id>.<language>.html`, rendered when the widget was built by the widget's
  // own components, so it is the page the widget will show. Only when nothing set on the
  // element could make the first page different (a layout, theme or resume setting,
  // licensed wording, answers saved earlier): never a wrong page shown and then swapped.
  // A choice made on it is kept, and Continue waits visibly ("Loading…") and then goes on.
  #showFirstPage() {
    if (this.#handle || glue || this.#firstPage || this.#setupFault !== null) return;
    const attribute = (name) => this.getAttribute(name)?.trim().toLowerCase() ?? null;
    const [instrument, battery] = [attribute('instrument'), attribute('battery')];
    const subject = this.#subject();
    const language = attribute('language') ?? 'en';
    const resume = attribute('resume') ?? 'tab';
    const asBuilt = (name, value) => [null, value].includes(attribute(name));
    if (
      (instrument !== null && battery !== null) ||
      !/^[a-z0-9-]{1,40}$/.test(subject) ||
      !['en', 'cy'].includes(language) ||
      !['tab', 'off', 'device'].includes(resume) ||
      !asBuilt('mode', 'paged') ||
      !asBuilt('theme', 'nhs') ||
      hasLicensedText(this.#options)
    ) {
      return;
    }
    // Answers kept from earlier resume where they were: no flash of question 1.
    try {
      const store = { tab: sessionStorage, device: localStorage }[resume];
      if (store?.getItem(`wellcheck:v1:${this.#storageKey()}`) != null) return;
    } catch {
      // No storage: nothing was kept.
    }
    const suffix = resume === 'tab' ? '' : `.resume-${resume}`;
    const first = { container: this.#container, shown: false, continued: false };
    this.#firstPage = first;
    const style = this.shadowRoot.querySelector('link[data-wc-style]');
    const styled = new Promise((resolve) => {
      if (style.sheet) resolve();
      style.addEventListener('load', resolve, { once: true });
      style.addEventListener('error', resolve, { once: true });
    });
    // Only the widget's own markup: a host that answers a missing file with a page of its
    // own ("Page not found", status 200) must not have it shown inside the questionnaire.
    const page = fetch(new URL(`prerender/${subject}.${language}${suffix}.html`, here))
      .then((response) => (response.ok ? response.text() : null))
      .then((html) =>
        html?.trimStart().startsWith('<div') && html.includes('data-wc-page') ? html : null,
      );
    Promise.all([page, styled])
      .then(([html]) => {
        // An empty page: a questionnaire that shows none without more (licensed wording).
        if (!html || this.#firstPage !== first || first.container !== this.#container) {
          if (this.#firstPage === first) this.#firstPage = null;
          return;
        }
        first.container.innerHTML = html;
        // Marked, for the page's own scripts and tests: the widget's root replaces it.
        first.container.dataset.wcFirstPage = '';
        first.shown = true;
        // Nothing on the page may act before the widget is here but the answers: Continue
        // (a submit, by button or Enter) is held, links and other buttons do nothing.
        first.container.addEventListener('submit', (event) => {
          event.preventDefault();
          if (this.#firstPage !== first) return;
          first.continued = true;
          const button = first.container.querySelector('[data-wc-action=continue]');
          if (button) {
            button.textContent = language === 'cy' ? 'Yn llwytho…' : 'Loading…';
            button.setAttribute('aria-disabled', 'true');
          }
        });
        first.container.addEventListener('click', (event) => {
          if (event.target.closest?.('a, button[type=button]')) event.preventDefault();
        });
      })
      .catch(() => {
        if (this.#firstPage === first) this.#firstPage = null;
      });
  }

  // The widget takes over from the pre-rendered first page: it renders into a new root,
  // which replaces the first page in one step once it holds its page (the same markup), and
  // is given the choice made, the focus and a Continue pressed meanwhile.
  #takeOver(first, settings) {
    const live = document.createElement('div');
    live.className = 'wc-root';
    live.style.setProperty('--wc-r', first.container.style.getPropertyValue('--wc-r'));
    this.#container = live;
    this.#handle = glue.mount(live, settings, (kind, json) => this.#emit(kind, json));
    const ready = () => live.querySelector('[data-wc-page], [data-wc-setup-problem]');
    const swap = () => {
      if (this.#container !== live || !first.container.isConnected) return;
      const choice = first.container.querySelector('input:checked')?.id;
      const typed = [...first.container.querySelectorAll('input[type=text]')].filter(
        (input) => input.value !== '',
      );
      const focused = this.shadowRoot.activeElement?.id;
      first.container.replaceWith(live);
      if (choice) this.shadowRoot.getElementById(choice)?.click();
      for (const input of typed) {
        const twin = this.shadowRoot.getElementById(input.id);
        if (!twin) continue;
        twin.value = input.value;
        twin.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      }
      if (focused) this.shadowRoot.getElementById(focused)?.focus({ preventScroll: true });
      if (first.continued) live.querySelector('[data-wc-action=continue]')?.click();
    };
    // Yew renders at the end of the current microtasks: swap as soon as the page is there.
    if (ready()) return swap();
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      swap();
    });
    observer.observe(live, { childList: true, subtree: true });
  }

  attributeChangedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    // Removing and re-adding in one task (a move) must not lose answers, so tear down later.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  /** A Promise of the FHIR R4 Bundle (QuestionnaireResponse + Observations) of the last
   *  completed form, or a list of them for a battery; of null before completion. Made by
   *  the same core code as `wellcheck fhir response`, in a module fetched on first use. */
  async fhirBundle() {
    const result = this.#lastResult;
    const licensedText = this.#lastLicensedText;
    if (result === null) return null;
    const module = await loadOnDemand();
    return JSON.parse(module.fhir_bundle(result, licensedText));
  }

  #teardown() {
    const handle = this.#handle;
    this.#handle = null;
    handle?.destroy();
    // A first page not yet taken over goes too.
    for (const root of this.shadowRoot?.querySelectorAll('.wc-root') ?? []) root.remove();
    this.#firstPage = null;
    this.#container?.remove();
    this.#container = null;
  }

  // Every change lands here; one update runs after the current task's changes, once the
  // module has loaded.
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(async () => {
      try {
        await loadModule();
      } catch (error) {
        this.#pending = false;
        if (refusedByPolicy(error)) {
          this.#showNotAvailable();
          this.#sayOnce(
            'error',
            "this page's Content-Security-Policy does not allow WebAssembly. Add 'wasm-unsafe-eval' to its script-src, for example: script-src 'self' 'wasm-unsafe-eval'",
          );
          return;
        }
        this.#showCouldNotLoad();
        console.error(`wellcheck: could not load the WebAssembly module (${error})`, error);
        return;
      }
      if (this.#setupFault !== null) {
        this.#pending = false;
        // A journey shown before is closed: its options can no longer be trusted.
        this.#handle?.destroy();
        this.#handle = null;
        this.#showNotAvailable();
        this.#sayOnce('error', this.#setupFault);
        return;
      }
      // Licensed wording is checked by the on-demand module. If it cannot be had, the
      // questionnaire still shows (licensed ones with the editor's setup message) and a
      // journey under way is kept.
      if (hasLicensedText(this.#options)) {
        try {
          await loadOnDemand();
        } catch (error) {
          this.#sayOnce(
            'error',
            `the licensed wording could not be checked: the on-demand module (wellcheck_fhir_bg.wasm) did not load (${error})`,
          );
        }
      }
      // The definitions of whichever questionnaire is named once they are in: the
      // attributes may change while a file is fetched.
      let subject;
      let failure = null;
      do {
        subject = this.#subject();
        failure = await addDefinitions(subject).then(
          () => null,
          (error) => error,
        );
      } while (subject !== this.#subject());
      this.#pending = false;
      if (failure) {
        console.error(`wellcheck: could not load the questionnaire: ${failure.message}`);
        // A journey under way is kept (the widget keeps its last good settings and says
        // why). With none, patients are told to try again later, unless that cannot help
        // (a file missing or damaged on the server is the site's to fix).
        if (!this.#handle) {
          if (failure.lasting) this.#showNotAvailable();
          else this.#showCouldNotLoad();
          return;
        }
      }
      this.#sync();
    });
  }

  #sync() {
    if (!this.isConnected || !this.#container) return;
    let settings;
    try {
      settings = JSON.stringify(this.#settings());
    } catch (error) {
      // A value JSON cannot hold (a BigInt, a loop): the widget tells the editor, keeps a
      // journey under way as it was, or shows patients the plain "not available" sentence.
      settings = JSON.stringify({ ...this.#settings(false), unreadable: String(error.message) });
    }
    const first = this.#firstPage;
    this.#firstPage = null;
    if (this.#handle) {
      this.#handle.update(settings);
    } else if (first?.shown && first.container === this.#container) {
      this.#takeOver(first, settings);
    } else {
      // Anything left from a set-up fault goes; the widget starts on an empty element.
      this.#container.replaceChildren();
      this.#handle = glue.mount(this.#container, settings, (kind, json) => this.#emit(kind, json));
    }
  }

  // The instrument or battery named (battery first: naming both is the widget's to refuse;
  // an empty one names nothing, as the widget reads it).
  #subject() {
    const named = (name) => this.getAttribute(name)?.trim().toLowerCase() ?? '';
    return named('battery') || named('instrument');
  }

  #settings(withOptions = true) {
    const settings = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value === null) continue;
      settings[name] = value;
    }
    for (const name of withOptions ? DATA_OPTIONS : []) {
      // Licensed wording is not passed as given: see below.
      if (name !== 'licensedText' && this.#options[name] !== undefined) {
        settings[name] = this.#options[name];
      }
    }
    // The widget gets licensed wording already checked, instrument by instrument, by the
    // on-demand module (loaded before this runs): the checker is not in the first load.
    // Without the module there is no checked wording to give.
    this.#syncedLicensedText = 'null';
    if (withOptions && hasLicensedText(this.#options) && onDemand) {
      const wording = JSON.stringify(this.#options.licensedText);
      settings.licensedText = JSON.parse(onDemand.check_licensed_text(wording));
      this.#syncedLicensedText = wording;
    }
    settings.storageKey = this.#storageKey();
    return settings;
  }

  // Each element keeps its own saved answers: by its `id` when it has one, otherwise by
  // the questionnaire; if another live element on the page (in any shadow root) already
  // holds that key, the next free slot (`#2`, `#3`, in the order elements first show, so
  // the same page gets the same keys after a reload). An element keeps its key while it
  // holds it; if its id or questionnaire changes, its saved answers move to the new key.
  #storageKey() {
    // By the questionnaire the widget shows: an empty `battery` beside an `instrument`
    // names nothing, so two such elements asking different questions never share a key.
    const subject = this.#subject();
    const keyFor = `${subject}\n${this.id}`;
    const old = this.#key;
    if (old && this.#keyFor === keyFor && heldKeys.get(old) === this) return old;
    const base = this.id ? `${subject}@${this.id}` : subject;
    let key = null;
    for (let slot = 1; key === null; slot += 1) {
      const candidate = slot === 1 ? base : `${base}#${slot}`;
      const holder = heldKeys.get(candidate);
      if (!holder || holder === this || !holder.isConnected) key = candidate;
    }
    if (old && old !== key && heldKeys.get(old) === this) {
      heldKeys.delete(old);
      moveSaved(old, key);
    }
    heldKeys.set(key, this);
    this.#key = key;
    this.#keyFor = keyFor;
    return key;
  }

  // A first page shown, or on its way, gives way to what is said instead.
  #dropFirstPage() {
    this.#firstPage = null;
    if (this.#container) delete this.#container.dataset.wcFirstPage;
  }

  // The patients' sentence, in the element's language, as text.
  #showNotAvailable() {
    this.#showSentence(NOT_AVAILABLE, 'wcSetupProblem');
  }

  #showCouldNotLoad() {
    this.#showSentence(COULD_NOT_LOAD, 'wcLoadFailure');
  }

  // One plain sentence in the widget's own shell, in the page's language, marked for the
  // page's scripts and the check page.
  #showSentence(sentences, marker) {
    this.#dropFirstPage();
    if (!this.#container) return;
    const tag = (this.getAttribute('language') ?? '').trim().toLowerCase();
    const welsh = tag === 'cy' || tag.startsWith('cy-');
    const shell = document.createElement('div');
    shell.className = 'wc-shell wc-unavailable';
    shell.lang = welsh ? 'cy' : 'en';
    shell.dataset.wcRoot = '';
    shell.dataset[marker] = '';
    const paragraph = document.createElement('p');
    paragraph.textContent = welsh ? sentences.cy : sentences.en;
    shell.append(paragraph);
    this.#container.replaceChildren(shell);
  }

  // Messages for the site editor go to the console once each, not every render.
  #sayOnce(level, message) {
    if (this.#said.has(message)) return;
    this.#said.add(message);
    console[level](`wellcheck: ${message}`, this);
  }

  #emit(kind, json) {
    if (kind === 'later') return void loadLater();
    if (kind === 'setup-problem') return this.#sayOnce('error', json);
    if (kind === 'warning') return this.#sayOnce('warn', json);
    if (kind === 'complete') {
      this.#lastResult = json;
      this.#lastLicensedText = this.#syncedLicensedText;
    }
    const detail = JSON.parse(json);
    const name = kind === 'complete' ? 'wellcheck-complete' : 'wellcheck-flag';
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    const callback = kind === 'complete' ? this.#options.onComplete : this.#options.onFlag;
    if (typeof callback === 'function') {
      try {
        callback(detail);
      } catch (error) {
        console.error('wellcheck: the host callback failed', error);
      }
    }
  }
}

// A second copy of this script (or another version of it) on the same page must not break
// the first: the first definition wins.
if (!customElements.get(TAG)) {
  customElements.define(TAG, WellcheckQuestionnaire);
}
