//! Criterion benchmarks of the core, run natively by `cargo xtask bench core` (or
//! `cargo bench -p wellcheck-core`): scoring one form, reading and validating a definition
//! (what the embed still does at start-up for each questionnaire it shows), a FHIR Bundle,
//! and reading CSV records. Figures are per call; throughput of whole files is measured by
//! `cargo xtask bench csv` and `report`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark"
)]

// Criterion is a native dev-dependency; the wasm32 lint pass (`--all-targets`) sees an empty
// benchmark.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fmt::Write as _;
    use std::hint::black_box;

    use criterion::{Criterion, Throughput, criterion_group};
    use wellcheck_core::{Answers, Instrument, catalogue, score};
    use wellcheck_interchange::{csv_records, fhir};

    fn scoring(c: &mut Criterion) {
        let phq9 = catalogue::get("phq-9").unwrap();
        let answers = Answers::parse(&phq9, "1,2,0,3,1,0,2,1,0,1").unwrap();
        c.bench_function("score PHQ-9", |b| {
            b.iter(|| score(black_box(&phq9), black_box(&answers)).unwrap());
        });
        let swemwbs = catalogue::get("swemwbs").unwrap();
        let answers = Answers::parse(&swemwbs, "3,4,2,5,1,3,4").unwrap();
        c.bench_function("score SWEMWBS (raw and metric table)", |b| {
            b.iter(|| score(black_box(&swemwbs), black_box(&answers)).unwrap());
        });
        let report = score(
            &phq9,
            &Answers::parse(&phq9, "1,2,0,3,1,0,2,1,0,1").unwrap(),
        )
        .unwrap();
        let answers = Answers::parse(&phq9, "1,2,0,3,1,0,2,1,0,1").unwrap();
        c.bench_function("FHIR Bundle for PHQ-9", |b| {
            b.iter(|| fhir::bundle(black_box(&phq9), black_box(&answers), black_box(&report)));
        });
    }

    fn definitions(c: &mut Criterion) {
        let mut group = c.benchmark_group("read and validate a definition");
        for id in ["phq-9", "gppaq", "swemwbs"] {
            let text = catalogue::DEFINITIONS
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(_, text)| *text)
                .unwrap();
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(id, |b| {
                b.iter(|| Instrument::from_json(black_box(text)).unwrap())
            });
        }
        group.finish();
        c.bench_function("the whole catalogue (18 definitions)", |b| {
            b.iter(|| {
                for id in catalogue::ids() {
                    black_box(catalogue::get(id).unwrap());
                }
            });
        });
    }

    fn csv(c: &mut Criterion) {
        let mut text = String::from("client,date,instrument,answers\n");
        for row in 0..1_000 {
            writeln!(
                text,
                "C{row},2026-0{}-1{},phq-9,\"1,2,0,3,1,0,2,1,0,1\"",
                row % 9 + 1,
                row % 9
            )
            .unwrap();
        }
        let mut group = c.benchmark_group("CSV records");
        group.throughput(Throughput::Elements(1_000));
        group.bench_function("read 1,000 PHQ-9 rows", |b| {
            b.iter(|| csv_records::read(black_box(&text)).unwrap());
        });
        group.finish();
    }

    criterion_group!(benches, scoring, definitions, csv);
}
