// Renders the bench's PHQ-9 with SurveyJS's own API.
'use strict';
const survey = new Survey.Model(window.PHQ9_SURVEY);
survey.render(document.getElementById('survey'));
