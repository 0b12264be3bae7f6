// The "try a questionnaire" page: builds the element from the page address
// (`copies=2` puts two of them on the page, as a site with two questionnaires would).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  const copies = Math.min(Math.max(Number(params.get('copies')) || 1, 1), 4);
  for (let copy = 0; copy < copies; copy += 1) {
    const element = document.createElement('wellcheck-questionnaire');
    for (const name of ['instrument', 'battery', 'language', 'mode', 'theme', 'resume']) {
      if (params.has(name)) element.setAttribute(name, params.get(name));
    }
    if (!params.has('instrument') && !params.has('battery'))
      element.setAttribute('instrument', 'ucla-3');
    document.getElementById('slot').append(element);
  }
});
