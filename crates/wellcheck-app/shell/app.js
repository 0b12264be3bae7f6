// Starts the tablet app and keeps it working offline.
//
// The service worker (sw.js) caches every file of this version on the first online visit,
// so the app opens with the network cut. When a new version is published, the browser
// fetches the new sw.js at the next online start, caches the new files and takes over;
// the person is then told, and the new version is used from the next reload. Records are
// never in the cache: they live encrypted in IndexedDB.
import init, { startApp } from './wellcheck_app.js';

// A browser that cannot run the app (too old, or missing something it needs) shows why in
// words, not an empty page; the records already on the tablet are not touched.
function cannotStart(error) {
  const main = document.createElement('main');
  main.className = 'app-main';
  main.dataset.appCannotStart = '';
  const heading = document.createElement('h1');
  heading.textContent = 'The app could not start in this browser';
  const what = document.createElement('p');
  what.textContent =
    'It needs an up-to-date browser: Safari, Chrome, Edge or Firefox, updated in the last year or two. Any records already on this tablet have not been changed.';
  const next = document.createElement('p');
  next.textContent =
    'Reload the page to try again. If this message comes back, update the browser (on an iPad: Settings, General, Software Update) and open the app again.';
  const detail = document.createElement('p');
  detail.className = 'wc-hint';
  detail.textContent = `For whoever supports the app: ${error}`;
  main.replaceChildren(heading, what, next, detail);
  // The app's own header, as on every screen.
  const header = document.createElement('header');
  header.className = 'app-header';
  const name = document.createElement('span');
  name.className = 'app-name';
  const part = document.createElement('span');
  part.className = 'app-name-part';
  part.textContent = ' for link workers';
  name.replaceChildren('wellcheck', part);
  header.replaceChildren(name);
  document.getElementById('app')?.replaceChildren(header, main);
}

try {
  await init({ module_or_path: new URL('wellcheck_app_bg.wasm', import.meta.url) });
  startApp();
} catch (error) {
  cannotStart(error);
}

function tellOfUpdate() {
  const banner = document.getElementById('app-update');
  if (!banner || !banner.hidden) return;
  const text = document.createElement('p');
  text.textContent =
    'A new version of the app has been installed. Your work is saved: reload to use it.';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'wc-button wc-button-secondary';
  button.textContent = 'Reload now';
  button.addEventListener('click', () => window.location.reload());
  banner.replaceChildren(text, button);
  banner.hidden = false;
}

if ('serviceWorker' in navigator) {
  // A page first opened without a worker is not "updated" when one takes over.
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) tellOfUpdate();
  });
  navigator.serviceWorker.register('sw.js', { scope: './' }).then(
    (registration) => registration.update().catch(() => {}),
    (error) => console.warn('wellcheck: offline use is not available:', error),
  );
}
