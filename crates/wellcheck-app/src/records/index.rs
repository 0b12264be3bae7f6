//! The caseload index: every client with their visits' summaries, the settings, the
//! imported wording and the last backup; search, sort, follow-up due and the backup nudge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wellcheck_core::dates;

use super::*;

/// A client's line in the caseload index: enough to list, search and sort without opening
/// every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// The client's record id.
    pub id: String,
    /// Reference.
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Each visit: `(id, date, kind, finished)`, by date.
    pub visits: Vec<VisitSummary>,
}

/// A visit's line in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
    /// The visit's record id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Baseline or follow-up.
    pub kind: VisitKind,
    /// Whether every form is finished.
    pub finished: bool,
    /// Whether a safety flag in it awaits the worker.
    #[serde(default)]
    pub flagged: bool,
    /// Safety flags seen and what was done: a lasting mark on the client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safety: Vec<SafetyNote>,
    /// What the outcomes need of the visit once it is finished (see [`VisitDigest`]);
    /// absent in lines written before it.
    #[serde(rename = "outcome", default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<VisitDigest>,
}

impl VisitSummary {
    /// The index line for a visit.
    pub fn of(visit: &Visit) -> VisitSummary {
        VisitSummary {
            id: visit.id.clone(),
            date: visit.date.clone(),
            kind: visit.kind,
            finished: visit.finished,
            flagged: !visit.unseen_flags.is_empty(),
            safety: visit.safety_notes.clone(),
            digest: VisitDigest::of(visit),
        }
    }

    /// Whether `kept` (a line as stored) says what this line, worked out from the visit,
    /// says. A kept line without an outcome digest (from before digests) is not stale for
    /// that; one with a digest must hold this one's.
    pub fn lists_as(&self, kept: &VisitSummary) -> bool {
        (
            &self.id,
            &self.date,
            self.kind,
            self.finished,
            self.flagged,
            &self.safety,
        ) == (
            &kept.id,
            &kept.date,
            kept.kind,
            kept.finished,
            kept.flagged,
            &kept.safety,
        ) && (kept.digest.is_none() || kept.digest == self.digest)
    }
}

impl ClientSummary {
    /// Whether a safety flag was ever raised at one of the client's visits (seen or not):
    /// the lasting mark on the client list and page.
    pub fn safety_marked(&self) -> bool {
        self.visits
            .iter()
            .any(|visit| visit.flagged || !visit.safety.is_empty())
    }

    /// The index line for a client and their visits.
    pub fn of(client: &Client, visits: Vec<VisitSummary>) -> ClientSummary {
        let mut summary = ClientSummary {
            id: client.id.clone(),
            reference: client.reference.clone(),
            initials: client.initials.clone(),
            visits,
        };
        summary.sort_visits();
        summary
    }

    fn sort_visits(&mut self) {
        self.visits
            .sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    }

    /// Adds or replaces a visit's line.
    pub fn set_visit(&mut self, visit: VisitSummary) {
        self.visits.retain(|known| known.id != visit.id);
        self.visits.push(visit);
        self.sort_visits();
    }

    /// Why a new visit on `date` of this `kind` would turn the client's outcome round, if
    /// it would: a follow-up dated before their finished baseline (a clock set back,
    /// a slip in the date field), or a baseline dated after a finished follow-up. Pairing
    /// goes by date, so such a visit would be read as the wrong end of the change.
    pub fn visit_date_problem(&self, date: &str, kind: VisitKind) -> Option<String> {
        self.changed_visit_date_problem(date, kind, None)
    }

    /// As [`ClientSummary::visit_date_problem`], for a visit already kept (`except`, its id)
    /// whose date or kind is being changed: it is not compared with itself.
    pub fn changed_visit_date_problem(
        &self,
        date: &str,
        kind: VisitKind,
        except: Option<&str>,
    ) -> Option<String> {
        let finished = |wanted: VisitKind| {
            self.visits
                .iter()
                .filter(move |visit| {
                    visit.finished && visit.kind == wanted && Some(visit.id.as_str()) != except
                })
                .map(|visit| visit.date.as_str())
        };
        match kind {
            VisitKind::FollowUp => finished(VisitKind::Baseline)
                .min()
                .filter(|baseline| date < *baseline)
                .map(|baseline| {
                    format!(
                        "A follow-up must come after the client's baseline visit on {baseline}. Check the date, or make this visit the baseline"
                    )
                }),
            VisitKind::Baseline => finished(VisitKind::FollowUp)
                .min()
                .filter(|follow_up| date > *follow_up)
                .map(|follow_up| {
                    format!(
                        "A baseline must come before the client's follow-up visit on {follow_up}. Check the date, or make this visit a follow-up"
                    )
                }),
        }
    }

    /// The date of the latest finished visit.
    pub fn last_visit(&self) -> Option<&str> {
        self.visits
            .iter()
            .rev()
            .find(|visit| visit.finished)
            .map(|visit| visit.date.as_str())
    }

    /// When a follow-up is due: `weeks` after the latest finished baseline, unless a
    /// finished follow-up came after it.
    pub fn follow_up_due(&self, weeks: u16) -> Option<String> {
        let baseline = self
            .visits
            .iter()
            .rev()
            .find(|visit| visit.finished && visit.kind == VisitKind::Baseline)?;
        let followed = self.visits.iter().any(|visit| {
            visit.finished && visit.kind == VisitKind::FollowUp && visit.date > baseline.date
        });
        if followed {
            return None;
        }
        let date = dates::date_number(&baseline.date)?;
        dates::add_days(date, i64::from(weeks) * 7).map(dates::text)
    }

    /// An unfinished visit to resume, if there is one.
    pub fn unfinished_visit(&self) -> Option<&VisitSummary> {
        self.visits.iter().rev().find(|visit| !visit.finished)
    }
}

/// The scheme's settings, kept in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many idle minutes.
    pub auto_lock_minutes: u16,
    /// Follow-up falls due this many weeks after a baseline.
    pub follow_up_weeks: u16,
    /// Needs the scheme added to the standard list.
    pub extra_needs: Vec<String>,
    /// Support the scheme added to the standard list.
    pub extra_support: Vec<String>,
    /// This tablet's name in exports (client ids are written `NAME-REFERENCE`); empty
    /// until the worker first exports.
    #[serde(default)]
    pub tablet_name: String,
    /// The scheme's name, at the top of the Outcomes page and its printout; empty when not
    /// given.
    #[serde(default)]
    pub scheme_name: String,
}

/// Shortest and longest idle time before locking, in minutes.
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u16> = 1..=60;
/// Shortest and longest follow-up interval, in weeks.
pub const FOLLOW_UP_RANGE: std::ops::RangeInclusive<u16> = 1..=104;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 5,
            // Schemes commonly follow up at 3 months (outcomes.md: 3 and 6 months).
            follow_up_weeks: 12,
            extra_needs: Vec::new(),
            extra_support: Vec::new(),
            tablet_name: String::new(),
            scheme_name: String::new(),
        }
    }
}

/// The caseload index: one record opened at unlock to list every client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Index {
    /// Settings.
    pub settings: Settings,
    /// Every client.
    pub clients: Vec<ClientSummary>,
    /// Licensed questionnaires whose wording has been imported (the wording itself is a
    /// sealed record of its own, [`LicensedWording::record_id`]). Absent in indexes from
    /// before it.
    #[serde(default)]
    pub licensed: Vec<LicensedWording>,
    /// The day the last backup was made on this tablet, `YYYY-MM-DD`. Absent in indexes
    /// from before backups existed.
    #[serde(default)]
    pub last_backup: Option<String>,
    /// Whether this store's backups are sealed with a manifest (written by every version
    /// since backup format 2), so a backup whose manifest was taken out to pass it off as
    /// an older, unsealed one is refused. Absent (false) in indexes from before it.
    #[serde(default)]
    pub backups_sealed: bool,
}

/// Days without a backup after which the app says so.
pub const BACKUP_NUDGE_DAYS: i64 = 7;

impl Index {
    /// Records an imported wording (replacing an earlier one for the same questionnaire).
    pub fn set_licensed(&mut self, wording: LicensedWording) {
        self.licensed
            .retain(|known| known.instrument != wording.instrument);
        self.licensed.push(wording);
        self.licensed
            .sort_by(|a, b| a.instrument.cmp(&b.instrument));
    }

    /// What to say when a backup is due: there are clients and no backup yet, or none for
    /// [`BACKUP_NUDGE_DAYS`] days. `None` when all is well.
    pub fn backup_nudge(&self, today: &str) -> Option<String> {
        if self.clients.is_empty() {
            return None;
        }
        let Some(last) = &self.last_backup else {
            return Some("No backup of these records has been made yet.".to_owned());
        };
        if last.as_str() > today {
            return Some(format!(
                "The last backup is dated {last}, after today's date on this tablet: make a backup now."
            ));
        }
        let days = match (dates::date_number(last), dates::date_number(today)) {
            (Some(last), Some(today)) => {
                dates::days_from_civil(today) - dates::days_from_civil(last)
            }
            _ => return None,
        };
        (days >= BACKUP_NUDGE_DAYS)
            .then(|| format!("The last backup of these records was made {days} days ago."))
    }

    /// Notes a backup made (or restored) on `date`, keeping the later of it and the last.
    /// A date after `today` (a tablet whose clock was wrong, or an edited file) is never
    /// kept, and one already kept is dropped: it would silence the backup reminder until
    /// that day.
    pub fn note_backup(&mut self, date: &str, today: &str) {
        // A last backup dated after today (its tablet's clock ran ahead, or it came in a
        // restored backup) counts for nothing: kept, it would outrank every real one.
        if self.last_backup.as_deref().is_some_and(|last| last > today) {
            self.last_backup = None;
        }
        if dates::check(date).is_err() || date > today {
            return;
        }
        if self.last_backup.as_deref().is_none_or(|last| last < date) {
            self.last_backup = Some(date.to_owned());
        }
    }

    /// Where this index and the records beside it disagree (a backup with a record taken
    /// out, or an older copy of one put back), in plain words; empty when every client,
    /// visit and licensed wording it names is there, as it names it, and nothing else.
    pub fn disagreements(
        &self,
        clients: &[Client],
        visits: &[Visit],
        licensed_ids: &[&str],
    ) -> Vec<String> {
        use std::collections::BTreeSet;
        let mut problems = Vec::new();
        let mut say = |ids: Vec<&str>, before: &str, after: &str| {
            if !ids.is_empty() {
                let count = count_in_words(ids.iter().copied());
                problems.push(format!("{before}{count}{after}"));
            }
        };
        let client_records: BTreeMap<&str, &Client> = clients
            .iter()
            .map(|client| (client.id.as_str(), client))
            .collect();
        let visit_records: BTreeMap<&str, &Visit> = visits
            .iter()
            .map(|visit| (visit.id.as_str(), visit))
            .collect();
        let listed_visits: BTreeMap<&str, (&str, &VisitSummary)> = self
            .clients
            .iter()
            .flat_map(|client| {
                client
                    .visits
                    .iter()
                    .map(move |visit| (visit.id.as_str(), (client.id.as_str(), visit)))
            })
            .collect();
        let listed_licensed: Vec<String> = self
            .licensed
            .iter()
            .map(|wording| LicensedWording::record_id(&wording.instrument))
            .collect();
        // Every record the index names, and every record the backup holds.
        let listed: BTreeSet<&str> = self
            .clients
            .iter()
            .map(|client| client.id.as_str())
            .chain(listed_visits.keys().copied())
            .chain(listed_licensed.iter().map(String::as_str))
            .collect();
        let held: BTreeSet<&str> = client_records
            .keys()
            .chain(visit_records.keys())
            .chain(licensed_ids)
            .copied()
            .collect();
        say(
            listed.difference(&held).copied().collect(),
            "the backup is missing ",
            "",
        );
        say(
            held.difference(&listed).copied().collect(),
            "it holds ",
            " that its list of clients does not name",
        );
        let stale_clients = self.clients.iter().filter_map(|summary| {
            let record = client_records.get(summary.id.as_str())?;
            (record.reference != summary.reference || record.initials != summary.initials)
                .then_some(summary.id.as_str())
        });
        let stale_visits = listed_visits.iter().filter_map(|(id, (client, summary))| {
            let record = visit_records.get(id)?;
            (record.client != *client || !VisitSummary::of(record).lists_as(summary)).then_some(*id)
        });
        say(
            stale_clients.chain(stale_visits).collect(),
            "it holds an older or altered copy of ",
            "",
        );
        problems
    }

    /// The imported wording for `instrument`, if any.
    pub fn licensed(&self, instrument: &str) -> Option<&LicensedWording> {
        self.licensed
            .iter()
            .find(|known| known.instrument == instrument)
    }
}

/// How the client list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Reference, A to Z.
    #[default]
    Reference,
    /// Most recent visit first; never visited last.
    LastVisit,
    /// Soonest follow-up first; none due last.
    FollowUpDue,
}

impl SortBy {
    /// Every order, as offered.
    pub const ALL: [SortBy; 3] = [SortBy::Reference, SortBy::LastVisit, SortBy::FollowUpDue];

    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Reference => "Reference (A to Z)",
            SortBy::LastVisit => "Last visit (most recent first)",
            SortBy::FollowUpDue => "Follow-up due (soonest first)",
        }
    }

    /// The value used in the form control.
    pub fn value(self) -> &'static str {
        match self {
            SortBy::Reference => "reference",
            SortBy::LastVisit => "last-visit",
            SortBy::FollowUpDue => "follow-up",
        }
    }

    /// Reads a form control's value.
    pub fn parse(value: &str) -> SortBy {
        SortBy::ALL
            .into_iter()
            .find(|sort| sort.value() == value)
            .unwrap_or_default()
    }
}

impl Index {
    /// The clients whose reference or initials contain `search` (any case), in `order`.
    pub fn list(&self, search: &str, order: SortBy) -> Vec<&ClientSummary> {
        let needle = reference_key(search);
        let mut found: Vec<&ClientSummary> = self
            .clients
            .iter()
            .filter(|client| {
                needle.is_empty()
                    || reference_key(&client.reference).contains(&needle)
                    || client.initials.to_lowercase().contains(&needle)
            })
            .collect();
        let weeks = self.settings.follow_up_weeks;
        let by_reference = |a: &&ClientSummary, b: &&ClientSummary| {
            reference_key(&a.reference).cmp(&reference_key(&b.reference))
        };
        match order {
            SortBy::Reference => found.sort_by(by_reference),
            SortBy::LastVisit => found.sort_by(|a, b| {
                // Latest first; never visited at the end.
                b.last_visit()
                    .cmp(&a.last_visit())
                    .then_with(|| by_reference(a, b))
            }),
            SortBy::FollowUpDue => found.sort_by(|a, b| {
                let (due_a, due_b) = (a.follow_up_due(weeks), b.follow_up_due(weeks));
                match (due_a, due_b) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| by_reference(a, b))
            }),
        }
        found
    }

    /// Whether a client other than `except` has a reference that reads as `key`.
    pub fn reference_taken(&self, key: &str, except: Option<&str>) -> bool {
        self.clients.iter().any(|client| {
            Some(client.id.as_str()) != except && reference_key(&client.reference) == key
        })
    }

    /// Adds or replaces a client's line, keeping their visits.
    pub fn set_client(&mut self, client: &Client) {
        match self.clients.iter_mut().find(|known| known.id == client.id) {
            Some(known) => {
                known.reference = client.reference.clone();
                known.initials = client.initials.clone();
            }
            None => self.clients.push(ClientSummary::of(client, Vec::new())),
        }
    }

    /// A client's line.
    pub fn client(&self, id: &str) -> Option<&ClientSummary> {
        self.clients.iter().find(|client| client.id == id)
    }

    /// Takes a client's line (with its visits' lines) out of the index.
    pub fn remove_client(&mut self, id: &str) -> Option<ClientSummary> {
        let at = self.clients.iter().position(|client| client.id == id)?;
        Some(self.clients.remove(at))
    }

    /// Takes a visit's line out of its client's; false if no client lists it.
    pub fn remove_visit(&mut self, id: &str) -> bool {
        self.clients.iter_mut().any(|client| {
            let before = client.visits.len();
            client.visits.retain(|visit| visit.id != id);
            client.visits.len() != before
        })
    }

    /// Records a visit's line under its client; false if the client is unknown.
    pub fn set_visit(&mut self, visit: &Visit) -> bool {
        match self
            .clients
            .iter_mut()
            .find(|client| client.id == visit.client)
        {
            Some(client) => {
                client.set_visit(VisitSummary::of(visit));
                true
            }
            None => false,
        }
    }
}
