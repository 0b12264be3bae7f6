//! Writing forms: [`FormWriter`] writes the documented columns row by row, every text cell
//! escaped; [`write`] writes a whole list.

use super::*;

/// Writes forms as CSV with the documented columns, one row at a time.
pub struct FormWriter<W: io::Write> {
    pub(crate) writer: csv::Writer<W>,
    pub(crate) triples: usize,
    pub(crate) extra: Vec<String>,
    pub(crate) row: Vec<String>,
    /// Each instrument's SNOMED CT codes, looked up once.
    pub(crate) codes: ScoreCodes,
}

impl<W: io::Write> FormWriter<W> {
    /// Writes the header: `triples` score columns (at least one), then the scheme's own
    /// columns, `extra`, whose values each record carries by name.
    pub fn new(output: W, triples: usize, extra: &[String]) -> io::Result<FormWriter<W>> {
        let triples = triples.max(1);
        let mut writer = csv::Writer::from_writer(output);
        let mut header: Vec<String> = [
            "client",
            "date",
            "instrument",
            "version",
            "administration",
            "complete",
            "answers",
            "flags",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for n in 1..=triples {
            header.extend([
                format!("score_{n}"),
                format!("value_{n}"),
                format!("band_{n}"),
                format!("snomed_{n}"),
                format!("band_snomed_{n}"),
            ]);
        }
        header.push("definition_hash".into());
        header.push(NEEDS.into());
        header.push(SUPPORT.into());
        header.extend(extra.iter().map(|name| escape(name).into_owned()));
        writer.write_record(&header).map_err(io_error)?;
        Ok(FormWriter {
            writer,
            triples,
            extra: extra.to_vec(),
            row: Vec::new(),
            codes: ScoreCodes::default(),
        })
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let report = &record.report;
        let answers = record.answers.to_text();
        let row = &mut self.row;
        row.clear();
        for text in [
            record.client.as_str(),
            record.date.as_str(),
            report.instrument.as_str(),
            report.version.as_str(),
            report.administration,
            if report.complete { "true" } else { "false" },
            answers.as_str(),
            report.flags.join(";").as_str(),
        ] {
            row.push(escape(text).into_owned());
        }
        let codes = self.codes.for_report(report);
        for n in 0..self.triples {
            match report.scores.get(n) {
                Some(entry) => {
                    row.push(escape(&entry.id).into_owned());
                    // A number the core computed: written as a number, sign and all.
                    row.push(entry.value.map(|v| v.to_string()).unwrap_or_default());
                    row.push(escape(entry.band.as_deref().unwrap_or_default()).into_owned());
                    // Digits from a checked definition: no escaping needed or possible.
                    let (score_code, band_code) = codes
                        .as_deref()
                        .and_then(|codes| codes.get(n))
                        .map(|score| score.codes_for(entry))
                        .unwrap_or_default();
                    row.push(if entry.value.is_some() {
                        score_code.to_owned()
                    } else {
                        String::new()
                    });
                    row.push(band_code.to_owned());
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        row.push(escape(&report.definition_hash).into_owned());
        row.push(escape(&record.needs.join("; ")).into_owned());
        row.push(escape(&record.support.join("; ")).into_owned());
        // A record read from a file carries its own columns in the header's order, so each
        // is found at its place; otherwise they are looked up by name, once for the row.
        // Never a search per column: a file with 100,000 own columns stays linear.
        let mut by_name: Option<std::collections::HashMap<&str, &str>> = None;
        for (index, name) in self.extra.iter().enumerate() {
            let value = match record.extra.get(index) {
                Some((column, value)) if column == name => value.as_str(),
                _ => by_name
                    .get_or_insert_with(|| {
                        record
                            .extra
                            .iter()
                            .rev()
                            .map(|(column, value)| (column.as_str(), value.as_str()))
                            .collect()
                    })
                    .get(name.as_str())
                    .copied()
                    .unwrap_or(""),
            };
            row.push(escape(value).into_owned());
        }
        self.writer.write_record(&*row).map_err(io_error)
    }

    /// Flushes and gives back the output.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

/// One score's SNOMED CT codes: its own, and its bands' by band id.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScoreCode {
    code: String,
    bands: Vec<(String, String)>,
}

impl ScoreCode {
    /// The score's code and the code of the band the entry falls in (empty where none).
    fn codes_for(&self, entry: &wellcheck_core::report::ScoreEntry) -> (&str, &str) {
        let band = entry
            .band
            .as_deref()
            .and_then(|band| self.bands.iter().find(|(id, _)| id == band))
            .map_or("", |(_, code)| code.as_str());
        (self.code.as_str(), band)
    }
}

/// The SNOMED CT codes of the built-in instruments' scores, by instrument, looked up once
/// each. A record's codes come from the catalogue only when its definition hash is the
/// built-in's: a record scored by another definition gets none rather than a guess.
#[derive(Debug, Default)]
pub(crate) struct ScoreCodes {
    known: HashMap<String, Option<BuiltInCodes>>,
}

/// A built-in definition's hash and its scores' codes, in score order.
type BuiltInCodes = (String, Rc<[ScoreCode]>);

impl ScoreCodes {
    fn for_report(&mut self, report: &ScoreReport) -> Option<Rc<[ScoreCode]>> {
        let (hash, codes) = self
            .known
            .entry(report.instrument.clone())
            .or_insert_with(|| {
                let instrument = catalogue::get(&report.instrument).ok()?;
                let codes: Rc<[ScoreCode]> = instrument
                    .scores()
                    .iter()
                    .map(|score| ScoreCode {
                        code: score.codes().snomed().unwrap_or_default().to_owned(),
                        bands: score
                            .banding()
                            .map(|banding| {
                                banding
                                    .bands()
                                    .iter()
                                    .filter_map(|band| {
                                        Some((
                                            band.id().to_owned(),
                                            band.codes().snomed()?.to_owned(),
                                        ))
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect();
                Some((instrument.definition_hash().to_owned(), codes))
            })
            .as_ref()?;
        (*hash == report.definition_hash).then(|| Rc::clone(codes))
    }
}

/// The underlying I/O error (a closed pipe stays a closed pipe, so callers can tell).
pub(crate) fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes records as CSV with the documented columns (as many score triples as the record
/// with most scores needs; the scheme's own columns in order of first appearance).
pub fn write(records: &[Record]) -> String {
    let triples = records
        .iter()
        .map(|record| record.report.scores.len())
        .max()
        .unwrap_or(1);
    let mut extra: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (name, _) in records.iter().flat_map(|record| &record.extra) {
        if seen.insert(name.as_str()) {
            extra.push(name.clone());
        }
    }
    let written = FormWriter::new(Vec::new(), triples, &extra).and_then(|mut writer| {
        for record in records {
            writer.write(record)?;
        }
        writer.finish()
    });
    written
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
