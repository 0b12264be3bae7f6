// TypeScript declarations for <wellcheck-questionnaire> (wellcheck.js). Importing the
// module (`import 'wellcheck'`, or the script tag) defines the element; these types make
// `document.querySelector('wellcheck-questionnaire')`, its options, `fhirBundle()` and its
// events typed in TypeScript, React, Vue and plain JavaScript editors.

/** A line of the support list shown with every result. */
export interface WellcheckSignpost {
  /** What the person reads (shown as text, never as markup). */
  text: string;
  /** An absolute `https:`, `http:`, `tel:` or `mailto:` address; others are dropped. */
  href?: string;
}

/** A suggested next step for a group: a sentence, a link, or `null` for none. */
export type WellcheckNextStep = string | { text: string; href?: string } | null;

/** The wording a licensed questionnaire's licence holder supplies (see the README). */
export type WellcheckLicensedText = Record<string, unknown>;

/** One score of a result. */
export interface WellcheckScore {
  /** The score, or `null` when answers it needs are missing. */
  value: number | null;
  /** The group's id (`moderate`), when the score has groups and a value. */
  band: string | null;
  /** The group's name ("Moderate"). */
  band_label: string | null;
  /** Whether the questionnaire's owner set the cut-offs. */
  band_basis: 'published' | 'convention' | null;
  /** Group ids in other published groupings, by grouping id. */
  other_bands?: Record<string, string | null>;
  /** How the value was worked out. */
  rule: string;
  /** Whether the scoring rule is the owner's. */
  rule_basis: 'published' | 'convention';
  /** Items missing but allowed by the score's own rule. */
  scored_without?: string[];
  /** The source of the missing-answer rule, when it was used. */
  missing_rule?: string;
}

/** The result of one questionnaire: the `wellcheck-complete` detail for one instrument. */
export interface WellcheckResult {
  instrument: string;
  version: string;
  /** `sha256:…` of the exact definition that scored it. */
  definition_hash: string;
  administration: 'self' | 'read_aloud' | 'on_behalf';
  licensed_text_reference?: string;
  complete: boolean;
  scores: Record<string, WellcheckScore>;
  /** Safety and follow-up flags raised, such as `self_harm_risk`. */
  flags: string[];
  /** Each answer's published code by item id (`null`: not answered or not asked). */
  answers: Record<string, number | null>;
}

/** The `wellcheck-complete` detail for a battery: one result per questionnaire. */
export interface WellcheckBatteryResult {
  battery: string;
  results: WellcheckResult[];
}

/** The `wellcheck-flag` detail: raised the moment an answer raises a flag. */
export interface WellcheckFlag {
  instrument: string;
  flag: string;
}

/** Structured options (`element.options = { … }` or `element.configure({ … })`). */
export interface WellcheckOptions {
  /** The practice or charity's name, used in the default support text. */
  practiceName?: string;
  /** Replaces the default support list. */
  signposting?: WellcheckSignpost[];
  /** For licensed questionnaires: your licensed wording (one object, or a list). */
  licensedText?: WellcheckLicensedText | WellcheckLicensedText[];
  /** Next steps by questionnaire (`ucla-3`), score (`phq-9/total`) or group (`phq-9/total/moderate`). */
  nextSteps?: Record<string, WellcheckNextStep>;
  /** Called with the same object as the `wellcheck-complete` event's detail. */
  onComplete?: (result: WellcheckResult | WellcheckBatteryResult) => void;
  /** Called with the same object as the `wellcheck-flag` event's detail. */
  onFlag?: (flag: WellcheckFlag) => void;
}

/** A FHIR R4 Bundle (type `collection`), as `wellcheck fhir response` writes it. */
export interface WellcheckFhirBundle {
  resourceType: 'Bundle';
  type: 'collection';
  entry: Array<{ fullUrl: string; resource: Record<string, unknown> }>;
}

/** `<wellcheck-questionnaire>`. */
export interface WellcheckQuestionnaireElement extends HTMLElement {
  /** All structured options at once (replacing earlier ones); settable before the script loads. */
  options: WellcheckOptions;
  /** Merges more options in (once the element is defined). */
  configure(options: WellcheckOptions): void;
  /** The FHIR R4 Bundle of the last completed form (for a battery, one per form); `null` before one is finished. */
  fhirBundle(): Promise<WellcheckFhirBundle | WellcheckFhirBundle[] | null>;
  addEventListener<K extends keyof WellcheckEventMap>(
    type: K,
    listener: (this: WellcheckQuestionnaireElement, event: WellcheckEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

/** The element's events (they bubble and are composed). */
export interface WellcheckEventMap extends HTMLElementEventMap {
  'wellcheck-complete': CustomEvent<WellcheckResult | WellcheckBatteryResult>;
  'wellcheck-flag': CustomEvent<WellcheckFlag>;
}

/** The attributes (all strings). */
export interface WellcheckAttributes {
  instrument?: string;
  battery?: string;
  language?: 'en' | 'cy';
  mode?: 'paged' | 'single-page';
  theme?: 'nhs' | 'plain';
  resume?: 'tab' | 'device' | 'off';
  id?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'wellcheck-questionnaire': WellcheckQuestionnaireElement;
  }
  interface DocumentEventMap {
    'wellcheck-complete': CustomEvent<WellcheckResult | WellcheckBatteryResult>;
    'wellcheck-flag': CustomEvent<WellcheckFlag>;
  }
}
