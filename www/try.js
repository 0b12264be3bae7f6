// The "try a questionnaire" page: builds the element from the page address, and lists any
// Content-Security-Policy violation the browser reports (there should be none).
'use strict';

const cspViolations = [];
window.wellcheckCspViolations = cspViolations;
document.addEventListener('securitypolicyviolation', (event) => {
  cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
  const list = document.getElementById('csp-violations');
  if (list) {
    list.replaceChildren(...cspViolations.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  }
});

document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  const element = document.createElement('wellcheck-questionnaire');
  for (const name of ['instrument', 'battery', 'language', 'mode', 'theme', 'resume']) {
    if (params.has(name)) element.setAttribute(name, params.get(name));
  }
  if (!params.has('instrument') && !params.has('battery')) element.setAttribute('instrument', 'ucla-3');
  document.getElementById('slot').append(element);
  document.getElementById('title').textContent = `Try ${params.get('battery') || params.get('instrument') || 'ucla-3'}`;
});
