//! What JavaScript sees: mount a widget into an element, get an opaque handle back, and
//! destroy it later; plus scoring without any UI.

use wasm_bindgen::prelude::*;
use wellcheck_core::{Answers, catalogue, score};
use yew::{AppHandle, Callback};

use crate::components::widget::{Widget, WidgetProps};

/// A mounted widget. Opaque to JavaScript: it can only be destroyed.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<AppHandle<Widget>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget from the page and frees it.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Renders the questionnaire `instrument` into `root`. `on_complete` is called with the
/// result object's JSON text each time a form is completed.
#[wasm_bindgen]
pub fn mount(
    root: web_sys::Element,
    instrument: &str,
    on_complete: js_sys::Function,
) -> WidgetHandle {
    let props = WidgetProps {
        instrument: instrument.to_owned().into(),
        on_complete: Callback::from(move |json: String| {
            // A host callback that throws must not break the widget; the result is still shown.
            let _ = on_complete.call1(&JsValue::NULL, &JsValue::from_str(&json));
        }),
    };
    let app = yew::Renderer::<Widget>::with_root_and_props(root, props).render();
    WidgetHandle { app: Some(app) }
}

/// Scores answers given in the command line's text form (`2,3,2`) and returns the result
/// object as JSON text; the same function the CLI's `score --json` uses.
#[wasm_bindgen]
pub fn score_json(instrument: &str, answers: &str) -> Result<String, JsError> {
    let instrument =
        catalogue::get(instrument).map_err(|error| JsError::new(&error.to_string()))?;
    let answers =
        Answers::parse(&instrument, answers).map_err(|error| JsError::new(&error.to_string()))?;
    let report = score(&instrument, &answers).map_err(|error| JsError::new(&error.to_string()))?;
    Ok(report.to_json())
}
