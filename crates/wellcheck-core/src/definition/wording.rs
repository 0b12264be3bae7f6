//! Licensed wording applied to an instrument: [`CheckedText`], the wording a licensed
//! instrument's file supplies once `licensed_text` has checked it covers every item and
//! option, and how an [`Instrument`] takes it. Here, below the checker, so that a
//! definition never depends on the page-JSON and file formats that produce its wording.

use litemap::LiteMap;

use super::{Instrument, Response, ResponseOption};

/// Licensed wording checked against its instrument, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedText {
    pub(crate) reference: String,
    pub(crate) instructions: Option<String>,
    pub(crate) items: LiteMap<String, String>,
    pub(crate) labels: LiteMap<(String, i64), String>,
}

impl Instrument {
    /// Fills in licensed wording (already checked to cover every item and option).
    pub(crate) fn apply_text(&mut self, text: CheckedText) {
        let CheckedText {
            reference,
            instructions,
            items,
            labels,
        } = text;
        self.instructions = instructions;
        for item in &mut self.items {
            item.text = items.get(&item.id).cloned();
            if let Response::Choice { set, options } = &mut item.response {
                let labelled: Vec<ResponseOption> = options
                    .iter()
                    .map(|option| ResponseOption {
                        label: labels.get(&(set.clone(), option.value)).cloned(),
                        ..option.clone()
                    })
                    .collect();
                *options = labelled.into();
            }
        }
        self.licensed_text_reference = Some(reference);
    }
}
