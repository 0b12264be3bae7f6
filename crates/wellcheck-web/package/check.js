// check.js: the checks check.html runs, on the editor's own site. Each finding is a
// sentence for a web editor: what works, or what to ask the hosting supplier for.

const findings = document.getElementById('findings');
const messages = document.getElementById('messages');
const said = [];

function find(ok, text) {
  if (findings.querySelector('[data-check=waiting]')) findings.textContent = '';
  const item = document.createElement('li');
  item.dataset.check = ok ? 'ok' : 'problem';
  item.textContent = text;
  findings.append(item);
}

// What the element tells the editor goes to the console; it is shown here too.
for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    const text = args.filter((arg) => typeof arg === 'string').join(' ');
    if (text.startsWith('wellcheck:')) {
      if (!said.length) messages.textContent = '';
      said.push(text);
      const item = document.createElement('li');
      item.textContent = text;
      messages.append(item);
    }
    original(...args);
  };
}

let refusedByPolicy = false;
document.addEventListener('securitypolicyviolation', (event) => {
  refusedByPolicy = true;
  const directive = event.effectiveDirective || event.violatedDirective;
  const list = directive.replace(/-(elem|attr)$/, '');
  // What to add: 'wasm-unsafe-eval' for the WebAssembly itself, else the blocked file's
  // site ('self' when it is this site).
  let add;
  if (event.blockedURI === 'wasm-eval') add = "'wasm-unsafe-eval'";
  else {
    try {
      const origin = new URL(event.blockedURI).origin;
      add = origin === location.origin ? "'self'" : origin;
    } catch {
      add = "'self'";
    }
  }
  find(
    false,
    `Your site's Content-Security-Policy stopped part of the questionnaire from loading. Ask your hosting supplier to add ${add} to the policy's ${list}.`,
  );
});

// Where the files are: this folder, or ?from= (an https address ending in /).
const query = new URLSearchParams(location.search);
const from = query.get('from');
// Which questionnaire: UCLA-3, or the one your page shows (?instrument= or ?battery=).
const named = (name) => (query.get(name) ?? '').trim().toLowerCase();
const [kind, subject] = named('battery')
  ? ['battery', named('battery')]
  : ['instrument', named('instrument') || 'ucla-3'];
const base =
  from && /^https:\/\/[^\s]+\/$/.test(from) ? new URL(from) : new URL('.', import.meta.url);

async function run() {
  try {
    const wasm = await fetch(new URL('wellcheck_web_bg.wasm', base));
    const type = (wasm.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!wasm.ok) {
      find(
        false,
        `The file wellcheck_web_bg.wasm could not be fetched (HTTP ${wasm.status}). Upload the whole folder, with every file, next to wellcheck.js.`,
      );
    } else if (type !== 'application/wasm') {
      find(
        false,
        `The server sends .wasm files as "${type || 'no type'}". Ask your hosting supplier to serve .wasm files as application/wasm.`,
      );
    } else {
      find(true, 'The WebAssembly file is served, with the right type (application/wasm).');
    }
  } catch (error) {
    find(
      false,
      `The WebAssembly file could not be fetched (${error.message}). If the files are on another site (a CDN), your Content-Security-Policy's connect-src must name it.`,
    );
  }
  // The check and result pages are a file of their own, fetched once a patient begins: a
  // folder uploaded without it would fail only at the end, so say so now.
  try {
    const later = await fetch(new URL('wellcheck_web_later.wasm', base));
    find(
      later.ok,
      later.ok
        ? 'The check and result pages (wellcheck_web_later.wasm) are served.'
        : `The file wellcheck_web_later.wasm could not be fetched (HTTP ${later.status}): patients could answer but not see their result. Upload the whole folder, with every file, next to wellcheck.js.`,
    );
  } catch (error) {
    find(false, `The file wellcheck_web_later.wasm could not be fetched (${error.message}).`);
  }
  if (/^[a-z0-9-]{1,40}$/.test(subject)) {
    const file = `definitions/${subject}.bin`;
    try {
      const response = await fetch(new URL(file, base));
      const start = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
      if (!response.ok) {
        find(
          false,
          `The questionnaire's file ${file} could not be fetched (HTTP ${response.status}). If "${subject}" is the right name, upload the whole folder, with its definitions and prerender folders.`,
        );
      } else if (String.fromCharCode(...start) !== 'WCP1') {
        find(
          false,
          `The server does not send ${file} as it is (it may send a page of its own in its place, or change the file in transfer). Upload the folder again as it is, in binary mode.`,
        );
      } else {
        find(true, `The questionnaire's file ${file} is served.`);
      }
    } catch (error) {
      find(false, `The questionnaire's file ${file} could not be fetched (${error.message}).`);
    }
  }
  const element = document.getElementById('checked');
  element.removeAttribute('instrument');
  element.setAttribute(kind, subject);
  try {
    await import(new URL('wellcheck.js', base).href);
    find(true, 'wellcheck.js loads.');
  } catch (error) {
    find(
      false,
      `wellcheck.js did not load (${error.message}). Check that the script's address is right and that your Content-Security-Policy's script-src allows it.`,
    );
    return;
  }
  const started = Date.now();
  while (Date.now() - started < 15000) {
    const root = element.shadowRoot;
    // The widget's own page, not the pre-rendered one shown while the module loads.
    if (root?.querySelector('[data-wc-page]') && !root.querySelector('[data-wc-first-page]')) {
      if (!refusedByPolicy) {
        find(true, "Your site's Content-Security-Policy lets the questionnaire run.");
      }
      find(true, 'The questionnaire shows its first question: it works on this site.');
      return;
    }
    if (root?.querySelector('[data-wc-setup-problem], [data-wc-load-failure]')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!refusedByPolicy) {
    find(false, 'The questionnaire did not start. The messages below say why.');
  }
}

run();
