//! A validated [`Instrument`] in the compact form of [`crate::compact`], field by field in
//! declaration order. Only instruments the full decoder accepted are written, so reading
//! checks that the bytes are whole, not what they say; the catalogue tests check that every
//! built-in instrument reads back equal to its decoded definition.

use std::sync::Arc;

use super::{
    Band, Banding, Basis, ChangeReference, ChangeSummary, ChangeThreshold, Codes, Condition,
    Direction, FlagDefinition, Instrument, Item, LicenceClass, MissingRule, ReliabilityKind,
    Response, ResponseOption, ScoreDefinition, ScoreRule, Sourced, Test,
};
use crate::compact_bytes::{CompactError, Reader, Writer};

type Read<T> = Result<T, CompactError>;

fn choice<T>(input: &mut Reader<'_>, options: &[T], expected: &'static str) -> Read<T>
where
    T: Copy,
{
    let at = input.clone();
    let index = input.unsigned()?;
    usize::try_from(index)
        .ok()
        .and_then(|index| options.get(index).copied())
        .ok_or(())
        .or_else(|()| {
            *input = at;
            input.fail(expected)
        })
}

fn write_sourced(out: &mut Writer, sourced: &Sourced) {
    out.flag(sourced.basis == Basis::Published);
    out.text(&sourced.source);
}

fn read_sourced(input: &mut Reader<'_>) -> Read<Sourced> {
    Ok(Sourced {
        basis: if input.flag()? {
            Basis::Published
        } else {
            Basis::Convention
        },
        source: input.text()?,
    })
}

/// Codes: one number saying which of the four texts follow (most options, items and bands
/// have none, so this is one byte each), then those texts.
fn write_codes(out: &mut Writer, codes: &Codes) {
    let texts = [
        &codes.loinc,
        &codes.snomed,
        &codes.snomed_term,
        &codes.source,
    ];
    let present = texts
        .iter()
        .enumerate()
        .filter(|(_, text)| text.is_some())
        .fold(0_u64, |bits, (at, _)| bits | 1 << at);
    out.unsigned(present);
    for text in texts.into_iter().flatten() {
        out.text(text);
    }
}

fn read_codes(input: &mut Reader<'_>) -> Read<Codes> {
    let at = input.clone();
    let present = input.unsigned()?;
    if present >= 1 << 4 {
        *input = at;
        return input.fail("which codes follow (0 to 15)");
    }
    let mut text = |bit: u64| -> Read<Option<String>> {
        if present & bit == 0 {
            Ok(None)
        } else {
            input.text().map(Some)
        }
    };
    Ok(Codes {
        loinc: text(1)?,
        snomed: text(2)?,
        snomed_term: text(4)?,
        source: text(8)?,
    })
}

fn write_positions(out: &mut Writer, positions: &[usize]) {
    out.list(positions, |out, position| out.count(*position));
}

fn read_positions(input: &mut Reader<'_>) -> Read<Vec<usize>> {
    input.list(Reader::position)
}

fn write_values(out: &mut Writer, values: &[i64]) {
    out.list(values, |out, value| out.signed(*value));
}

fn read_values(input: &mut Reader<'_>) -> Read<Vec<i64>> {
    input.list(Reader::signed)
}

fn write_condition(out: &mut Writer, condition: &Condition) {
    write_positions(out, &condition.items);
    match &condition.test {
        Test::Above(limit) => {
            out.count(0);
            out.signed(*limit);
        }
        Test::AtMost(limit) => {
            out.count(1);
            out.signed(*limit);
        }
        Test::OneOf(values) => {
            out.count(2);
            write_values(out, values);
        }
    }
}

fn read_condition(input: &mut Reader<'_>) -> Read<Condition> {
    let items = read_positions(input)?;
    let test = match choice(input, &[0, 1, 2], "a test (0 to 2)")? {
        0 => Test::Above(input.signed()?),
        1 => Test::AtMost(input.signed()?),
        _ => Test::OneOf(read_values(input)?),
    };
    Ok(Condition { items, test })
}

/// The response sets an instrument's items share, each written once: `(set, options)`.
fn response_sets(instrument: &Instrument) -> Vec<(&str, &Arc<[ResponseOption]>)> {
    let mut sets: Vec<(&str, &Arc<[ResponseOption]>)> = Vec::new();
    for item in &instrument.items {
        if let Response::Choice { set, options } = &item.response
            && !sets.iter().any(|(known, _)| *known == set.as_str())
        {
            sets.push((set, options));
        }
    }
    sets
}

fn write_item(out: &mut Writer, item: &Item, sets: &[(&str, &Arc<[ResponseOption]>)]) {
    out.text(&item.id);
    out.optional_text(item.stem.as_deref());
    out.optional_text(item.text.as_deref());
    match &item.response {
        Response::Choice { set, .. } => {
            out.count(0);
            out.count(
                sets.iter()
                    .position(|(known, _)| *known == set.as_str())
                    .unwrap_or(0),
            );
        }
        Response::Number { min, max, unit } => {
            out.count(1);
            out.signed(*min);
            out.signed(*max);
            out.text(unit);
        }
    }
    out.flag(item.optional);
    out.flag(item.enable_when.is_some());
    if let Some(condition) = &item.enable_when {
        write_condition(out, condition);
    }
    write_codes(out, &item.codes);
}

fn read_item(input: &mut Reader<'_>, sets: &[(String, Arc<[ResponseOption]>)]) -> Read<Item> {
    let id = input.text()?;
    let stem = input.optional_text()?;
    let text = input.optional_text()?;
    let response = match choice(input, &[0, 1], "a response kind (0 or 1)")? {
        0 => {
            let at = input.clone();
            let Some((set, options)) = sets.get(input.position()?) else {
                *input = at;
                return input.fail("a response set");
            };
            Response::Choice {
                set: set.clone(),
                options: Arc::clone(options),
            }
        }
        _ => Response::Number {
            min: input.signed()?,
            max: input.signed()?,
            unit: input.text()?,
        },
    };
    Ok(Item {
        id,
        stem,
        text,
        response,
        optional: input.flag()?,
        enable_when: if input.flag()? {
            Some(read_condition(input)?)
        } else {
            None
        },
        codes: read_codes(input)?,
    })
}

fn write_rule(out: &mut Writer, rule: &ScoreRule) {
    match rule {
        ScoreRule::Sum { items, reverse } => {
            out.count(0);
            write_positions(out, items);
            write_positions(out, reverse);
        }
        ScoreRule::CountMatching { groups } => {
            out.count(1);
            out.list(groups, |out, (items, values)| {
                write_positions(out, items);
                write_values(out, values);
            });
        }
        ScoreRule::Multiply { score, factor } => {
            out.count(2);
            out.count(*score);
            out.decimal(*factor);
        }
        ScoreRule::Lookup { score, table } => {
            out.count(3);
            out.count(*score);
            out.list(table, |out, (from, to)| {
                out.decimal(*from);
                out.decimal(*to);
            });
        }
        ScoreRule::Product { items } => {
            out.count(4);
            write_positions(out, items);
        }
        ScoreRule::Matrix {
            rows,
            columns,
            table,
        } => {
            out.count(5);
            write_positions(out, rows);
            write_positions(out, columns);
            out.list(table, |out, (row, column, result)| {
                out.signed(*row);
                out.signed(*column);
                out.decimal(*result);
            });
        }
        ScoreRule::Item { item } => {
            out.count(6);
            out.count(*item);
        }
    }
}

fn read_rule(input: &mut Reader<'_>) -> Read<ScoreRule> {
    Ok(
        match choice(input, &[0, 1, 2, 3, 4, 5, 6], "a score rule (0 to 6)")? {
            0 => ScoreRule::Sum {
                items: read_positions(input)?,
                reverse: read_positions(input)?,
            },
            1 => ScoreRule::CountMatching {
                groups: input.list(|input| Ok((read_positions(input)?, read_values(input)?)))?,
            },
            2 => ScoreRule::Multiply {
                score: input.position()?,
                factor: input.decimal()?,
            },
            3 => ScoreRule::Lookup {
                score: input.position()?,
                table: input.list(|input| Ok((input.decimal()?, input.decimal()?)))?,
            },
            4 => ScoreRule::Product {
                items: read_positions(input)?,
            },
            5 => ScoreRule::Matrix {
                rows: read_positions(input)?,
                columns: read_positions(input)?,
                table: input
                    .list(|input| Ok((input.signed()?, input.signed()?, input.decimal()?)))?,
            },
            _ => ScoreRule::Item {
                item: input.position()?,
            },
        },
    )
}

fn write_banding(out: &mut Writer, banding: &Banding) {
    out.text(&banding.id);
    write_sourced(out, &banding.sourced);
    out.list(&banding.bands, |out, band| {
        out.text(&band.id);
        out.text(&band.label);
        out.decimal(band.min);
        out.decimal(band.max);
        write_codes(out, &band.codes);
    });
}

fn read_banding(input: &mut Reader<'_>) -> Read<Banding> {
    Ok(Banding {
        id: input.text()?,
        sourced: read_sourced(input)?,
        bands: input.list(|input| {
            Ok(Band {
                id: input.text()?,
                label: input.text()?,
                min: input.decimal()?,
                max: input.decimal()?,
                codes: read_codes(input)?,
            })
        })?,
    })
}

fn write_score(out: &mut Writer, score: &ScoreDefinition) {
    out.text(&score.id);
    out.text(&score.name);
    write_rule(out, &score.rule);
    write_sourced(out, &score.rule_sourced);
    out.flag(score.direction == Direction::HigherIsBetter);
    out.flag(score.missing.is_some());
    if let Some(missing) = &score.missing {
        out.count(missing.allowed);
        write_sourced(out, &missing.sourced);
    }
    out.list(&score.bandings, write_banding);
    out.list(&score.changes, |out, change| {
        out.text(&change.kind);
        out.decimal(change.threshold);
        write_sourced(out, &change.sourced);
    });
    out.flag(score.change_reference.is_some());
    if let Some(reference) = &score.change_reference {
        out.decimal(reference.sd);
        out.decimal(reference.reliability);
        out.flag(reference.reliability_kind == ReliabilityKind::TestRetest);
        write_sourced(out, &reference.sourced);
    }
    write_range(out, &score.range);
    out.optional_text(score.no_published_change.as_deref());
    out.count(match score.change_summary {
        ChangeSummary::Full => 0,
        ChangeSummary::CountsOnly => 1,
        ChangeSummary::NotReported => 2,
    });
    write_codes(out, &score.codes);
    out.flag(score.unit.is_some());
    if let Some((one, other)) = &score.unit {
        out.text(one);
        out.text(other);
    }
}

fn read_score(input: &mut Reader<'_>) -> Read<ScoreDefinition> {
    Ok(ScoreDefinition {
        id: input.text()?,
        name: input.text()?,
        rule: read_rule(input)?,
        rule_sourced: read_sourced(input)?,
        direction: if input.flag()? {
            Direction::HigherIsBetter
        } else {
            Direction::LowerIsBetter
        },
        missing: if input.flag()? {
            Some(MissingRule {
                allowed: input.position()?,
                sourced: read_sourced(input)?,
            })
        } else {
            None
        },
        bandings: input.list(read_banding)?,
        changes: input.list(|input| {
            Ok(ChangeThreshold {
                kind: input.text()?,
                threshold: input.decimal()?,
                sourced: read_sourced(input)?,
            })
        })?,
        change_reference: if input.flag()? {
            Some(ChangeReference {
                sd: input.decimal()?,
                reliability: input.decimal()?,
                reliability_kind: if input.flag()? {
                    ReliabilityKind::TestRetest
                } else {
                    ReliabilityKind::InternalConsistency
                },
                sourced: read_sourced(input)?,
            })
        } else {
            None
        },
        range: if input.flag()? {
            Some((input.decimal()?, input.decimal()?))
        } else {
            None
        },
        no_published_change: input.optional_text()?,
        change_summary: choice(
            input,
            &[
                ChangeSummary::Full,
                ChangeSummary::CountsOnly,
                ChangeSummary::NotReported,
            ],
            "a change summary (0 to 2)",
        )?,
        codes: read_codes(input)?,
        unit: if input.flag()? {
            Some((input.text()?, input.text()?))
        } else {
            None
        },
    })
}

fn write_range(out: &mut Writer, range: &Option<(crate::Decimal, crate::Decimal)>) {
    out.flag(range.is_some());
    if let Some((low, high)) = range {
        out.decimal(*low);
        out.decimal(*high);
    }
}

impl Instrument {
    /// Writes this instrument (with its hash and each score's range) in the compact form.
    pub(crate) fn write_compact(&self, out: &mut Writer) {
        out.text(&self.id);
        out.text(&self.version);
        out.text(&self.name);
        out.text(&self.short_name);
        out.flag(self.licence == LicenceClass::Licensed);
        out.text(&self.licence_statement);
        out.text(&self.attribution);
        out.list(&self.sources, |out, source| out.text(source));
        out.optional_text(self.instructions.as_deref());
        let sets = response_sets(self);
        out.list(&sets, |out, (set, options)| {
            out.text(set);
            out.list(options, |out, option| {
                out.signed(option.value);
                out.optional_text(option.label.as_deref());
                write_codes(out, &option.codes);
            });
        });
        out.list(&self.items, |out, item| write_item(out, item, &sets));
        out.list(&self.scores, write_score);
        out.list(&self.flags, |out, flag| {
            out.text(&flag.id);
            out.text(&flag.label);
            write_condition(out, &flag.when);
            write_sourced(out, &flag.sourced);
        });
        write_codes(out, &self.codes);
        out.text(&self.hash);
        out.optional_text(self.licensed_text_reference.as_deref());
    }

    /// Reads an instrument [`Instrument::write_compact`] wrote.
    pub(crate) fn read_compact(input: &mut Reader<'_>) -> Read<Instrument> {
        let id = input.text()?;
        let version = input.text()?;
        let name = input.text()?;
        let short_name = input.text()?;
        let licence = if input.flag()? {
            LicenceClass::Licensed
        } else {
            LicenceClass::Open
        };
        let licence_statement = input.text()?;
        let attribution = input.text()?;
        let sources = input.list(Reader::text)?;
        let instructions = input.optional_text()?;
        let sets = input.list(|input| {
            let set = input.text()?;
            let options = input.list(|input| {
                Ok(ResponseOption {
                    value: input.signed()?,
                    label: input.optional_text()?,
                    codes: read_codes(input)?,
                })
            })?;
            Ok((set, Arc::from(options)))
        })?;
        Ok(Instrument {
            id,
            version,
            name,
            short_name,
            licence,
            licence_statement,
            attribution,
            sources,
            instructions,
            items: input.list(|input| read_item(input, &sets))?,
            scores: input.list(read_score)?,
            flags: input.list(|input| {
                Ok(FlagDefinition {
                    id: input.text()?,
                    label: input.text()?,
                    when: read_condition(input)?,
                    sourced: read_sourced(input)?,
                })
            })?,
            codes: read_codes(input)?,
            hash: input.text()?,
            licensed_text_reference: input.optional_text()?,
        })
    }
}
