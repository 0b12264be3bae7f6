// For site editors (and the tests): lists, on the page, any Content-Security-Policy
// violation the browser reports (there should be none) and every message wellcheck leaves
// for the editor in the browser console. A classic script, so it runs before the widget.
'use strict';

const cspViolations = [];
const editorMessages = [];
window.wellcheckCspViolations = cspViolations;
window.wellcheckEditorMessages = editorMessages;

function showList(id, items) {
  const list = document.getElementById(id);
  if (list && items.length > 0) {
    list.replaceChildren(...items.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  }
}

document.addEventListener('securitypolicyviolation', (event) => {
  cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
  showList('csp-violations', cspViolations);
});

for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    if (typeof args[0] === 'string' && args[0].startsWith('wellcheck:')) {
      editorMessages.push(`${level}: ${args[0]}`);
      showList('editor-messages', editorMessages);
    }
    original(...args);
  };
}
