//! What JavaScript sees: mount a widget into an element, get an opaque handle back, and
//! destroy it later; and add the page's definitions. Nothing else: the module is what
//! `wellcheck.js` calls, and every export is bytes in every page's first load.

use crate::builtin;
use wasm_bindgen::prelude::*;
use yew::{AppHandle, Callback};

use crate::components::widget::{Widget, WidgetProps};

/// A mounted widget. Opaque to JavaScript: it can be given new options, or destroyed.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<AppHandle<Widget>>,
    emit: Callback<(String, String)>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// New options for the same widget: the journey keeps its answers and place unless the
    /// instrument or battery changed.
    pub fn update(&mut self, options: &str) {
        if let Some(app) = self.app.as_mut() {
            app.update(WidgetProps {
                options: options.to_owned().into(),
                emit: self.emit.clone(),
            });
        }
    }

    /// Removes the widget from the page and frees it (again is harmless).
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Renders a widget into `root`. `options` is a JSON object (the element's attributes and
/// `configure()` options); `emit(kind, json)` is called with `"flag"` when an answer raises a
/// flag, and when a form is finished with `"fhir"` (its FHIR Bundle) then `"complete"` (the
/// result object).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, options: &str, emit: js_sys::Function) -> WidgetHandle {
    let emit = Callback::from(move |(kind, json): (String, String)| {
        // A host callback that throws must not break the widget.
        let _ = emit.call2(
            &JsValue::NULL,
            &JsValue::from_str(&kind),
            &JsValue::from_str(&json),
        );
    });
    // The page fetches the later part when asked (`emit("later")`), and answers through
    // `later_settled`.
    let fetch = emit.clone();
    crate::components::later::set_fetch(Callback::from(move |()| {
        fetch.emit(("later".to_owned(), String::new()));
    }));
    let props = WidgetProps {
        options: options.to_owned().into(),
        emit: emit.clone(),
    };
    let app = yew::Renderer::<Widget>::with_root_and_props(root, props).render();
    WidgetHandle {
        app: Some(app),
        emit,
    }
}

/// Which file of `definitions/` (`<id>.bin`, by the id as the widget reads it) the page must
/// fetch before showing this instrument or battery, if any (the shipped module holds every
/// questionnaire's name, not its definition).
#[wasm_bindgen]
pub fn definitions_needed(id: &str) -> Option<String> {
    builtin::definitions_needed(id)
}

/// Adds a file from `definitions/`; an error says why it was refused (damaged, or from
/// another build), and nothing of it is taken.
#[wasm_bindgen]
pub fn add_definitions(bytes: &[u8]) -> Result<(), JsError> {
    builtin::add_definitions(bytes).map_err(|error| JsError::new(&error.to_string()))
}

/// The page's answer to `emit("later")`: the later part (the check and result pages) has
/// arrived and is linked (`true`), or could not be had.
#[wasm_bindgen]
pub fn later_settled(arrived: bool) {
    crate::components::later::settled(arrived);
}
