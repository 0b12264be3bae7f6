//! The cut on a small module made here: what moves, what stays, how the first load reaches
//! an entry point, and what each half imports and exports.

use std::collections::BTreeSet;

use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, Elements, EntityType, ExportKind,
    ExportSection, Function, FunctionSection, GlobalSection, GlobalType, ImportSection,
    Instruction, MemorySection, MemoryType, Module, NameMap, NameSection, RefType, TableSection,
    TableType, TypeSection, ValType,
};
use wasmparser::{Operator, Parser, Payload};

use super::{IMPORTS_FROM, LaterPart, split, without_crate_hashes};

const ENTRY: &str = "app::later::pages::";

/// Function 0 is imported (`env.log`); then, by index:
/// 1 `main` (exported): calls 2, 3 and 5;
/// 2 `app[1a2b]::later::pages::entry`: calls 4, 3 and the import;
/// 3 `helper`; 4 `only_later`, which sits in table slot 1;
/// 5 `named_later_but_called`: among the later names, but `main` calls it.
fn module() -> Vec<u8> {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let mut imports = ImportSection::new();
    imports.import("env", "log", EntityType::Function(0));
    module.section(&imports);
    let mut functions = FunctionSection::new();
    for _ in 1..=5 {
        functions.function(0);
    }
    module.section(&functions);
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 2,
        maximum: Some(2),
        shared: false,
    });
    module.section(&tables);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    module.section(&memories);
    let mut globals = GlobalSection::new();
    globals.global(
        GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(1024),
    );
    module.section(&globals);
    let mut exports = ExportSection::new();
    exports.export("main", ExportKind::Func, 1);
    exports.export("memory", ExportKind::Memory, 0);
    module.section(&exports);
    let mut elements = ElementSection::new();
    elements.active(
        Some(0),
        &ConstExpr::i32_const(1),
        Elements::Functions(vec![4].into()),
    );
    module.section(&elements);
    let mut code = CodeSection::new();
    for calls in [vec![2, 3, 5], vec![4, 3, 0], vec![], vec![], vec![]] {
        let mut function = Function::new([]);
        for callee in calls {
            function.instruction(&Instruction::Call(callee));
        }
        function.instruction(&Instruction::End);
        code.function(&function);
    }
    module.section(&code);
    let mut data = DataSection::new();
    data.active(
        0,
        &ConstExpr::i32_const(16),
        b"firstLATERfirst".iter().copied(),
    );
    module.section(&data);
    let mut names = NameMap::new();
    for (index, name) in [
        (1, "main"),
        (2, "app[1a2b]::later::pages::entry"),
        (3, "helper"),
        (4, "only_later"),
        (5, "named_later_but_called"),
    ] {
        names.append(index, name);
    }
    let mut name_section = NameSection::new();
    name_section.functions(&names);
    module.section(&name_section);
    module.finish()
}

/// The later part as the linker's output would give it: three functions by name, and the
/// five bytes "LATER" at 21.
fn later_part() -> LaterPart {
    LaterPart {
        functions: [
            "app[1a2b]::later::pages::entry",
            "only_later",
            "named_later_but_called",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect(),
        data: vec![(21, b"LATER".to_vec())],
    }
}

/// Each active data segment: (address, bytes).
fn data(module: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let mut segments = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::DataSection(reader) = payload.unwrap() {
            for datum in reader {
                let datum = datum.unwrap();
                segments.push((
                    super::linked::constant_address(&datum.kind).unwrap(),
                    datum.data.to_vec(),
                ));
            }
        }
    }
    segments
}

/// Each defined function's calls (direct and indirect, as `Call(n)` and `Indirect(slot)`).
fn calls(module: &[u8]) -> Vec<Vec<String>> {
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut found = Vec::new();
            let mut last_constant = None;
            let mut reader = body.get_operators_reader().unwrap();
            while !reader.eof() {
                match reader.read().unwrap() {
                    Operator::I32Const { value } => last_constant = Some(value),
                    Operator::Call { function_index } => {
                        found.push(format!("Call({function_index})"))
                    }
                    Operator::CallIndirect { .. } => {
                        found.push(format!("Indirect({})", last_constant.unwrap()));
                    }
                    _ => {}
                }
            }
            bodies.push(found);
        }
    }
    bodies
}

fn imports_and_exports(module: &[u8]) -> (Vec<String>, Vec<String>) {
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    for payload in Parser::new(0).parse_all(module) {
        match payload.unwrap() {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    imports.push(format!("{}.{}", import.module, import.name));
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    exports.push(export.unwrap().name.to_owned());
                }
            }
            _ => {}
        }
    }
    (imports, exports)
}

/// The later part's table writes: (slot, its function).
fn slots(module: &[u8]) -> Vec<(i32, u32)> {
    let mut slots = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ElementSection(reader) = payload.unwrap() {
            for element in reader {
                let element = element.unwrap();
                let wasmparser::ElementKind::Active { offset_expr, .. } = element.kind else {
                    continue;
                };
                let Operator::I32Const { value } =
                    offset_expr.get_operators_reader().read().unwrap()
                else {
                    panic!("a slot that is not a constant");
                };
                let wasmparser::ElementItems::Functions(functions) = element.items else {
                    panic!("expressions");
                };
                for function in functions {
                    slots.push((value, function.unwrap()));
                }
            }
        }
    }
    slots
}

#[test]
fn only_what_the_first_load_cannot_reach_moves_and_entry_points_are_called_through_a_slot() {
    let split = split(&module(), &later_part(), ENTRY).unwrap();
    // `entry` and `only_later` move; `named_later_but_called` stays, as `main` calls it.
    assert_eq!(split.moved, 2);
    // First load: main, helper, named_later_but_called, and the stub. `main` calls the
    // entry point through slot 2 (the table grew by one) and the others directly.
    assert_eq!(
        calls(&split.first),
        vec![
            vec!["Indirect(2)", "Call(2)", "Call(3)"],
            vec![],
            vec![],
            vec![],
        ]
    );
    // The later part imports what it calls (the import and `helper`) and the first load's
    // table, memory (under the build's tag) and global; its two functions are numbered
    // after those imports, and it writes them into their slots.
    let (imports, _) = imports_and_exports(&split.later);
    assert_eq!(imports.len(), 5, "{imports:?}");
    assert_eq!(imports[0], format!("{IMPORTS_FROM}.$0"));
    assert_eq!(imports[1], format!("{IMPORTS_FROM}.$3"));
    assert_eq!(imports[2], format!("{IMPORTS_FROM}.$t0"));
    assert!(
        imports[3].starts_with(&format!("{IMPORTS_FROM}.$m")),
        "{imports:?}"
    );
    assert_eq!(imports[4], format!("{IMPORTS_FROM}.$g0"));
    assert_eq!(
        calls(&split.later),
        vec![vec!["Call(3)", "Call(1)", "Call(0)"], vec![]]
    );
    assert_eq!(slots(&split.later), vec![(1, 3), (2, 2)]);
    // The first load exports each of them under those names, and keeps its own.
    let (_, exports) = imports_and_exports(&split.first);
    for name in imports.iter().map(|import| import.trim_start_matches("p.")) {
        assert!(
            exports.iter().any(|export| export == name),
            "{name}: {exports:?}"
        );
    }
    assert!(exports.iter().any(|export| export == "main"));
}

#[test]
fn the_memory_name_changes_with_the_module_so_a_stale_later_part_cannot_link() {
    let first = split(&module(), &later_part(), ENTRY).unwrap();
    let mut other = module();
    // Another build: the same shape, a different global start.
    let at = other
        .windows(3)
        .position(|bytes| bytes == [0x41, 0x80, 0x08])
        .unwrap();
    other[at + 1] = 0x81;
    let second = split(&other, &later_part(), ENTRY).unwrap();
    let memory = |module: &[u8]| {
        imports_and_exports(module)
            .0
            .into_iter()
            .find(|import| import.starts_with("p.$m"))
            .unwrap()
    };
    assert_ne!(memory(&first.later), memory(&second.later));
}

#[test]
fn nothing_to_move_is_an_error_not_an_empty_later_part() {
    let nothing = LaterPart {
        functions: BTreeSet::new(),
        data: Vec::new(),
    };
    let error = split(&module(), &nothing, ENTRY).err().unwrap();
    assert!(error.to_string().contains("nothing"), "{error}");
}

/// [`later_part`] without `named_later_but_called`, which the first load calls.
fn later_part_all_moved() -> LaterPart {
    let mut later = later_part();
    later.functions.remove("named_later_but_called");
    later
}

#[test]
fn data_only_the_later_part_uses_moves_with_it_and_the_rest_stays_where_it_was() {
    let split = split(&module(), &later_part_all_moved(), ENTRY).unwrap();
    assert_eq!(
        data(&split.first),
        vec![(16, b"first".to_vec()), (26, b"first".to_vec())]
    );
    assert_eq!(data(&split.later), vec![(21, b"LATER".to_vec())]);
}

#[test]
fn data_that_is_not_where_the_linker_put_it_stops_the_build() {
    let mut later = later_part_all_moved();
    later.data = vec![(21, b"OTHER".to_vec())];
    let error = split(&module(), &later, ENTRY).err().unwrap();
    assert!(error.to_string().contains("at 21"), "{error}");
}

#[test]
fn when_a_function_left_to_the_later_part_stays_its_data_stays_too() {
    // `named_later_but_called` stays (the first load calls it) and might read the data.
    let split = split(&module(), &later_part(), ENTRY).unwrap();
    assert_eq!(data(&split.first), vec![(16, b"firstLATERfirst".to_vec())]);
    assert!(data(&split.later).is_empty());
}

#[test]
fn crate_hashes_are_left_out_of_a_name() {
    assert_eq!(
        without_crate_hashes("<wellcheck_web[5af9]::x as yew[9c81]::Y>::z"),
        "<wellcheck_web::x as yew::Y>::z"
    );
}
