// Starts the tablet app and keeps it working offline.
//
// The service worker (sw.js) caches every file of this version on the first online visit,
// so the app opens with the network cut. When a new version is published, the browser
// fetches the new sw.js at the next online start, caches the new files and takes over;
// the person is then told, and the new version is used from the next reload. Records are
// never in the cache: they live encrypted in IndexedDB.
import init, { startApp } from './wellcheck_app.js';

await init({ module_or_path: new URL('wellcheck_app_bg.wasm', import.meta.url) });
startApp();

function tellOfUpdate() {
  const banner = document.getElementById('app-update');
  if (!banner || !banner.hidden) return;
  const text = document.createElement('p');
  text.textContent = 'A new version of the app has been installed. Your work is saved: reload to use it.';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'app-button app-button-secondary';
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
