//! Completed forms as CSV: the minimal input columns, the documented output, and errors that
//! name the line and column with nothing read in part.

use wellcheck_interchange::csv_records::{read, write};

#[test]
fn needs_and_support_are_kept_as_lists_and_read_back_unchanged() {
    // As a tablet writes them, in any case of header, spaces around entries trimmed.
    let input = "client,date,instrument,answers,NEEDS,Support\n\
        A,2026-01-01,ucla-3,\"2,3,2\",\"Housing; Debt or money worries\",Citizens Advice\n\
        B,2026-01-02,ucla-3,\"1,1,1\",,\n\
        C,2026-01-03,ucla-3,\"1,2,1\",\"=Allotment club ;; \",\n";
    let records = read(input).unwrap();
    assert_eq!(records[0].needs, ["Housing", "Debt or money worries"]);
    assert_eq!(records[0].support, ["Citizens Advice"]);
    assert!(records[1].needs.is_empty() && records[1].support.is_empty());
    // Not the scheme's own columns: they are ours, and written once.
    assert!(records[0].extra.is_empty());
    let text = write(&records);
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("definition_hash,needs,support")
            && header.contains("band_1,snomed_1,band_snomed_1,"),
        "{header}"
    );
    // A cell a spreadsheet would run as a formula is neutralised, and reads back.
    assert!(text.contains(",'=Allotment club,"), "{text}");
    assert_eq!(records[2].needs, ["=Allotment club"]);
    let again = read(&text).unwrap();
    assert_eq!(again, records);
    assert_eq!(again[0].needs, ["Housing", "Debt or money worries"]);
}

#[test]
fn a_long_list_the_tablet_can_write_is_read_and_a_hostile_one_is_refused() {
    // Every standard need and 50 of a scheme's own of 60 characters: what a tablet allows.
    let entries: Vec<String> = (0..61)
        .map(|n| format!("{n:02}{}", "x".repeat(58)))
        .collect();
    let cell = entries.join("; ");
    assert!(cell.chars().count() > 3_700);
    let row = |cell: &str| {
        format!("client,date,instrument,answers,needs\nA,2026-01-01,ucla-3,\"2,3,2\",\"{cell}\"\n")
    };
    let records = read(&row(&cell)).unwrap();
    assert_eq!(records[0].needs.len(), 61);
    // Too many entries, one too long, or a cell too long: refused with the column named.
    let many: Vec<String> = (0..101).map(|n| format!("e{n}")).collect();
    let too_many = read(&row(&many.join(";"))).unwrap_err();
    assert!(
        too_many[0]
            .to_string()
            .contains("column `needs`: lists 101 entries"),
        "{too_many:?}"
    );
    let too_long = read(&row(&"y".repeat(201))).unwrap_err();
    assert!(
        too_long[0]
            .to_string()
            .contains("an entry over 200 characters"),
        "{too_long:?}"
    );
    let huge = read(&row(&"z;".repeat(2_001))).unwrap_err();
    assert!(
        huge[0].to_string().contains("is over 4000 characters long"),
        "{huge:?}"
    );
}

#[test]
fn minimal_columns_in_any_order_are_accepted() {
    let records = read("answers,instrument,client,date\n\"2,3,2\",ucla-3,C9,2026-01-31\n").unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].client, "C9");
    assert_eq!(
        records[0].report.score("total").unwrap().band.as_deref(),
        Some("lonely")
    );
}

#[test]
fn written_csv_reads_back_to_the_same_records() {
    let input = "client,date,instrument,answers,administration\nA,2026-01-01,phq-9,\"1,1,1,1,1,1,1,1,1\",read_aloud\nB,2026-01-02,ons4,\"7,8,6,3\",\n";
    let records = read(input).unwrap();
    assert_eq!(records[0].report.administration, "read_aloud");
    let text = write(&records);
    assert!(
        text.lines().next().unwrap().ends_with(
            "score_4,value_4,band_4,snomed_4,band_snomed_4,definition_hash,needs,support"
        ),
        "ONS4 needs four sets of score columns"
    );
    assert_eq!(read(&text).unwrap(), records);
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_returned() {
    let input = "client,date,instrument,answers\n,2026-01-01,ucla-3,\"1,1,1\"\nB,01/02/2026,ucla-3,\"1,1,1\"\nC,2026-01-03,ucla-9,\"1\"\nD,2026-01-04,ucla-3,\"1,1\"\nE,2026-01-05,ucla-3,\"1,1,1\"\n";
    let problems = problems_in(input);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert_eq!(problems[0], "line 2, column `client`: is empty");
    assert!(
        problems[1].starts_with("line 3, column `date`: `01/02/2026`"),
        "{problems:#?}"
    );
    assert!(
        problems[2].starts_with("line 4, column `instrument`: unknown instrument `ucla-9`"),
        "{problems:#?}"
    );
    assert!(
        problems[3].starts_with("line 5, column `answers`: ucla-3 has 3 items but 2 answers"),
        "{problems:#?}"
    );
}

#[test]
fn a_header_without_the_required_columns_is_refused() {
    let problems = read("name,when\nx,y\n").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .contains("needs the columns client, date, instrument, answers"),
        "{}",
        problems[0]
    );
}

#[test]
fn cells_that_would_run_as_formulas_are_neutralised_and_read_back() {
    let hostile = [
        "=cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://x.invalid\",\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    let mut input = String::from("client,date,instrument,answers,referrer\n");
    for client in hostile {
        let quoted = client.replace('"', "\"\"");
        input.push_str(&format!(
            "\"{quoted}\",2026-01-01,ucla-3,\"1,1,1\",\"{quoted}\"\n"
        ));
    }
    // A leading tab, carriage return or newline is trimmed: what is left must not run either.
    input.push_str("\"\t=1+1\",2026-01-01,ucla-3,\"1,-,1\",\"\r\n=2+2\"\n");
    let records = read(&input).unwrap();
    let text = write(&records);
    for cell in csv_cells(&text) {
        assert!(
            !matches!(
                cell.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ),
            "a live formula cell {cell:?}"
        );
    }
    let back = read(&text).unwrap();
    assert_eq!(back, records);
    let clients: Vec<&str> = back.iter().map(|r| r.client.as_str()).collect();
    assert_eq!(&clients[..5], hostile);
    assert_eq!(back[5].client, "=1+1");
    // The scheme's own cell is kept exactly, line break and all.
    assert_eq!(
        back[5].extra,
        [("referrer".to_owned(), "\r\n=2+2".to_owned())]
    );
}

/// Every cell of a CSV text as a spreadsheet sees it (quotes removed).
fn csv_cells(text: &str) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn negative_score_values_stay_numbers() {
    let mut records =
        read("client,date,instrument,answers\nA,2026-01-01,ucla-3,\"1,1,1\"\n").unwrap();
    records[0].report.scores[0].value = Some(wellcheck_core::Decimal::from_int(-3));
    let text = write(&records);
    assert!(text.contains(",total,-3,"), "{text}");
}

#[test]
fn impossible_dates_are_refused_with_line_and_column() {
    let input = "client,date,instrument,answers\nA,2026-02-31,ucla-3,\"1,1,1\"\nB,2025-02-29,ucla-3,\"1,1,1\"\nC,0000-04-31,ucla-3,\"1,1,1\"\nD,2024-02-29,ucla-3,\"1,1,1\"\n";
    let problems = problems_in(input);
    assert_eq!(
        problems,
        [
            "line 2, column `date`: `2026-02-31` is not a date: month 02 of 2026 has 28 days",
            "line 3, column `date`: `2025-02-29` is not a date: month 02 of 2025 has 28 days",
            "line 4, column `date`: `0000-04-31` is not a date: there is no year 0000 in the calendar",
        ]
    );
}

#[test]
fn a_schemes_own_columns_survive_and_headers_match_in_any_case() {
    let input = "Client,DATE,Instrument,Answers,Referral Source,worker\nA,2026-01-01,ucla-3,\"2,3,2\",GP,Sam\n";
    let records = read(input).unwrap();
    let text = write(&records);
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("definition_hash,needs,support,Referral Source,worker"),
        "{header}"
    );
    assert!(text.lines().nth(1).unwrap().ends_with(",GP,Sam"), "{text}");
    // Reading our own output keeps the same columns, once each.
    assert_eq!(write(&read(&text).unwrap()), text);
}

#[test]
fn duplicate_header_names_are_refused() {
    let problems = read("client,date,instrument,answers,Client\nA,2026-01-01,ucla-3,\"1,1,1\",B\n")
        .unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "line 1: the header names `Client` twice (columns 1 and 5): rename or remove one"
    );
}

#[test]
fn an_unterminated_quote_is_refused_with_the_line_it_opened_on() {
    // The quote opened on line 3 runs to the end of the file, swallowing line 4.
    let input = "client,date,instrument,answers,notes\nA,2026-01-01,ucla-3,\"1,1,1\",ok\nB,2026-01-02,ucla-3,\"1,1,1\",\"moved house\nC,2026-01-03,ucla-3,\"\"1,1,1\"\",x\n";
    let problems = problems_in(input);
    assert_eq!(
        problems,
        ["line 3: a quoted field opened on this line is never closed (unterminated `\"`)"]
    );
}

#[test]
fn a_battery_row_gives_one_record_per_instrument() {
    let records = read(
        "client,date,instrument,answers\nA,2026-01-01,social-prescribing,\"2,3,2,1,7,8,6,3,3,50\"\n",
    )
    .unwrap();
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r.report.instrument.as_str())
        .collect();
    assert_eq!(ids, ["ucla-3", "ons-loneliness", "ons4", "evs"]);
    let problems =
        read("client,date,instrument,answers\nA,2026-01-01,social-prescribing,\"2,3,2\"\n")
            .unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "line 2, column `answers`: social-prescribing has 10 items across ucla-3, ons-loneliness, ons4, evs but 3 answers were given (its instruments' answers one after another)"
    );
}

#[test]
fn a_million_bad_rows_give_a_bounded_list() {
    let mut input = String::from("client,date,instrument,answers\n");
    for n in 0..1_000 {
        input.push_str(&format!("C{n},2026-01-01,nope,1\n"));
    }
    let problems = read(&input).unwrap_err();
    assert_eq!(
        problems.len(),
        wellcheck_interchange::csv_records::MAX_LISTED_PROBLEMS + 1
    );
    assert_eq!(
        problems.last().unwrap().to_string(),
        "line 102: and 900 more problem(s) from this line on, not listed"
    );
}

/// Every problem `read` reports, as the command line prints them.
fn problems_in(input: &str) -> Vec<String> {
    read(input)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn line_numbers_are_right_with_windows_and_old_mac_line_endings() {
    for ending in ["\n", "\r\n", "\r"] {
        let input = [
            "client,date,instrument,answers",
            "A,2026-01-05,ucla-3,\"2,3,2\"",
            "B,2026-01-06,ucla-3,\"2,\n9,2\"",
            "C,2026-02-30,ucla-3,\"2,3,2\"",
            "",
        ]
        .join(ending);
        let problems = problems_in(&input);
        assert_eq!(problems.len(), 2, "{ending:?}: {problems:#?}");
        assert!(
            problems[0].starts_with("line 3, column `answers`"),
            "{ending:?}: {problems:#?}"
        );
        assert!(
            problems[1].starts_with("line 5, column `date`"),
            "{ending:?}: {problems:#?}"
        );
    }
}

#[test]
fn a_schemes_cells_are_kept_exactly_and_unnamed_empty_columns_are_allowed() {
    let input = "client,date,instrument,answers,Administration,note,,\n A ,2026-01-05,ucla-3,\"2,3,2\",Read_Aloud,\"  two  spaces \",,\n";
    let records = read(input).unwrap();
    assert_eq!(records[0].client, "A");
    assert_eq!(records[0].report.administration, "read_aloud");
    assert_eq!(
        records[0].extra,
        [("note".to_owned(), "  two  spaces ".to_owned())]
    );
    let problems =
        problems_in("client,date,instrument,answers,\nA,2026-01-05,ucla-3,\"2,3,2\",lost?\n");
    assert_eq!(
        problems,
        [
            "line 2: column 5 has no name in the header, but this row has a value there; name the column"
        ]
    );
}

#[test]
fn a_runaway_quote_is_refused_before_it_fills_memory() {
    let mut input = String::from(
        "client,date,instrument,answers\nA,2026-01-05,ucla-3,\"2,3,2\"\nB,2026-01-05,ucla-3,\"2,3,2\n",
    );
    let row = "C,2026-01-05,ucla-3,2 3 2\n";
    while input.len() < 2 * 1024 * 1024 {
        input.push_str(row);
    }
    let problems = problems_in(&input);
    assert_eq!(
        problems,
        [
            "line 3: a quoted field opened on line 3 runs to the end of the file: its closing `\"` is missing"
        ]
    );
    let header = format!("\"client,date{}\n", ",x".repeat(600_000));
    let problems = problems_in(&header);
    assert!(
        problems[0].starts_with("line 1: cannot read the header: a quoted field opened on line 1"),
        "{problems:?}"
    );
}

#[test]
fn a_file_saved_with_a_byte_order_mark_reads() {
    let records =
        read("\u{feff}client,date,instrument,answers\r\nA,2026-01-01,ucla-3,\"2,3,2\"\r\n")
            .unwrap();
    assert_eq!(records[0].client, "A");
}

#[test]
fn line_numbers_are_right_after_blank_lines_and_huge_cells_are_not_echoed() {
    for ending in ["\n", "\r\n", "\r"] {
        let mut lines = vec![
            "client,date,instrument,answers".to_owned(),
            String::new(),
            String::new(),
        ];
        lines.push("c1,2026-02-30,ucla-3,\"2,3,2\"".to_owned());
        lines.extend(std::iter::repeat_n(String::new(), 5_000));
        lines.push("c2,2026-02-30,ucla-3,\"2,3,2\"".to_owned());
        let problems = problems_in(&(lines.join(ending) + ending));
        assert!(
            problems[0].starts_with("line 4, column `date`"),
            "{ending:?}: {problems:?}"
        );
        assert!(
            problems[1].starts_with("line 5005, column `date`"),
            "{ending:?}: {problems:?}"
        );
    }
    let huge = "x".repeat(300_000);
    let problems = problems_in(&format!(
        "client,date,instrument,answers\nA,{huge},ucla-3,\"2,3,2\"\n"
    ));
    assert_eq!(
        problems,
        ["line 2, column `date`: is over 1000 characters long"]
    );
    let problems = problems_in("client,date,instrument,answers\rA,2026-01-01,ucla-3\r");
    assert_eq!(
        problems,
        ["line 2: not a valid CSV row: it has 3 fields, but the header has 4"]
    );
}

#[test]
fn a_repeated_header_row_says_files_were_joined() {
    let text = "client,date,instrument,answers\nA,2026-01-01,ucla-3,\"1,1,1\"\nclient,date,instrument,answers\n";
    let problems = wellcheck_interchange::csv_records::read(text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 3);
    assert!(
        problems[0].message.contains("repeats the header"),
        "{problems:?}"
    );
}

#[test]
fn own_columns_land_under_their_names_whatever_order_each_record_holds_them_in() {
    let mut records = read(
        "client,date,instrument,answers,worker,site\nA,2026-01-01,ucla-3,\"2,3,2\",Sam,North\nB,2026-01-02,ucla-3,\"1,1,1\",Jo,South\n",
    )
    .unwrap();
    // The second record's columns in the other order, and a third it alone has.
    records[1].extra = vec![
        ("site".to_owned(), "South".to_owned()),
        ("referral".to_owned(), "GP".to_owned()),
        ("worker".to_owned(), "Jo".to_owned()),
    ];
    let text = write(&records);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with("definition_hash,needs,support,worker,site,referral"),
        "{}",
        lines[0]
    );
    assert!(lines[1].ends_with(",Sam,North,"), "{}", lines[1]);
    assert!(lines[2].ends_with(",Jo,South,GP"), "{}", lines[2]);
    // Thousands of own columns keep their values in place too.
    let columns = 5_000;
    let header: Vec<String> = (0..columns).map(|n| format!("n{n}")).collect();
    let values: Vec<String> = (0..columns).map(|n| format!("v{n}")).collect();
    let input = format!(
        "client,date,instrument,answers,{}\nA,2026-01-01,ucla-3,\"2,3,2\",{}\n",
        header.join(","),
        values.join(",")
    );
    let text = write(&read(&input).unwrap());
    assert!(
        text.lines().nth(1).unwrap().ends_with(&values.join(",")),
        "values moved"
    );
}

#[test]
fn a_long_field_that_is_closed_is_called_long_not_unclosed() {
    let input = format!(
        "client,date,instrument,answers,notes\nA,2026-01-05,ucla-3,\"2,3,2\",\"{}\"\nB,2026-01-05,ucla-3,\"1,1,1\",\n",
        "x\"\"y ".repeat(700_000)
    );
    let problems = problems_in(&input);
    assert_eq!(
        problems,
        [
            "line 2: the quoted field opened on line 2 is about 4 MB long; a row may be at most 1048576 bytes (1 MB): shorten it or move it out of the file"
        ]
    );
}

#[test]
fn a_utf16_file_is_named_as_such_with_how_to_save_it_as_utf8() {
    let text = "client,date,instrument,answers\r\nA,2026-01-01,ucla-3,\"2,3,2\"\r\n";
    let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (what, bytes) in [
        (
            "little-endian with its mark",
            [&[0xFF, 0xFE][..], &little].concat(),
        ),
        (
            "big-endian with its mark",
            [&[0xFE, 0xFF][..], &big].concat(),
        ),
        ("little-endian without a mark", little.clone()),
        ("big-endian without a mark", big.clone()),
        (
            "big-endian starting with a character beyond ASCII",
            "中,client,date,instrument,answers\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect(),
        ),
        (
            "after a UTF-8 mark",
            [&[0xEF, 0xBB, 0xBF][..], &little].concat(),
        ),
    ] {
        let problem = match wellcheck_interchange::csv_records::FormReader::new(bytes.as_slice()) {
            Err(problem) => problem.to_string(),
            Ok(_) => panic!("{what}: read as UTF-8"),
        };
        assert!(problem.contains("saved as UTF-16"), "{what}: {problem}");
        assert!(problem.contains("CSV UTF-8"), "{what}: {problem}");
    }
}

#[test]
fn a_zero_byte_in_a_header_below_a_blank_line_is_refused_as_on_the_first() {
    // Found by the fuzzer: a header with a zero byte, below a blank first line, was read;
    // its own output (header first) was then refused as UTF-16, so it did not read back.
    let input = "\nclient,date,instrument,answers,no\0te\nA,2026-01-01,ucla-3,\"2,3,2\",x\n";
    let problems = problems_in(input);
    assert!(problems[0].contains("saved as UTF-16"), "{problems:?}");
    // A zero byte in a later row is that row's problem, not the file's encoding.
    let later = "client,date,instrument,answers,note\nA,2026-01-01,ucla-3,\"2,3,2\",x\0y\n";
    if let Ok(records) = read(later) {
        assert_eq!(read(&write(&records)).unwrap(), records);
    }
}

#[test]
fn each_score_carries_its_snomed_code_and_a_coded_band_its_own() {
    let highest = |id: &str| {
        let instrument = wellcheck_core::catalogue::get(id).unwrap();
        let codes: Vec<Option<i64>> = instrument.items().iter().map(|i| i.highest()).collect();
        wellcheck_core::Answers::from_codes(&instrument, &codes)
            .unwrap()
            .to_text()
    };
    let input = format!(
        "client,date,instrument,answers\n\
         A,2026-01-01,phq-9,\"{}\"\n\
         A,2026-01-01,gppaq,\"{}\"\n\
         A,2026-01-01,ucla-3,\"2,3,2\"\n",
        highest("phq-9"),
        highest("gppaq")
    );
    let mut records = read(&input).unwrap();
    let text = write(&records);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(at("snomed_1"), at("band_1") + 1);
    assert_eq!(at("band_snomed_1"), at("band_1") + 2);
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    // PHQ-9 total: its code, and no band code (its bands are not coded).
    assert_eq!(&rows[0][at("snomed_1")], "720433000");
    assert_eq!(&rows[0][at("band_snomed_1")], "");
    // GPPAQ: the index code and "active"'s own.
    assert_eq!(&rows[1][at("band_1")], "active");
    assert_eq!(&rows[1][at("snomed_1")], "1086511000000107");
    assert_eq!(&rows[1][at("band_snomed_1")], "366241000000106");
    // UCLA-3 has no UK code: nothing is invented.
    assert_eq!(&rows[2][at("snomed_1")], "");
    // Computed columns: reading the file back ignores them (they are not the scheme's own).
    let again = read(&text).unwrap();
    assert_eq!(again, records);
    // A result scored by another definition of PHQ-9 is not given the built-in's code.
    records[0].report.definition_hash = "sha256:another".into();
    let text = write(&records);
    let row = csv::Reader::from_reader(text.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(&row[at("snomed_1")], "");
}

#[test]
fn a_need_with_a_direction_override_or_hidden_character_is_refused() {
    for hostile in ["Loneliness\u{202e}", "Hous\u{200b}ing", "Debt\u{7}"] {
        let input = format!(
            "client,date,instrument,answers,needs\nA,2026-01-01,ucla-3,\"2,3,2\",\"Housing; {hostile}\"\n"
        );
        let problems = read(&input).unwrap_err();
        assert!(
            problems.iter().any(|p| p.column.as_deref() == Some("needs")
                && p.message.contains("hidden or control character")),
            "{hostile:?}: {problems:?}"
        );
        // Named so the worker can see it: the character shown as an escape.
        assert!(!problems[0].message.contains('\u{202e}'));
    }
}
