// A host page's script in TypeScript, using every option and event of the package's
// declarations: `cargo xtask test` compiles it with `tsc --strict` against the packed
// `wellcheck.d.ts`, so the types cannot drift from what the README documents.
import type {
  WellcheckBatteryResult,
  WellcheckFhirBundle,
  WellcheckFlag,
  WellcheckOptions,
  WellcheckQuestionnaireElement,
  WellcheckResult,
} from 'wellcheck';

const element: WellcheckQuestionnaireElement | null =
  document.querySelector('wellcheck-questionnaire');

const options: WellcheckOptions = {
  practiceName: 'Riverside Medical Practice',
  signposting: [
    { text: 'Call our social prescribing team on 01234 567890', href: 'tel:01234567890' },
    { text: 'Riverside Community Hub' },
  ],
  nextSteps: {
    'phq-9/total/moderate': { text: 'Call our wellbeing team', href: 'tel:01234567890' },
    'ucla-3': 'Ask at reception about our Tuesday coffee morning',
    evs: null,
  },
  licensedText: [{ instrument: 'wemwbs' }],
  onComplete: (result: WellcheckResult | WellcheckBatteryResult) => {
    if ('battery' in result) {
      result.results.forEach((one) => console.log(one.instrument, one.complete));
    } else {
      const total = result.scores['total'];
      console.log(total?.value, total?.band_label, result.flags);
    }
  },
  onFlag: ({ instrument, flag }: WellcheckFlag) => console.log(instrument, flag),
};

if (element) {
  element.options = options;
  element.configure({ practiceName: 'Riverside' });
  element.addEventListener('wellcheck-complete', (event) => {
    const detail = event.detail;
    console.log('battery' in detail ? detail.battery : detail.instrument);
  });
  element.addEventListener('wellcheck-flag', (event) => console.log(event.detail.flag));
  void element.fhirBundle().then((bundle: WellcheckFhirBundle | WellcheckFhirBundle[] | null) => {
    const first = Array.isArray(bundle) ? bundle[0] : bundle;
    console.log(first?.entry.length);
  });
}

document.addEventListener('wellcheck-complete', (event) => console.log(event.detail));
