//! The compact catalogue (what the embed carries instead of the JSON definitions) must give
//! exactly what the full decoder gives: every instrument with its hash and score ranges,
//! every battery, every score's result words; and damaged bytes must give an error, never a
//! panic or a wrong instrument that looks whole.

use std::sync::OnceLock;

use wellcheck_core::compact::{self, Builtin};
use wellcheck_core::{catalogue, result_words};

fn builtin() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let bytes = compact::encode_builtin().expect("the catalogue is valid");
        Builtin::new(Box::leak(bytes.into_boxed_slice()))
    })
}

#[test]
fn every_instrument_reads_back_equal_with_its_hash_and_ranges() {
    let ids = builtin().ids();
    assert_eq!(ids, catalogue::ids().collect::<Vec<_>>());
    for id in ids {
        let decoded = catalogue::get(id).unwrap();
        let compact = builtin().get(id).unwrap();
        assert_eq!(compact, decoded, "{id}");
        assert!(compact.definition_hash().starts_with("sha256:"), "{id}");
        for (position, score) in decoded.scores().iter().enumerate() {
            let values = decoded.achievable(position).unwrap();
            assert_eq!(
                compact.range_of(position),
                Some((values.low().unwrap(), values.high().unwrap())),
                "{id}.{}",
                score.id()
            );
        }
    }
}

#[test]
fn ids_are_read_as_the_catalogue_reads_them_and_unknown_ones_are_named_alike() {
    assert_eq!(builtin().get(" PHQ-9 ").unwrap().id(), "phq-9");
    assert_eq!(
        builtin().get("phq-99").unwrap_err().to_string(),
        catalogue::get("phq-99").unwrap_err().to_string()
    );
    assert_eq!(
        builtin().battery("ucla-3").unwrap_err().to_string(),
        catalogue::battery("ucla-3").unwrap_err().to_string()
    );
}

#[test]
fn batteries_and_subjects_read_back_equal() {
    assert_eq!(
        builtin().battery_ids(),
        catalogue::battery_ids().collect::<Vec<_>>()
    );
    for id in catalogue::battery_ids() {
        assert_eq!(
            builtin().battery(id).unwrap(),
            catalogue::battery(id).unwrap()
        );
        assert_eq!(
            builtin().subject(id).unwrap(),
            catalogue::subject(id).unwrap()
        );
    }
    assert_eq!(
        builtin().subject("who-5").unwrap(),
        catalogue::subject("who-5").unwrap()
    );
}

#[test]
fn every_scores_words_read_back_equal() {
    let mut compared = 0;
    for id in catalogue::ids() {
        for score in catalogue::get(id).unwrap().scores() {
            assert_eq!(
                builtin().words(id, score.id()),
                result_words::for_score(id, score.id()),
                "{id}.{}",
                score.id()
            );
            compared += 1;
        }
    }
    assert!(compared > 18);
    assert!(builtin().words("phq-9", "nonsense").is_none());
}

#[test]
fn every_plain_title_reads_back_equal_and_names_no_code() {
    for id in catalogue::ids() {
        let title = builtin().title(id);
        assert_eq!(title, result_words::title(id), "{id}");
        let title = title.unwrap_or_else(|| panic!("{id} has no plain title"));
        // A plain title is what a patient reads instead of the short name's code.
        let short = catalogue::get(id).unwrap().short_name().to_owned();
        assert!(!title.en.contains(&short), "{id}: {}", title.en);
        assert!(
            !title.en.chars().any(|c| c.is_ascii_digit()),
            "{id}: {}",
            title.en
        );
    }
    assert_eq!(
        builtin().title("ons4").map(|title| title.en.as_str()),
        Some("How you feel about your life")
    );
    assert!(builtin().title("nonsense").is_none());
}

#[test]
fn every_truncation_and_every_changed_byte_of_an_instrument_is_an_error_or_harmless() {
    let phq9 = compact::encode_instrument(&catalogue::get("phq-9").unwrap());
    for length in 0..phq9.len() {
        assert!(
            compact::read_instrument(&phq9[..length]).is_err(),
            "length {length}"
        );
    }
    let mut trailing = phq9.clone();
    trailing.push(0);
    assert!(compact::read_instrument(&trailing).is_err());
    for at in 0..phq9.len() {
        for change in [0x01, 0x80, 0xff] {
            let mut damaged = phq9.clone();
            damaged[at] ^= change;
            // Either refused, or read as some instrument: never a panic, hang or huge
            // allocation.
            let _ = compact::read_instrument(&damaged);
        }
    }
}

/// A changed byte never gives a definition that looks whole but differs: a change inside an
/// entry is refused (its checksum, or the index around it, no longer fits).
#[test]
fn every_changed_byte_of_the_catalogue_is_refused() {
    let bytes = compact::encode_builtin().unwrap();
    let original = builtin().get("phq-9").unwrap();
    // Every byte of the first entries and of PHQ-9's whole entry: its id, its definition's
    // length, the definition and its checksum.
    let mut entry = compact::Writer::default();
    entry.text("phq-9");
    entry.checked_bytes(&compact::encode_instrument(&original));
    let entry = entry.into_bytes();
    let phq9_at = bytes
        .windows(entry.len())
        .position(|w| w == entry.as_slice())
        .unwrap();
    let entry_end = phq9_at + entry.len();
    let positions = (4..200).chain(phq9_at..entry_end);
    for at in positions {
        for change in [0x01, 0x80] {
            let mut damaged = bytes.clone();
            damaged[at] ^= change;
            let damaged = Builtin::new(Box::leak(damaged.into_boxed_slice()));
            // Damage outside PHQ-9's own entry (another entry's id) may leave it readable,
            // but then exactly as it was.
            if let Ok(instrument) = damaged.get("phq-9") {
                assert_eq!(instrument, original, "byte {at} ^ {change:#x}");
                assert!(
                    !(phq9_at..entry_end).contains(&at),
                    "byte {at} ^ {change:#x} inside PHQ-9's entry was read"
                );
            }
        }
    }
}

#[test]
fn damaged_catalogue_bytes_are_an_error_naming_the_byte() {
    let bytes = compact::encode_builtin().unwrap();
    let cut: &'static [u8] = Box::leak(bytes[..bytes.len() / 2].to_vec().into_boxed_slice());
    let damaged = Builtin::new(cut);
    let error = damaged.get("phq-9").unwrap_err().to_string();
    assert!(error.contains("compact byte"), "{error}");
    assert!(damaged.ids().is_empty());
    assert!(damaged.words("phq-9", "total").is_none());
    let wrong = Builtin::new(b"JSON{}");
    assert!(wrong.get("phq-9").unwrap_err().to_string().contains("WCC1"));
}

/// The split catalogue (the embed's): an index, then each page's definitions file added.
fn split() -> (Builtin, Vec<(String, Vec<u8>)>) {
    let (index, files) = compact::encode_split().expect("the catalogue is valid");
    (Builtin::new(Box::leak(index.into_boxed_slice())), files)
}

#[test]
fn the_split_catalogue_names_everything_and_gives_definitions_once_their_file_is_added() {
    let (split, files) = split();
    assert_eq!(split.ids(), builtin().ids());
    assert_eq!(split.battery_ids(), builtin().battery_ids());
    // Batteries, the plain titles and every score's and band's id are in the index itself;
    // a score's words come with its definition.
    assert_eq!(
        split.battery("social-prescribing").unwrap(),
        builtin().battery("social-prescribing").unwrap()
    );
    assert_eq!(split.title("ons4"), builtin().title("ons4"));
    for id in catalogue::ids() {
        assert_eq!(split.title(id), builtin().title(id), "{id}");
        assert_eq!(split.outline(id), builtin().outline(id), "{id}");
        assert!(!split.outline(id).is_empty(), "{id}");
    }
    assert!(split.outline("phq-99").is_empty());
    assert!(split.words("phq-9", "total").is_none());
    // A known instrument before its file: named as not loaded; an unknown one as before.
    assert!(split.has_instrument(" PHQ-9 "));
    assert!(!split.has_instrument("phq-99"));
    assert_eq!(
        split.get("phq-9").unwrap_err().to_string(),
        "the definition of `phq-9` has not been loaded from definitions/"
    );
    assert_eq!(
        split.get("phq-99").unwrap_err().to_string(),
        builtin().get("phq-99").unwrap_err().to_string()
    );
    // One file for each instrument and each battery, named by its id.
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let mut expected: Vec<&str> = catalogue::ids().chain(catalogue::battery_ids()).collect();
    expected.sort_unstable();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    let file = |name: &str| files.iter().find(|(id, _)| id == name).unwrap().1.clone();
    split.add_definitions(&file("phq-9")).unwrap();
    assert_eq!(split.get("PHQ-9").unwrap(), builtin().get("phq-9").unwrap());
    assert!(split.words("phq-9", "total").is_some());
    assert_eq!(
        split.words("phq-9", "total"),
        builtin().words("phq-9", "total")
    );
    assert!(
        split.get("gad-7").is_err() && split.words("gad-7", "total").is_none(),
        "only the file's own definitions and words are added"
    );
    // A battery's file holds all its instruments.
    split.add_definitions(&file("social-prescribing")).unwrap();
    for id in builtin()
        .battery("social-prescribing")
        .unwrap()
        .instruments()
    {
        assert_eq!(split.get(id).unwrap(), builtin().get(id).unwrap(), "{id}");
        assert_eq!(
            split.subject("social-prescribing").unwrap(),
            builtin().subject("social-prescribing").unwrap()
        );
    }
    // Adding a file again is harmless.
    split.add_definitions(&file("phq-9")).unwrap();
    assert_eq!(split.get("phq-9").unwrap(), builtin().get("phq-9").unwrap());
    // With every file added, every score's words are the whole catalogue's.
    for (_, bytes) in &files {
        split.add_definitions(bytes).unwrap();
    }
    let mut compared = 0;
    for id in catalogue::ids() {
        for score in catalogue::get(id).unwrap().scores() {
            assert_eq!(
                split.words(id, score.id()),
                builtin().words(id, score.id()),
                "{id}.{}",
                score.id()
            );
            compared += 1;
        }
    }
    assert!(compared > 18);
}

#[test]
fn a_definitions_file_that_is_damaged_or_from_another_build_is_refused_whole() {
    let (split, files) = split();
    let phq9 = files
        .iter()
        .find(|(id, _)| id == "phq-9")
        .unwrap()
        .1
        .clone();
    // Every changed byte: damaged bytes, or (a changed definition whose checksum was
    // remade by another build) not this build's; never taken.
    for at in 0..phq9.len() {
        let mut changed = phq9.clone();
        changed[at] ^= 0x01;
        assert!(split.add_definitions(&changed).is_err(), "byte {at}");
        assert!(split.get("phq-9").is_err(), "byte {at}");
    }
    for cut in [0, 3, 4, 10, phq9.len() - 1] {
        assert!(split.add_definitions(&phq9[..cut]).is_err(), "cut at {cut}");
    }
    // Another build's PHQ-9: a whole, valid file whose definition differs from the one
    // the index names.
    let mut other = compact::Writer::default();
    other.text("phq-9");
    other.checked_bytes(&compact::encode_instrument(
        &builtin().get("phq-2").unwrap(),
    ));
    // No scores' words.
    other.checked_bytes(&[0]);
    let other = [b"WCP1".as_slice(), &[1], &other.into_bytes()].concat();
    assert_eq!(
        split.add_definitions(&other).unwrap_err().to_string(),
        "definitions file: `phq-9` is not this build's (the files served are from different versions)"
    );
    // PHQ-9's own definition with words that are not its own (PHQ-2's, from PHQ-2's
    // file): the index's checksum is of the two together.
    let entries = |id: &str| {
        let bytes = files.iter().find(|(name, _)| name == id).unwrap().1.clone();
        let mut input = compact::Reader::new(&bytes[4..]);
        let count = input.count().unwrap();
        let entries: Vec<(String, Vec<u8>, Vec<u8>)> = (0..count)
            .map(|_| {
                let id = input.text().unwrap();
                let definition = input.checked_bytes().unwrap().to_vec();
                (id, definition, input.checked_bytes().unwrap().to_vec())
            })
            .collect();
        assert!(input.is_done());
        entries
    };
    let file_of = |id: &str, definition: &[u8], words: &[u8]| {
        let mut entry = compact::Writer::default();
        entry.text(id);
        entry.checked_bytes(definition);
        entry.checked_bytes(words);
        [b"WCP1".as_slice(), &[1], &entry.into_bytes()].concat()
    };
    let (_, phq9_definition, _) = entries("phq-9").remove(0);
    let (_, _, phq2_words) = entries("phq-2").remove(0);
    assert_eq!(
        split.add_definitions(&file_of("phq-9", &phq9_definition, &phq2_words)),
        Err(compact::AddError::NotThisBuild("phq-9".to_owned()))
    );
    // Nor can a byte move from the definition to the words (UCLA-3's words end in a 0).
    let (_, ucla3_definition, ucla3_words) = entries("ucla-3").remove(0);
    let (last, rest) = ucla3_words.split_last().unwrap();
    let moved = [ucla3_definition.as_slice(), rest].concat();
    assert_eq!(
        split.add_definitions(&file_of("ucla-3", &moved, &[*last])),
        Err(compact::AddError::NotThisBuild("ucla-3".to_owned()))
    );
    assert!(split.get("ucla-3").is_err() && split.words("ucla-3", "total").is_none());
    split
        .add_definitions(&file_of("ucla-3", &ucla3_definition, &ucla3_words))
        .unwrap();
    assert!(split.get("ucla-3").is_ok() && split.words("ucla-3", "total").is_some());
    // A whole catalogue has nothing to add.
    assert!(builtin().add_definitions(&phq9).is_err());
    // The same entry twice (a host's attempt to make the page hold more): refused whole.
    let mut twice = phq9.clone();
    twice[4] = 2;
    twice.extend_from_slice(&phq9[5..]);
    assert_eq!(
        split.add_definitions(&twice).unwrap_err().to_string(),
        "definitions file: compact catalogue: expected each instrument once at byte 4"
    );
    assert!(split.get("phq-9").is_err());
    assert!(split.words("phq-9", "total").is_none());
    split.add_definitions(&phq9).unwrap();
    assert!(split.get("phq-9").is_ok());
    assert!(split.words("phq-9", "total").is_some());
}
