//! Short names for the calls between a module and its wasm-bindgen glue.
//!
//! wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` and its own exports
//! `__wbindgen_*`, or after a closure's whole Rust type. Each name is written twice, once in
//! the module's import or export section and once in the glue, and hex digits and long
//! type paths barely compress. [`shorten`] renames them in both files alike: about 4.5 KB
//! gzip of the embed's first load (measured 2026-12-06). Only names the glue uses in the
//! two shapes wasm-bindgen writes are renamed, and every use must be found, so a glue of
//! another shape fails the build rather than shipping a module the glue cannot call.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ExportSection, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// The glue's name for the module's exports (`wasm.__wbindgen_malloc(...)`).
const GLUE_EXPORTS: &str = "wasm.";

/// The module and its glue with every import from the glue itself (`own_module`, the
/// module name wasm-bindgen gives its glue, `./<name>_bg.js`), and every export the glue
/// alone calls, renamed to a short name. `memory`, the exports that are the glue's own
/// functions' names (`mount`, ...) and imports from elsewhere keep theirs. Custom
/// sections are left out.
///
/// The first import's name carries a tag of this build's module, so a glue and module from
/// different builds (a stale cache) fail to link, loudly, rather than calling each other's
/// functions by numbers that have shifted.
pub fn shorten(module: &[u8], glue: &str, own_module: &str) -> Result<(Vec<u8>, String)> {
    let tag: String = Sha256::digest(module)
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let uses = glue_uses(glue);
    let mut imports = BTreeMap::new();
    let mut exports = BTreeMap::new();
    let mut out = Module::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.context("reading the module")?;
        match payload {
            Payload::ImportSection(reader) => {
                let mut section = ImportSection::new();
                for import in reader.into_imports() {
                    let import = import.context("reading an import")?;
                    let ty = RoundtripReencoder
                        .entity_type(import.ty)
                        .map_err(|error| anyhow::anyhow!("an import's type: {error:?}"))?;
                    if import.module != own_module {
                        section.import(import.module, import.name, ty);
                        continue;
                    }
                    let short = match imports.len() {
                        0 => format!("{}_{tag}", short_name(0)),
                        at => short_name(at),
                    };
                    section.import(import.module, &short, ty);
                    if imports.insert(import.name.to_owned(), short).is_some() {
                        bail!("the module imports `{}` twice", import.name);
                    }
                }
                out.section(&section);
            }
            Payload::ExportSection(reader) => {
                let mut section = ExportSection::new();
                let mut kept = Vec::new();
                let mut renamed = Vec::new();
                for export in reader {
                    let export = export.context("reading an export")?;
                    let kind = RoundtripReencoder
                        .export_kind(export.kind)
                        .map_err(|error| anyhow::anyhow!("an export's kind: {error:?}"))?;
                    if export.name == "memory" || !is_glue_internal(export.name, &uses) {
                        kept.push(export.name.to_owned());
                        section.export(export.name, kind, export.index);
                    } else {
                        renamed.push((export.name.to_owned(), kind, export.index));
                    }
                }
                // Short export names are numbered apart from the imports' and skip any kept
                // name, so two exports never share one.
                let mut next = 0;
                for (name, kind, index) in renamed {
                    let short = loop {
                        let candidate = format!("x{}", short_name(next));
                        next += 1;
                        if !kept.contains(&candidate) {
                            break candidate;
                        }
                    };
                    section.export(&short, kind, index);
                    exports.insert(name, short);
                }
                out.section(&section);
            }
            // The toolchain's notes about itself (`producers`, `target_features`): read
            // by tools, never by a browser.
            Payload::CustomSection(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    let data = module
                        .get(range)
                        .context("a section runs past the end of the module")?;
                    out.section(&RawSection { id, data });
                }
            }
        }
    }
    let glue = rename_in_glue(glue, &imports, &exports)?;
    let shortened = out.finish();
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&shortened)
        .context("the module with short names does not validate")?;
    Ok((shortened, glue))
}

/// `a`, `b`, ... `z`, `A` ... `Z`, then `aa`, `ab`, ...: the shortest names first.
fn short_name(mut index: usize) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.extend(LETTERS.chars().nth(index % LETTERS.len()));
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.iter().rev().collect()
}

/// How often the glue writes each token: in all, and as `wasm.<token>`.
#[derive(Debug, Default, Clone, Copy)]
struct Uses {
    all: usize,
    as_export: usize,
}

/// Every token of the glue with its [`Uses`], in one reading.
fn glue_uses(glue: &str) -> BTreeMap<&str, Uses> {
    let mut uses: BTreeMap<&str, Uses> = BTreeMap::new();
    for (start, end) in token_spans(glue) {
        let Some(token) = glue.get(start..end) else {
            continue;
        };
        let counted = uses.entry(token).or_default();
        counted.all += 1;
        if preceded_by(glue, start, GLUE_EXPORTS) {
            counted.as_export += 1;
        }
    }
    uses
}

/// Whether an export is only the glue's: called as `wasm.<name>`, and not also the name of
/// a function the glue exports to the page.
fn is_glue_internal(name: &str, uses: &BTreeMap<&str, Uses>) -> bool {
    uses.get(name)
        .is_some_and(|uses| uses.as_export > 0 && uses.as_export == uses.all)
}

fn preceded_by(text: &str, at: usize, prefix: &str) -> bool {
    text.get(..at)
        .is_some_and(|before| before.ends_with(prefix))
}

/// The byte spans of the glue's identifier-like tokens.
fn token_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if is_part(c) {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = chars.peek() {
            if !is_part(c) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// Whether the token ending at `end` is a key of an object literal (`name: function`).
fn is_key(text: &str, end: usize) -> bool {
    text.get(end..)
        .is_some_and(|after| after.trim_start().starts_with(':'))
}

/// The glue with each import's name replaced where it is a key of the imports object
/// (exactly once each), and each renamed export's after `wasm.` (at least once each).
fn rename_in_glue(
    glue: &str,
    imports: &BTreeMap<String, String>,
    exports: &BTreeMap<String, String>,
) -> Result<String> {
    let mut out = String::with_capacity(glue.len());
    let mut copied = 0;
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for (start, end) in token_spans(glue) {
        let Some(token) = glue.get(start..end) else {
            continue;
        };
        let replacement = match (exports.get(token), imports.get(token)) {
            (Some(short), _) if preceded_by(glue, start, GLUE_EXPORTS) => Some(short),
            (_, Some(short)) if is_key(glue, end) => Some(short),
            _ => None,
        };
        if let Some(short) = replacement {
            out.push_str(glue.get(copied..start).unwrap_or_default());
            out.push_str(short);
            copied = end;
            *found.entry(token).or_default() += 1;
        }
    }
    out.push_str(glue.get(copied..).unwrap_or_default());
    let count = |name: &String| found.get(name.as_str()).copied().unwrap_or_default();
    let unmatched: Vec<&String> = imports
        .keys()
        .filter(|name| count(name) != 1)
        .chain(exports.keys().filter(|name| count(name) == 0))
        .collect();
    if !unmatched.is_empty() {
        bail!(
            "the glue does not name these of the module's imports and exports as wasm-bindgen writes them (each import once as a key of the imports object, each export after `wasm.`): {unmatched:?}"
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use wasm_encoder::{
        CodeSection, EntityType, ExportKind, Function, FunctionSection, Instruction, MemorySection,
        MemoryType, TypeSection, ValType,
    };

    use super::*;

    const OWN: &str = "./w_bg.js";

    /// A module shaped as wasm-bindgen leaves one: two hashed imports from its glue, one
    /// from a snippet under its own JavaScript name, its own malloc, the page's `mount`,
    /// memory, and the toolchain's notes.
    fn module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        module.section(&types);
        let mut imports = ImportSection::new();
        for name in ["__wbg_log_0123456789abcdef", "__wbg_now_fedcba9876543210"] {
            imports.import(OWN, name, EntityType::Function(0));
        }
        imports.import("./snippets/clock.js", "now", EntityType::Function(0));
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0).function(0);
        module.section(&functions);
        let mut memory = MemorySection::new();
        memory.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        module.section(&memory);
        let mut exports = ExportSection::new();
        exports
            .export("memory", ExportKind::Memory, 0)
            .export("__wbindgen_malloc", ExportKind::Func, 3)
            .export("mount", ExportKind::Func, 4);
        module.section(&exports);
        let mut code = CodeSection::new();
        for callee in [0, 1] {
            let mut body = Function::new([]);
            body.instruction(&Instruction::LocalGet(0))
                .instruction(&Instruction::Call(callee))
                .instruction(&Instruction::End);
            code.function(&body);
        }
        module.section(&code);
        module.section(&wasm_encoder::CustomSection {
            name: "producers".into(),
            data: b"rustc".as_slice().into(),
        });
        module.finish()
    }

    const GLUE: &str = "const imports = { __wbg_log_0123456789abcdef: function(a) { return a; }, \
        __wbg_now_fedcba9876543210 : function(a) { return Date.now(); } };\n\
        export function mount(x) { return wasm.mount(wasm.__wbindgen_malloc(x)); }\n\
        const view = wasm.memory;";

    /// Imports as (module, name), and exports as (name, index).
    type Names = (Vec<(String, String)>, Vec<(String, u32)>);

    /// The module's imports and exports.
    fn names(module: &[u8]) -> Names {
        let mut imports = Vec::new();
        let mut exports = Vec::new();
        for payload in Parser::new(0).parse_all(module) {
            match payload.unwrap() {
                Payload::CustomSection(section) => panic!("{} kept", section.name()),
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import.unwrap();
                        imports.push((import.module.to_owned(), import.name.to_owned()));
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export.unwrap();
                        exports.push((export.name.to_owned(), export.index));
                    }
                }
                _ => {}
            }
        }
        (imports, exports)
    }

    #[test]
    fn imports_and_the_glues_own_exports_get_short_names_in_both_files() {
        let (module, glue) = shorten(&module(), GLUE, OWN).unwrap();
        let (imports, exports) = names(&module);
        let first = imports[0].1.clone();
        let tag = first.strip_prefix("a_").unwrap();
        assert!(
            tag.len() == 8 && tag.chars().all(|c| c.is_ascii_hexdigit()),
            "{first}"
        );
        assert_eq!(
            imports,
            [
                (OWN.into(), first.clone()),
                (OWN.into(), "b".into()),
                ("./snippets/clock.js".into(), "now".into()),
            ]
        );
        assert_eq!(
            exports,
            [("memory".into(), 0), ("mount".into(), 4), ("xa".into(), 3)]
        );
        assert_eq!(
            glue,
            format!(
                "const imports = {{ {first}: function(a) {{ return a; }}, \
                 b : function(a) {{ return Date.now(); }} }};\n\
                 export function mount(x) {{ return wasm.mount(wasm.xa(x)); }}\n\
                 const view = wasm.memory;"
            )
        );
    }

    #[test]
    fn another_build_of_the_module_links_to_another_first_name() {
        let mut changed = module();
        // The producers note is the last bytes: another build, the same imports.
        if let Some(last) = changed.last_mut() {
            *last = b'x';
        }
        let (one, _) = shorten(&module(), GLUE, OWN).unwrap();
        let (other, _) = shorten(&changed, GLUE, OWN).unwrap();
        assert_ne!(names(&one).0[0], names(&other).0[0]);
    }

    #[test]
    fn a_glue_that_does_not_name_an_import_as_a_key_once_fails_the_build() {
        for glue in [
            GLUE.replace("__wbg_now_fedcba9876543210 :", "now:"),
            GLUE.replace("Date.now()", "__wbg_now_fedcba9876543210: 1"),
        ] {
            let error = shorten(&module(), &glue, OWN).unwrap_err().to_string();
            assert!(error.contains("__wbg_now_fedcba9876543210"), "{error}");
        }
    }

    #[test]
    fn short_names_run_through_the_letters_then_pairs() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 53, 52 + 52 * 52]
            .into_iter()
            .map(short_name)
            .collect();
        assert_eq!(names, ["a", "z", "A", "Z", "aa", "ab", "aaa"]);
    }
}
