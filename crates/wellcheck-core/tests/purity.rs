//! Architecture invariant: the core is pure Rust with no web or platform dependency, so
//! the same scoring runs natively, in the browser and in tests.

// litemap (ICU4X's sorted-Vec map) is pure Rust, `no_std` with `alloc`.
const ALLOWED: &[&str] = &["serde", "serde_json", "sha2", "csv", "litemap"];

#[test]
fn core_depends_only_on_allowed_crates() {
    let manifest = include_str!("../Cargo.toml");
    let mut section = "";
    let mut dependencies = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[dependencies]"
            && let Some((name, _)) = line.split_once('=')
        {
            dependencies.push(name.trim().split('.').next().unwrap().to_owned());
        }
        assert!(
            !(section.starts_with("[target") && section.ends_with(".dependencies]")),
            "the core must not have platform-specific dependencies: {section}"
        );
    }
    assert!(
        !dependencies.is_empty(),
        "found no [dependencies]: has the manifest's layout changed?"
    );
    for dependency in &dependencies {
        assert!(
            ALLOWED.contains(&dependency.as_str()),
            "wellcheck-core may not depend on `{dependency}`"
        );
    }
}
