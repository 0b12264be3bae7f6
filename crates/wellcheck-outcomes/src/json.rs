//! The JSON contract of [`Outcomes`] (`wellcheck report --json`): fields may be added,
//! never removed.

use serde_json::{Map, Value, json};

use crate::analysis::*;

pub(crate) fn number(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!(v))
}

/// One counted entry: `{entry, group, clients, visits}`.
fn work_json(count: &crate::work::WorkCount) -> Value {
    json!({
        "entry": count.entry,
        "group": count.group,
        "clients": count.clients,
        "visits": count.visits,
    })
}

impl Outcomes {
    /// The report as JSON: a contract (fields may be added, never removed).
    pub fn to_json_value(&self) -> Value {
        let instruments: Vec<Value> = self
            .scores
            .iter()
            .map(ScoreOutcome::to_json_value)
            .collect();
        let funnel = &self.funnel;
        let headline = self.headline();
        let headline = json!({
            "period": headline.period,
            "clients": headline.clients,
            "sentences": headline.sentences,
            "work": headline.work,
        });
        json!({
            "report": "wellcheck outcomes",
            "pairing": "per client and score, the earliest form with the score (baseline) against the latest later form with it (follow-up)",
            "rule_requested": self.rule.as_str(),
            "caveats": [NO_CONTROL_NOTE, REGRESSION_CAVEAT],
            "warnings": self.warnings,
            "funnel": {
                "clients_with_baseline": funnel.clients_with_baseline,
                "clients_with_follow_up": funnel.clients_with_follow_up,
                "lost_to_follow_up": funnel.clients_with_baseline - funnel.clients_with_follow_up.min(funnel.clients_with_baseline),
                "attrition": number(attrition(funnel.clients_with_baseline, funnel.clients_with_follow_up)),
                "by_instrument": funnel.by_instrument.iter().map(|row| json!({
                    "instrument": row.instrument,
                    "with_baseline": row.with_baseline,
                    "with_follow_up": row.with_follow_up,
                    "lost_to_follow_up": row.with_baseline - row.with_follow_up.min(row.with_baseline),
                    "attrition": number(attrition(row.with_baseline, row.with_follow_up)),
                })).collect::<Vec<_>>(),
            },
            "instruments": instruments,
            "omitted_scores": self.omitted.iter().map(|o| json!({"instrument": o.instrument, "score": o.score, "reason": o.reason})).collect::<Vec<_>>(),
            "period": self.period.as_ref().map(|(from, to)| json!({"first_form": from, "last_form": to})),
            "definitions": self.definitions.iter().map(|d| json!({
                "instrument": d.id, "name": d.name, "version": d.version, "definition_hash": d.hash,
            })).collect::<Vec<_>>(),
            "inputs": self.sources,
            "scheme": self.scheme,
            "headline": headline,
            "needs": self.needs.iter().map(work_json).collect::<Vec<_>>(),
            "support": self.support.iter().map(work_json).collect::<Vec<_>>(),
        })
    }
}

impl ScoreOutcome {
    /// Keeps only counts of movement: the score is a category code, where a mean would be
    /// a number with no meaning.
    pub(crate) fn counts_only(&mut self) {
        self.mean_baseline = None;
        self.mean_follow_up = None;
        self.mean_change = None;
        self.sd_change = None;
        self.mean_change_ci95 = None;
        self.t_multiplier = None;
        self.median_change = None;
        self.mean_change_among_improved = None;
        for band in &mut self.by_baseline_band {
            band.mean_change = None;
        }
        self.counts_only = true;
        self.notes.push(
            "This score is a category code, so only the counts of clients who moved are given: an average of codes would mean nothing.".to_owned(),
        );
    }

    /// One instrument-and-score entry of the JSON report.
    pub fn to_json_value(&self) -> Value {
        let mut bands = Map::new();
        for (order, band) in self.by_baseline_band.iter().enumerate() {
            bands.insert(
                band.id.clone(),
                json!({
                    "order": order,
                    "label": band.label,
                    "n": band.n,
                    "improved": band.movement.improved,
                    "unchanged": band.movement.unchanged,
                    "worsened": band.movement.worsened,
                    "mean_change": number(band.mean_change),
                    "note": band.note,
                }),
            );
        }
        let rule = &self.rule;
        json!({
            "instrument": self.instrument,
            "instrument_name": self.instrument_name,
            "score": self.score,
            "score_name": self.score_name,
            "higher_is": self.direction.as_str(),
            "rule": rule.used.as_str(),
            "rule_requested": rule.requested.as_str(),
            "rule_description": rule.description,
            "rule_threshold": number(rule.threshold),
            "rule_basis": rule.basis,
            "rule_source": rule.source,
            "rule_note": rule.note,
            "n_paired": self.n_paired,
            "n_unpaired": self.n_unpaired,
            "n_incomplete": self.n_incomplete,
            "improved": self.movement.improved,
            "unchanged": self.movement.unchanged,
            "worsened": self.movement.worsened,
            "mean_baseline": number(self.mean_baseline),
            "mean_follow_up": number(self.mean_follow_up),
            "mean_change": number(self.mean_change),
            "sd_change": number(self.sd_change),
            "mean_change_ci95": self.mean_change_ci95.map(|(low, high)| json!({"low": low, "high": high})),
            "t_multiplier": number(self.t_multiplier),
            "median_change": number(self.median_change),
            "median_days_to_follow_up": number(self.median_days_to_follow_up),
            "mean_change_among_improved": number(self.mean_change_among_improved),
            "banding": self.banding.as_ref().map(|(id, basis, source)| json!({"id": id, "basis": basis, "source": source})),
            "by_baseline_band": bands,
            "band_order": self.by_baseline_band.iter().map(|band| band.id.as_str()).collect::<Vec<_>>(),
            "counts_only": self.counts_only,
            "notes": self.notes,
        })
    }
}
