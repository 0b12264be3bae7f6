//! The UI kit: what the embed's widget and the tablet app both build their screens from,
//! so a page of the app looks and behaves as the widget does and neither copies the other.
//!
//! - [`Shell`]: the root of a surface, with the [`Ui`] settings as context.
//! - [`Journey`] with [`JourneySpec`]: one or more questionnaires to their results; it
//!   hands back each [`FinishedForm`] scored once.
//! - [`ReportView`]: one result (scores, bands, what they mean, next steps).
//! - [`UrgentHelp`]: where to get help now, shown the moment an urgent flag is raised.
//! - [`ErrorSummary`] with [`ErrorEntry`]; [`TextField`], [`status`] and [`setter`]: form
//!   pages in NHS.UK's pattern.
//! - [`ConfirmButton`]: an action that asks first.
//! - The journey's state and settings a keeper of progress needs: [`Flow`] and [`Action`]
//!   (to check that kept progress still fits), [`Saved`] (the progress itself), [`Layout`],
//!   [`Resume`] and [`Language`].
//!
//! One stylesheet family: `style/wellcheck.css` styles everything the embed shows (classes
//! `wc-…`, custom properties `--wc-…`); a page that uses more of the kit (the app's
//! `app.css`) extends that family with the rest (text fields) and its own layout, and
//! copies none of it.

pub use crate::components::confirm::ConfirmButton;
pub use crate::components::error_summary::{ErrorEntry, ErrorSummary};
pub use crate::components::fields::{TextField, field_id, setter, status};
pub use crate::components::journey::{FinishedForm, Journey, JourneyEvent};
pub use crate::components::result_page::ReportView;
pub use crate::components::shell::Shell;
pub use crate::components::urgent_help::UrgentHelp;
pub use crate::components::{Ui, use_ui};
pub use crate::i18n::Language;
pub use crate::options::{Mode as Layout, Resume};
pub use crate::state::{Action, Flow, JourneySpec, Saved};
