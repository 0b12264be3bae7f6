//! The printable outcome report: one self-contained HTML page for a commissioner. It has no
//! script and no external resource (styles are inline; each chart is inline SVG followed by
//! its data table as the text alternative), so it opens anywhere, offline, and prints on A4.
//! Its own Content-Security-Policy forbids every request and every script, so even a
//! tampered copy cannot phone home. It lives beside the analysis, so the command line and the tablet app print the
//! same page; its words for numbers and rules are `words.rs`, shared with the text report. Every text from a definition or an input name is escaped.

use std::fmt::Write;

use super::{BandOutcome, Movement, NO_CONTROL_NOTE, Outcomes, REGRESSION_CAVEAT, ScoreOutcome};
pub use crate::words::{direction_words, requested_rule_words, share, signed};
use crate::words::{plural, signed_amount, trim};
use crate::work::{NEEDS_HEADING, SUPPORT_HEADING, WORK_NOTE};

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { color: #212b32; background: #fff; font-family: Arial, Helvetica, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.5; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 .5rem; border-top: 4px solid #005eb8; padding-top: .75rem; }
h3 { font-size: 1.1875rem; margin: 1.25rem 0 .5rem; }
.lede { font-size: 1.1875rem; }
.caveats { border-left: 8px solid #ffeb3b; background: #fff9c4; padding: .75rem 1rem; margin: 1rem 0; }
.caveats h2 { border-top: 0; padding-top: 0; margin-top: 0; font-size: 1.3125rem; }
.rule { border-left: 4px solid #005eb8; padding: .25rem 1rem; margin: .75rem 0; }
.note { color: #4c6272; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .75rem 0; }
dl.figures dt { font-weight: bold; }
dl.figures dd { margin: 0; }
dl.figures > div { display: contents; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9375rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border-bottom: 1px solid #d8dde0; padding: .375rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
h1, .headline { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
figure { margin: .75rem 0; }
svg { max-width: 100%; height: auto; display: block; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; margin: .25rem 0; }
.swatch { display: inline-block; width: 1rem; height: 1rem; margin-right: .375rem; vertical-align: -.125rem; border: 1px solid #212b32; }
.s-improved { background: #007f3b; } .s-unchanged { background: #aeb7bd; } .s-worsened { background: #d5281b; }
.hash { font-family: monospace; word-break: break-all; }
footer { margin-top: 2rem; border-top: 1px solid #d8dde0; padding-top: .5rem; color: #4c6272; }
section.score { break-inside: avoid-page; }
@media (max-width: 40rem) {
  body { padding: .75rem; }
  h1 { font-size: 1.75rem; }
  table { font-size: .875rem; }
  th, td { padding: .3rem .25rem; }
  dl.figures { grid-template-columns: 1fr; gap: 0; }
  dl.figures dd { margin-bottom: .375rem; }
}
.scroll:focus { outline: 3px solid #ffeb3b; box-shadow: 0 0 0 6px #212b32; }
.headline .sentences li { margin-bottom: .5rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.35; }
  .headline { font-size: 11pt; }
  .details { break-before: page; }
  h2 { font-size: 13pt; margin: 1rem 0 .25rem; padding-top: .25rem; }
  section.score { break-inside: auto; }
  .details .lede, .caveats h2 { font-size: 11pt; }
  .caveats { padding: .25rem .75rem; margin: .5rem 0; }
  .rule { padding: 0 .75rem; margin: .25rem 0; }
  .rule p, .note { margin: .125rem 0; }
  .note { font-size: 9pt; }
  /* Two figures to a line, each label beside its value. */
  dl.figures { display: flex; flex-wrap: wrap; gap: 0; margin: .25rem 0; }
  dl.figures > div { display: flex; gap: .5rem; width: 50%; }
  dl.figures > div.wide { width: 100%; }
  table { font-size: 9pt; margin: .25rem 0 .5rem; }
  th, td { padding: .125rem .375rem; }
  /* Each chart's table, right below it, carries the same figures: on paper, the table. */
  figure { display: none; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  .scroll { overflow: visible; }
}
";

/// The whole page. `generator` names the program and version that made it.
pub fn render(outcomes: &Outcomes, generator: &str) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n",
        title = esc(&title(outcomes))
    );
    page.push_str(&body(outcomes));
    let _ = write!(
        page,
        "</main>\n<footer><p>Made by {} from {}.</p></footer>\n</body>\n</html>\n",
        esc(generator),
        esc(&outcomes.sources.join(", "))
    );
    page
}

/// The page's title: the scheme's outcomes, or "Outcomes report" when it has no name.
pub fn title(outcomes: &Outcomes) -> String {
    match &outcomes.scheme {
        Some(scheme) => format!("{scheme}: outcomes report"),
        None => "Outcomes report".to_owned(),
    }
}

/// The headline summary: what a commissioner reads first, on a page of its own in print.
fn headline_section(page: &mut String, outcomes: &Outcomes) {
    let headline = outcomes.headline();
    page.push_str("<section class=\"headline\" aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
    let mut about = Vec::new();
    if let Some(scheme) = &headline.scheme {
        about.push(format!("<strong>Scheme:</strong> {}", esc(scheme)));
    }
    if let Some(period) = &headline.period {
        about.push(format!("<strong>Period:</strong> {}", esc(period)));
    }
    if !about.is_empty() {
        let _ = writeln!(page, "<p>{}</p>", about.join(" &middot; "));
    }
    let _ = writeln!(page, "<p class=\"lede\">{}</p>", esc(&headline.clients));
    if !headline.sentences.is_empty() {
        page.push_str("<ul class=\"sentences\">\n");
        for sentence in &headline.sentences {
            let _ = writeln!(page, "<li>{}</li>", esc(sentence));
        }
        page.push_str("</ul>\n");
    }
    for line in &headline.work {
        let _ = writeln!(page, "<p>{}</p>", esc(line));
    }
    let _ = writeln!(
        page,
        "<p class=\"note\">Paired clients only: each client's first form against their latest. {} {} The rule behind each figure, and every figure, follow.</p>\n</section>",
        esc(NO_CONTROL_NOTE),
        esc(WORK_NOTE)
    );
}

/// The report's content below its title, for a page that has its own title and styles
/// (the tablet app's outcomes screen): the same figures, words, charts and tables as
/// [`render`]. It uses only the class names the page's stylesheet styles, no `style`
/// attribute and no script.
pub fn body(outcomes: &Outcomes) -> String {
    let mut page = String::new();
    headline_section(&mut page, outcomes);
    page.push_str("<div class=\"details\">\n<h2 id=\"details\">The figures in full</h2>\n");
    let funnel = &outcomes.funnel;
    let _ = writeln!(
        page,
        "<p class=\"lede\">For each client and score, the earliest form with that score is the baseline and the latest later one is the follow-up. \
         Only clients with both are in the change figures. {} had a baseline; {} came back for a follow-up.{}</p>",
        plural(funnel.clients_with_baseline, "client", "clients"),
        funnel.clients_with_follow_up,
        outcomes
            .period
            .as_ref()
            .map_or(String::new(), |(from, to)| format!(
                " Forms are dated from {from} to {to}."
            )),
    );
    let _ = writeln!(
        page,
        "<p><strong>Rule asked for:</strong> {}. Each section below states the rule it used.</p>",
        esc(requested_rule_words(outcomes.rule))
    );
    let _ = write!(
        page,
        "<div class=\"caveats\">\n<h2 id=\"caveats\">Read these figures with care</h2>\n<ul>\n<li>{}</li>\n<li>{}</li>\n</ul>\n</div>\n",
        esc(NO_CONTROL_NOTE),
        esc(REGRESSION_CAVEAT)
    );
    if !outcomes.warnings.is_empty() {
        page.push_str("<div class=\"caveats\">\n<h2 id=\"check\">Check the data</h2>\n<ul>\n");
        for warning in &outcomes.warnings {
            let _ = writeln!(page, "<li>{}</li>", esc(warning));
        }
        page.push_str("</ul>\n</div>\n");
    }
    funnel_section(&mut page, outcomes);
    for score in outcomes.reading_order() {
        score_section(&mut page, score);
    }
    if !outcomes.omitted.is_empty() {
        page.push_str("<h2 id=\"omitted\">Scores not reported</h2>\n<ul>\n");
        for omitted in &outcomes.omitted {
            let _ = writeln!(
                page,
                "<li>{} {}: {}.</li>",
                esc(&omitted.instrument),
                esc(&omitted.score),
                esc(&omitted.reason)
            );
        }
        page.push_str("</ul>\n");
    }
    work_section(&mut page, outcomes);
    definitions_section(&mut page, outcomes);
    page.push_str("</div>\n");
    page
}

/// The needs and support counted, when any were recorded: one table each.
fn work_section(page: &mut String, outcomes: &Outcomes) {
    if outcomes.needs.is_empty() && outcomes.support.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<section class=\"work\">\n<h2 id=\"work\">What was done</h2>\n<p class=\"note\">{}</p>",
        esc(WORK_NOTE)
    );
    for (heading, anchor, counts) in [
        (NEEDS_HEADING, "needs", &outcomes.needs),
        (SUPPORT_HEADING, "support", &outcomes.support),
    ] {
        if counts.is_empty() {
            continue;
        }
        let _ = writeln!(
            page,
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{heading}\"><table id=\"{anchor}\">\n<caption>{heading}</caption>\n\
             <thead><tr><th scope=\"col\">Entry</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Clients</th><th scope=\"col\" class=\"num\">Visits</th></tr></thead>\n<tbody>"
        );
        for count in counts {
            let _ = writeln!(
                page,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&count.entry),
                esc(&count.group),
                count.clients,
                count.visits
            );
        }
        page.push_str("</tbody>\n</table></div>\n");
    }
    page.push_str("</section>\n");
}

fn funnel_section(page: &mut String, outcomes: &Outcomes) {
    let funnel = &outcomes.funnel;
    let _ = write!(
        page,
        "<h2 id=\"funnel\">Who came back</h2>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Follow-up by questionnaire\"><table>\n<caption>Follow-up by questionnaire</caption>\n\
         <thead><tr><th scope=\"col\">Questionnaire</th><th scope=\"col\" class=\"num\">With a baseline</th>\
         <th scope=\"col\" class=\"num\">With a follow-up</th><th scope=\"col\" class=\"num\">No follow-up yet</th></tr></thead>\n<tbody>\n"
    );
    let lost = |with: u64, back: u64| share(with - back.min(with), with);
    for row in outcomes.funnel_in_reading_order() {
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&row.name),
            row.with_baseline,
            row.with_follow_up,
            lost(row.with_baseline, row.with_follow_up)
        );
    }
    let _ = write!(
        page,
        "</tbody>\n<tfoot><tr><th scope=\"row\">Any questionnaire</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tfoot>\n</table></div>\n",
        funnel.clients_with_baseline,
        funnel.clients_with_follow_up,
        lost(funnel.clients_with_baseline, funnel.clients_with_follow_up)
    );
}

fn optional(value: Option<f64>) -> String {
    value.map_or_else(|| "not available".to_owned(), signed)
}

fn score_section(page: &mut String, score: &ScoreOutcome) {
    let anchor = format!("{}-{}", score.instrument, score.score);
    let _ = write!(
        page,
        "<section class=\"score\" aria-labelledby=\"{a}\">\n<h2 id=\"{a}\">{} — {}</h2>\n<p>{} ({}).</p>\n",
        esc(&score.instrument_name),
        esc(&score.score_name),
        esc(&score.score_name),
        direction_words(score.direction),
        a = esc(&anchor),
    );
    let rule = &score.rule;
    let _ = write!(
        page,
        "<div class=\"rule\"><p><strong>Rule used:</strong> {} — {}.</p>",
        rule.used.as_str(),
        esc(&rule.description)
    );
    if let Some(source) = &rule.source {
        let _ = write!(
            page,
            "<p class=\"note\">Source ({}): {}</p>",
            rule.basis.unwrap_or("convention"),
            esc(source)
        );
    }
    if let Some(note) = &rule.note {
        let _ = write!(page, "<p>{}</p>", esc(note));
    }
    page.push_str("</div>\n");

    let n = score.n_paired;
    let movement = score.movement;
    let _ = write!(
        page,
        "<dl class=\"figures\">\n\
         <div><dt>Clients paired</dt><dd>{n}</dd></div>\n\
         <div><dt>Baseline only</dt><dd>{}</dd></div>\n\
         <div><dt>Improved</dt><dd>{}</dd></div>\n\
         <div><dt>Unchanged</dt><dd>{}</dd></div>\n\
         <div><dt>Worsened</dt><dd>{}</dd></div>\n",
        score.n_unpaired,
        share(movement.improved, n),
        share(movement.unchanged, n),
        share(movement.worsened, n),
    );
    if score.counts_only {
        page.push_str("<div class=\"wide\"><dt>Averages</dt><dd>Not given: the score is a category code</dd></div>\n");
    } else {
        averages(page, score);
    }
    if score.n_incomplete > 0 {
        let _ = writeln!(
            page,
            "<div><dt>Followed up, but a form was incomplete</dt><dd>{}</dd></div>",
            score.n_incomplete
        );
    }
    page.push_str("</dl>\n");
    for note in &score.notes {
        let _ = writeln!(page, "<p class=\"note\">{}</p>", esc(note));
    }
    chart(page, score, &anchor);
    page.push_str("</section>\n");
}

/// The rows of means, median, interval and time to follow-up.
fn averages(page: &mut String, score: &ScoreOutcome) {
    let not_available = || "not available".to_owned();
    let unit = (score.unit.0.as_str(), score.unit.1.as_str());
    let optional = |value: Option<f64>| {
        value.map_or_else(|| "not available".to_owned(), |v| signed_amount(v, unit))
    };
    let interval = match score.mean_change_ci95 {
        Some((low, high)) => format!(
            "{} (95% confidence interval {} to {}, Student's t {} with {})",
            optional(score.mean_change),
            signed(low),
            signed(high),
            score
                .t_multiplier
                .map_or_else(String::new, |t| format!("{t:.3}")),
            plural(
                score.n_paired.saturating_sub(1),
                "degree of freedom",
                "degrees of freedom"
            )
        ),
        None => format!(
            "{} (no interval: too few clients)",
            optional(score.mean_change)
        ),
    };
    let _ = write!(
        page,
        "<div class=\"wide\"><dt>Mean change</dt><dd>{interval}</dd></div>\n\
         <div><dt>Median change</dt><dd>{}</dd></div>\n\
         <div><dt>Mean change among those who improved</dt><dd>{}</dd></div>\n\
         <div><dt>Mean score, baseline to follow-up</dt><dd>{} to {}</dd></div>\n\
         <div><dt>Median time to follow-up</dt><dd>{}</dd></div>\n",
        optional(score.median_change),
        optional(score.mean_change_among_improved),
        score.mean_baseline.map_or_else(not_available, trim),
        score
            .mean_follow_up
            .map_or_else(not_available, |v| crate::words::amount(v, unit)),
        score
            .median_days_to_follow_up
            .map_or_else(not_available, |days| {
                let unit = if days == 1.0 { "day" } else { "days" };
                format!("{} {unit}", trim(days))
            }),
    );
}

/// One row of a chart: a label and its movement.
struct Bar<'a> {
    label: String,
    movement: Movement,
    band: Option<&'a BandOutcome>,
}

fn chart(page: &mut String, score: &ScoreOutcome, anchor: &str) {
    let mut bars = vec![Bar {
        label: "All paired clients".to_owned(),
        movement: score.movement,
        band: None,
    }];
    for band in &score.by_baseline_band {
        if band.n > 0 {
            bars.push(Bar {
                label: format!("Started {}", band.label),
                movement: band.movement,
                band: Some(band),
            });
        }
    }
    if score.n_paired == 0 {
        return;
    }
    // Each label sits above its bar, so the chart stays readable when a phone scales it down.
    let (bar_width, row_height) = (480.0, 52.0);
    let height = row_height * bars.len() as f64 + 4.0;
    let caption_id = format!("{anchor}-chart");
    let _ = writeln!(
        page,
        "<figure>\n<svg role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {bar_width} {height}\" width=\"{bar_width}\" height=\"{height}\">",
        id = esc(&caption_id),
    );
    for (index, bar) in bars.iter().enumerate() {
        let y = index as f64 * row_height;
        let mut label: String = bar.label.chars().take(48).collect();
        if label.len() < bar.label.len() {
            label.push('…');
        }
        let n = bar.movement.total();
        let _ = writeln!(
            page,
            "<text x=\"0\" y=\"{}\" font-size=\"17\" fill=\"#212b32\">{} (n = {n})</text>",
            y + 18.0,
            esc(&label)
        );
        let total = n.max(1) as f64;
        let mut x = 0.0;
        for (count, colour) in [
            (bar.movement.worsened, "#d5281b"),
            (bar.movement.unchanged, "#aeb7bd"),
            (bar.movement.improved, "#007f3b"),
        ] {
            let width = count as f64 / total * bar_width;
            if width > 0.0 {
                let _ = writeln!(
                    page,
                    "<rect x=\"{x:.1}\" y=\"{}\" width=\"{width:.1}\" height=\"22\" fill=\"{colour}\" stroke=\"#fff\"/>",
                    y + 24.0
                );
            }
            x += width;
        }
    }
    page.push_str("</svg>\n");
    let _ = write!(
        page,
        "<figcaption id=\"{}\">{}: share of paired clients who worsened (left), were unchanged (middle) and improved (right), overall and by baseline band. The table below gives the same figures.</figcaption>\n\
         <ul class=\"legend\"><li><span class=\"swatch s-worsened\"></span>Worsened</li><li><span class=\"swatch s-unchanged\"></span>Unchanged</li><li><span class=\"swatch s-improved\"></span>Improved</li></ul>\n</figure>\n",
        esc(&caption_id),
        esc(&score.score_name)
    );
    let _ = write!(
        page,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{name} by baseline band\"><table>\n<caption>{name} by baseline band</caption>\n<thead><tr><th scope=\"col\">Baseline</th><th scope=\"col\" class=\"num\">n</th>\
         <th scope=\"col\" class=\"num\">Improved</th><th scope=\"col\" class=\"num\">Same</th><th scope=\"col\" class=\"num\">Worse</th>\
         <th scope=\"col\" class=\"num\">Mean change ({unit})</th></tr></thead>\n<tbody>\n",
        name = esc(&score.score_name),
        unit = esc(&score.unit.1)
    );
    let mut any_extreme = false;
    for bar in &bars {
        let n = bar.movement.total();
        let (mean, extreme) = match bar.band {
            Some(band) => (band.mean_change, band.note.is_some()),
            None => (score.mean_change, false),
        };
        any_extreme |= extreme;
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\">{}{}</th><td class=\"num\">{n}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&bar.label),
            if extreme { " *" } else { "" },
            bar.movement.improved,
            bar.movement.unchanged,
            bar.movement.worsened,
            optional(mean),
        );
    }
    page.push_str("</tbody>\n</table></div>\n");
    if any_extreme {
        let _ = writeln!(
            page,
            "<p class=\"note\">* An extreme baseline band. {}</p>",
            esc(super::REGRESSION_NOTE)
        );
    }
    if let Some((id, basis, source)) = &score.banding {
        let _ = writeln!(
            page,
            "<p class=\"note\">Bands: {} ({basis}): {}</p>",
            esc(id),
            esc(source)
        );
    }
}

fn definitions_section(page: &mut String, outcomes: &Outcomes) {
    page.push_str(
        "<h2 id=\"definitions\">Definitions used</h2>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Definitions used\"><table>\n<caption>Questionnaire definitions, with the hash that identifies each exactly</caption>\n\
         <thead><tr><th scope=\"col\">Questionnaire</th><th scope=\"col\">Version</th><th scope=\"col\">Definition hash</th></tr></thead>\n<tbody>\n",
    );
    for definition in &outcomes.definitions {
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\">{} ({})</th><td>{}</td><td class=\"hash\">{}</td></tr>",
            esc(&definition.name),
            esc(&definition.id),
            esc(&definition.version),
            esc(&definition.hash)
        );
    }
    page.push_str("</tbody>\n</table></div>\n");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_read_well() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(signed(1.3), "+1.3");
        assert_eq!(signed(-4.4), "\u{2212}4.4");
        assert_eq!(signed(0.0), "0");
        assert_eq!(signed(90.0), "+90");
        assert_eq!(share(5, 8), "5 of 8 (63%)");
        assert_eq!(share(0, 0), "0 of 0");
    }
}
