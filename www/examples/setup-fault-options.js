// Options whose getter throws, as a page builder's broken data binding can leave them,
// set before wellcheck.js has loaded.
'use strict';

Object.defineProperty(document.getElementById('loneliness-check'), 'options', {
  configurable: true,
  get() {
    throw new Error('the page builder could not find its data');
  },
});
