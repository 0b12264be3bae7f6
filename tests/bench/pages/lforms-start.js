// Renders wellcheck's exported PHQ-9 Questionnaire with LHC-Forms's own API (module scripts
// run in order, so LForms is defined by now).
LForms.Util.addFormToPage(window.PHQ9_QUESTIONNAIRE, 'form');
