//! Flags: the conditions that raise a safety or screening flag.

use crate::definition::FlagDefinition;
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_flags(
    value: &Located<'_>,
    declared: &DecodedItems,
    problems: &mut Problems,
) -> Option<Vec<FlagDefinition>> {
    let mut flags: Vec<FlagDefinition> = Vec::new();
    let mut complete = true;
    for entry in value.array(problems)? {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            continue;
        };
        let id = obj.required_string("id", problems);
        let label = obj.required_string("label", problems);
        let when = obj
            .required("when", problems)
            .and_then(|v| decode_condition(&v, declared, problems));
        let sourced = decode_sourced(&mut obj, problems);
        obj.finish(problems);
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if flags.iter().any(|flag| &flag.id == id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("flag id `{id}` is used twice"),
                );
            }
        }
        match (id, label, when, sourced) {
            (Some(id), Some(label), Some(when), Some(sourced)) => flags.push(FlagDefinition {
                id,
                label,
                when,
                sourced,
            }),
            _ => complete = false,
        }
    }
    complete.then_some(flags)
}
