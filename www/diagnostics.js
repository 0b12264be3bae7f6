// For site editors (and the tests): lists, on the page, any Content-Security-Policy
// violation the browser reports (there should be none), any script error the page meets
// (a browser lacking something the page uses), and every message wellcheck leaves for the
// editor in the browser console. A classic script, so it runs before the widget.
'use strict';

const cspViolations = [];
const editorMessages = [];
const pageErrors = [];
window.wellcheckCspViolations = cspViolations;
window.wellcheckPageErrors = pageErrors;
window.wellcheckEditorMessages = editorMessages;

function showList(id, items) {
  const list = document.getElementById(id);
  if (list && items.length > 0) {
    list.replaceChildren(
      ...items.map((text) => Object.assign(document.createElement('li'), { textContent: text })),
    );
  }
}

document.addEventListener('securitypolicyviolation', (event) => {
  cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
  showList('csp-violations', cspViolations);
});

window.addEventListener('error', (event) => {
  pageErrors.push(`${event.message} (${event.filename}:${event.lineno})`);
  showList('page-errors', pageErrors);
});
window.addEventListener('unhandledrejection', (event) => {
  pageErrors.push(`unhandled promise rejection: ${event.reason}`);
  showList('page-errors', pageErrors);
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
