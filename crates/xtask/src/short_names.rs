//! Short names for the calls between a module and its wasm-bindgen glue.
//!
//! wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` and its own exports
//! `__wbindgen_*`, or after a closure's whole Rust type. Each name is written twice, once in
//! the module's import or export section and once in the glue, and hex digits and long
//! type paths barely compress. [`shorten`] renames them in both files alike: about 3 KB
//! gzip of the embed's first load (measured 2026-12-06). Only names the glue uses in the
//! two shapes wasm-bindgen writes are renamed, and every use must be found, so a glue of
//! another shape fails the build rather than shipping a module the glue cannot call.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ExportSection, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// The glue's name for the module's exports (`wasm.__wbindgen_malloc(...)`).
const GLUE_EXPORTS: &str = "wasm.";

/// The module and its glue with every import, and every export the glue alone calls,
/// renamed to a short name. `memory` and the exports that are the glue's own functions'
/// names (`mount`, ...) keep theirs. Custom sections are left out.
pub fn shorten(module: &[u8], glue: &str) -> Result<(Vec<u8>, String)> {
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
                    let short = short_name(imports.len());
                    let ty = RoundtripReencoder
                        .entity_type(import.ty)
                        .map_err(|error| anyhow::anyhow!("an import's type: {error:?}"))?;
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
                    if export.name == "memory" || !is_glue_internal(export.name, glue) {
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

/// Whether an export is only the glue's: called as `wasm.<name>`, and not also the name of
/// a function the glue exports to the page.
fn is_glue_internal(name: &str, glue: &str) -> bool {
    !token_spans(glue).any(|(start, end)| {
        glue.get(start..end) == Some(name) && !preceded_by(glue, start, GLUE_EXPORTS)
    }) && token_spans(glue).any(|(start, end)| glue.get(start..end) == Some(name))
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

/// The glue with each import's name replaced wherever it stands as a token (the keys of
/// its imports object), and each renamed export's after `wasm.`. Every name must be found.
fn rename_in_glue(
    glue: &str,
    imports: &BTreeMap<String, String>,
    exports: &BTreeMap<String, String>,
) -> Result<String> {
    let mut out = String::with_capacity(glue.len());
    let mut copied = 0;
    let mut found = std::collections::BTreeSet::new();
    for (start, end) in token_spans(glue) {
        let Some(token) = glue.get(start..end) else {
            continue;
        };
        let replacement = match exports.get(token) {
            Some(short) if preceded_by(glue, start, GLUE_EXPORTS) => Some(short),
            _ => imports.get(token),
        };
        if let Some(short) = replacement {
            out.push_str(glue.get(copied..start).unwrap_or_default());
            out.push_str(short);
            copied = end;
            found.insert(token);
        }
    }
    out.push_str(glue.get(copied..).unwrap_or_default());
    let missing: Vec<&String> = imports
        .keys()
        .chain(exports.keys())
        .filter(|name| !found.contains(name.as_str()))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the glue does not name these of the module's imports and exports as wasm-bindgen writes them: {missing:?}"
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

    /// A module shaped as wasm-bindgen leaves one: two hashed imports, its own malloc, the
    /// page's `mount`, and memory.
    fn module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        module.section(&types);
        let mut imports = ImportSection::new();
        for name in ["__wbg_log_0123456789abcdef", "__wbg_now_fedcba9876543210"] {
            imports.import("./w_bg.js", name, EntityType::Function(0));
        }
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
            .export("__wbindgen_malloc", ExportKind::Func, 2)
            .export("mount", ExportKind::Func, 3);
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
        __wbg_now_fedcba9876543210: function(a) { return a; } };\n\
        export function mount(x) { return wasm.mount(wasm.__wbindgen_malloc(x)); }\n\
        const view = wasm.memory;";

    #[test]
    fn imports_and_the_glues_own_exports_get_short_names_in_both_files() {
        let (module, glue) = shorten(&module(), GLUE).unwrap();
        assert_eq!(
            glue,
            "const imports = { a: function(a) { return a; }, \
             b: function(a) { return a; } };\n\
             export function mount(x) { return wasm.mount(wasm.xa(x)); }\n\
             const view = wasm.memory;"
        );
        let mut imports = Vec::new();
        let mut exports = Vec::new();
        for payload in Parser::new(0).parse_all(&module) {
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
        assert_eq!(
            imports,
            [
                ("./w_bg.js".into(), "a".into()),
                ("./w_bg.js".into(), "b".into())
            ]
        );
        assert_eq!(
            exports,
            [("memory".into(), 0), ("mount".into(), 3), ("xa".into(), 2)]
        );
    }

    #[test]
    fn a_glue_that_does_not_name_an_import_fails_the_build() {
        let glue = GLUE.replace("__wbg_now_fedcba9876543210", "now");
        let error = shorten(&module(), &glue).unwrap_err().to_string();
        assert!(error.contains("__wbg_now_fedcba9876543210"), "{error}");
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
