//! The command line's help: each command's usage line, what it does and an example, the
//! overview `wellcheck help` prints, and how `--help` is recognised inside a command.

use lexopt::prelude::*;

use crate::failure::Failure;

/// One command: its usage line, what it does, and an example.
struct CommandHelp {
    name: &'static str,
    usage: &'static str,
    about: &'static str,
    example: &'static str,
}

const COMMANDS: &[CommandHelp] = &[
    CommandHelp {
        name: "list",
        usage: "wellcheck list [--json]",
        about: "Lists the built-in instruments and batteries.",
        example: "wellcheck list --json",
    },
    CommandHelp {
        name: "score",
        usage: "wellcheck score <id> --answers <a1,a2,...> [--administration self|read-aloud|on-behalf] [--json]",
        about: "Scores one form. --answers gives one value per item in definition order, using the\n\
                instrument's published numeric codes; `-` marks an unanswered item; trailing optional\n\
                items may be left off. For a battery, give its instruments' answers one after another.",
        example: "wellcheck score ucla-3 --answers 2,3,2 --json",
    },
    CommandHelp {
        name: "validate",
        usage: "wellcheck validate <definition.json | -> [--for <id>]",
        about: "Checks a definition file and lists every problem with its JSON path. With --for, checks\n\
                an organisation's licensed wording for that instrument instead. `-` reads standard input.",
        example: "wellcheck validate our-wemwbs-wording.json --for wemwbs",
    },
    CommandHelp {
        name: "fhir",
        usage: "wellcheck fhir questionnaire <id>\n  \
                wellcheck fhir response <id> --answers <a1,a2,...> [--nhs-number <n>] [--reference <r>] [--date YYYY-MM-DD]\n  \
                wellcheck fhir import <id> <response.json | ->",
        about: "FHIR R4: an instrument's Questionnaire; a Bundle of the QuestionnaireResponse and one\n\
                Observation per score (a battery gives one Bundle with every form); and a\n\
                QuestionnaireResponse, or a Bundle holding it, read back into answers. `-` reads\n\
                standard input. --nhs-number and --reference name the person the Bundle is about\n\
                (a Patient with the NHS number, system https://fhir.nhs.uk/Id/nhs-number, and the\n\
                scheme's reference), so it cannot be filed against someone else. --date is the day the\n\
                answers were given (the response's `authored`, each Observation's `effectiveDateTime`),\n\
                so a GP record files the scores under that day, not the day of import.",
        example: "wellcheck fhir response phq-9 --answers 1,0,0,0,0,0,0,0,1",
    },
    CommandHelp {
        name: "csv",
        usage: "wellcheck csv <records.csv | ->",
        about: "Reads forms (columns client, date, instrument, answers; optional administration; any\n\
                other columns are kept), scores every row and prints the full CSV. A battery row gives\n\
                one row per instrument. If any row is wrong nothing is printed and every problem is\n\
                listed. `-` reads standard input.",
        example: "wellcheck csv records.csv > scored.csv",
    },
    CommandHelp {
        name: "report",
        usage: "wellcheck report <records.csv>... [--rule R] [--scheme NAME] [--json | --html FILE]",
        about: "Outcome figures for a scheme from one or more CSV files (the columns `csv` reads; the\n\
                exports of several tablets may be merged). Per client and score, the earliest form with\n\
                the score is paired with the latest later one; improved, unchanged and worsened are\n\
                counted under the rule, with the mean change and its 95% interval (Student's t), the\n\
                median, the time to follow-up, the breakdown by baseline band and who came back.\n\
                Rules: default (the score's reliable-change threshold where it has one, else its\n\
                meaningful-change threshold, else any change), any-change, meaningful, reliable, band,\n\
                rci. --json prints the figures as JSON; --html writes a printable page (- for standard\n\
                output). Every form opens with a summary: --scheme names the scheme in it (one line,\n\
                at most 80 characters). Refused, naming file, line and column: a second form for a client,\n\
                instrument and date; a date in the future or before 1990; any bad row. The same file\n\
                twice, and --html naming an input, are refused too.",
        example: "wellcheck report north.csv south.csv --scheme \"North Town Link\" --html outcomes.html",
    },
    CommandHelp {
        name: "help",
        usage: "wellcheck help [<command>]",
        about: "Shows this overview, or one command's usage with an example.",
        example: "wellcheck help score",
    },
];

/// The overview printed by `wellcheck`, `wellcheck help` and `wellcheck --help`.
pub fn usage() -> String {
    let mut text =
        String::from("wellcheck: validated questionnaires and their published scoring\n\nUsage:\n");
    for command in COMMANDS {
        text.push_str(&format!("  {}\n", command.usage));
    }
    text.push_str(
        "  wellcheck --version\n\n\
         <id> is an instrument or a battery (see `wellcheck list`); case does not matter.\n\
         `wellcheck help <command>` or `wellcheck <command> --help` shows one command with an example.\n",
    );
    text
}

pub(crate) fn command_help(name: &str) -> Result<String, Failure> {
    let command = COMMANDS
        .iter()
        .find(|command| command.name == name)
        .ok_or_else(|| Failure::Usage(format!("no command `{name}` (see `wellcheck help`)")))?;
    Ok(format!(
        "Usage:\n  {}\n\n{}\n\nExample:\n  {}\n",
        command.usage, command.about, command.example
    ))
}

/// `--help` or `-h` inside a command.
pub(crate) fn is_help(arg: &lexopt::Arg<'_>) -> bool {
    matches!(arg, Long("help") | Short('h'))
}
