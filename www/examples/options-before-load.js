// Structured options for the questionnaire on this page. `options` works whether or not
// wellcheck.js has run yet; `configure()` exists only once it has.
'use strict';

const check = document.getElementById('loneliness-check');
check.options = {
  practiceName: 'Riverside Medical Practice',
  signposting: [
    { text: 'Call our social prescribing team on 01234 567890', href: 'tel:01234567890' },
    { text: 'Riverside Community Hub', href: 'https://example.org/hub' },
  ],
};
// Attribute changes before the module loads are applied once, together.
check.setAttribute('resume', 'off');
check.setAttribute('language', 'cy');
check.setAttribute('language', 'en');
