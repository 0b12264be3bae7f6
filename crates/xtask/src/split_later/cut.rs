//! Step 2 of the split: cutting wasm-bindgen's module into the first load and the later
//! part along the names step 1 found (see [`super`]).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use wasm_encoder::reencode::{Error as ReencodeError, Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, ElementSection, Elements, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, ImportSection, Instruction, Module, RawSection,
};
use wasmparser::{KnownCustom, Name, Operator, Parser, Payload, TypeRef};

use super::linked::constant_address;
use super::{IMPORTS_FROM, LaterPart, comparable, without_crate_hashes};

/// The two halves of a split module.
pub struct Split {
    /// The first load: the module less the later part, exporting what the later part needs.
    pub first: Vec<u8>,
    /// The later part, importing from [`IMPORTS_FROM`].
    pub later: Vec<u8>,
    /// How many functions moved.
    pub moved: usize,
    /// How many bytes of data moved.
    pub data_moved: usize,
}

/// Cuts `module` (wasm-bindgen's output, with its name section) along `later`, the names
/// [`later_functions`] found. A function the first load calls directly stays in it, with
/// everything it calls, unless it is an entry point (named with `entry_prefix`): the first
/// load calls those through a table slot of their own, which the later part fills.
pub fn split(module: &[u8], later: &LaterPart, entry_prefix: &str) -> Result<Split> {
    let parts = Parts::read(module)?;
    let moved = parts.moved(&later.functions, entry_prefix);
    // A function the linker's output left to the later part that stays in the first load
    // (wasm-bindgen's own code calls it) may read the later part's data: then none moves.
    let imported = parts.imported();
    let later_stays = (imported..imported + parts.bodies.len() as u32).any(|index| {
        !moved.contains(&index)
            && parts
                .names
                .get(&index)
                .is_some_and(|name| later.functions.contains(&comparable(name)))
    });
    let later_data: &[(u32, Vec<u8>)] = if later_stays { &[] } else { &later.data };
    // The later part's data must be where, and what, the linker wrote: wasm-bindgen keeps
    // the data as it is, and anything else would move the wrong bytes.
    for (address, bytes) in later_data {
        if parts.data_at(*address, bytes.len()) != Some(bytes.as_slice()) {
            bail!(
                "the later part's data at {address} is not in wasm-bindgen's module as the linker wrote it"
            );
        }
    }
    if moved.is_empty() {
        bail!("nothing of the later part is in the module");
    }
    if let Some(report) = std::env::var_os("WELLCHECK_SPLIT_REPORT") {
        let imported = parts.imported();
        let lines: Vec<String> = parts
            .bodies
            .iter()
            .enumerate()
            .map(|(at, body)| {
                let index = imported + at as u32;
                format!(
                    "{}\t{}\t{}",
                    body.range().len(),
                    if moved.contains(&index) {
                        "later"
                    } else {
                        "first"
                    },
                    parts.names.get(&index).copied().unwrap_or("?")
                )
            })
            .collect();
        std::fs::write(report, lines.join("\n")).context("writing the split report")?;
    }
    let plan = Plan::new(&parts, &moved, entry_prefix)?;
    // Both halves follow from this module alone.
    let tag: String = Sha256::digest(module)
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let memory = format!("$m{tag}");
    let later_module = plan.later_module(&parts, module, &memory, later_data)?;
    let first = plan.first_module(module, &parts, &memory, later_data)?;
    let features = wasmparser::WasmFeatures::all();
    wasmparser::Validator::new_with_features(features)
        .validate_all(&first)
        .context("the first load does not validate")?;
    wasmparser::Validator::new_with_features(features)
        .validate_all(&later_module)
        .context("the later part does not validate")?;
    Ok(Split {
        first,
        later: later_module,
        moved: moved.len(),
        data_moved: later_data.iter().map(|(_, bytes)| bytes.len()).sum(),
    })
}

/// What [`split`] needs to know of wasm-bindgen's output.
#[derive(Default)]
struct Parts<'a> {
    /// Each imported function's type.
    imported_function_types: Vec<u32>,
    /// Each defined function's type.
    function_types: Vec<u32>,
    bodies: Vec<wasmparser::FunctionBody<'a>>,
    names: BTreeMap<u32, &'a str>,
    tables: Vec<wasm_encoder::TableType>,
    memories: Vec<wasm_encoder::MemoryType>,
    globals: Vec<wasm_encoder::GlobalType>,
    /// Each slot of each table set by an active segment: (table, slot, function).
    slots: Vec<(u32, u64, u32)>,
    /// Each active data segment at a constant address: the address and its bytes.
    data: Vec<(u32, &'a [u8])>,
    /// How many other data segments (passive) there are.
    other_data_segments: usize,
    types: Option<Range<usize>>,
}

impl<'a> Parts<'a> {
    fn read(bytes: &'a [u8]) -> Result<Self> {
        let mut parts = Parts::default();
        let encode = |error: ReencodeError| anyhow::anyhow!("{error:?}");
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.context("reading the module")? {
                Payload::TypeSection(reader) => parts.types = Some(reader.range()),
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        match import.context("an import")?.ty {
                            TypeRef::Func(ty) => parts.imported_function_types.push(ty),
                            TypeRef::Table(ty) => parts
                                .tables
                                .push(RoundtripReencoder.table_type(ty).map_err(encode)?),
                            TypeRef::Memory(ty) => {
                                parts
                                    .memories
                                    .push(RoundtripReencoder.memory_type(ty).map_err(encode)?);
                            }
                            TypeRef::Global(ty) => parts
                                .globals
                                .push(RoundtripReencoder.global_type(ty).map_err(encode)?),
                            _ => bail!(
                                "the module imports something other than functions, tables, memory and globals"
                            ),
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        parts.function_types.push(ty.context("a function's type")?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        let table = table.context("a table")?;
                        parts
                            .tables
                            .push(RoundtripReencoder.table_type(table.ty).map_err(encode)?);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        parts.memories.push(
                            RoundtripReencoder
                                .memory_type(memory.context("a memory")?)
                                .map_err(encode)?,
                        );
                    }
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        parts.globals.push(
                            RoundtripReencoder
                                .global_type(global.context("a global")?.ty)
                                .map_err(encode)?,
                        );
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element.context("an element segment")?;
                        let wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } = element.kind
                        else {
                            continue;
                        };
                        let offset = match offset_expr.get_operators_reader().read()? {
                            Operator::I32Const { value } => {
                                u64::try_from(value).context("a negative table offset")?
                            }
                            _ => bail!("an element segment's offset is not a constant"),
                        };
                        let wasmparser::ElementItems::Functions(functions) = element.items else {
                            bail!("an element segment of expressions");
                        };
                        for (at, function) in functions.into_iter().enumerate() {
                            parts.slots.push((
                                table_index.unwrap_or(0),
                                offset + at as u64,
                                function.context("an element")?,
                            ));
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => parts.bodies.push(body),
                Payload::DataSection(reader) => {
                    for datum in reader {
                        let datum = datum.context("a data segment")?;
                        match constant_address(&datum.kind) {
                            Some(address) => parts.data.push((address, datum.data)),
                            None => parts.other_data_segments += 1,
                        }
                    }
                }
                Payload::CustomSection(reader) => {
                    if let KnownCustom::Name(names) = reader.as_known() {
                        for name in names {
                            if let Name::Function(map) = name.context("the name section")? {
                                for naming in map {
                                    let naming = naming.context("a function name")?;
                                    parts.names.insert(naming.index, naming.name);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if parts.names.is_empty() {
            bail!("the module has no function names to split it by");
        }
        Ok(parts)
    }

    /// The `length` bytes at `address`, if one data segment holds them all.
    fn data_at(&self, address: u32, length: usize) -> Option<&'a [u8]> {
        self.data.iter().find_map(|(start, bytes)| {
            let from = address.checked_sub(*start)? as usize;
            bytes.get(from..from.checked_add(length)?)
        })
    }

    fn imported(&self) -> u32 {
        self.imported_function_types.len() as u32
    }

    fn type_of(&self, function: u32) -> Option<u32> {
        match function.checked_sub(self.imported()) {
            None => self.imported_function_types.get(function as usize).copied(),
            Some(defined) => self.function_types.get(defined as usize).copied(),
        }
    }

    /// The functions each defined function calls directly or names with `ref.func`.
    fn direct_uses(&self, defined: usize) -> Result<Vec<u32>> {
        let body = self
            .bodies
            .get(defined)
            .context("a function without a body")?;
        let mut uses = Vec::new();
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            match reader.read()? {
                Operator::Call { function_index }
                | Operator::ReturnCall { function_index }
                | Operator::RefFunc { function_index } => uses.push(function_index),
                _ => {}
            }
        }
        Ok(uses)
    }

    fn is_entry(&self, index: u32, entry_prefix: &str) -> bool {
        self.names
            .get(&index)
            .is_some_and(|name| without_crate_hashes(name).starts_with(entry_prefix))
    }

    /// The defined functions that move: named in `later`, and not used directly by a function
    /// that stays, other than as an entry point.
    fn moved(&self, later: &BTreeSet<String>, entry_prefix: &str) -> BTreeSet<u32> {
        let imported = self.imported();
        let count = self.bodies.len() as u32;
        let mut stays: BTreeSet<u32> = (imported..imported + count)
            .filter(|index| {
                !self
                    .names
                    .get(index)
                    .is_some_and(|name| later.contains(&comparable(name)))
            })
            .collect();
        let mut to_visit: Vec<u32> = stays.iter().copied().collect();
        let why = std::env::var("WELLCHECK_SPLIT_WHY").ok();
        while let Some(index) = to_visit.pop() {
            let uses = self
                .direct_uses((index - imported) as usize)
                .unwrap_or_default();
            for used in uses {
                if used < imported || (self.is_entry(used, entry_prefix) && !stays.contains(&used))
                {
                    continue;
                }
                if stays.insert(used) {
                    if let Some(wanted) = &why {
                        let name = |index: u32| self.names.get(&index).copied().unwrap_or("?");
                        if name(used).contains(wanted.as_str()) {
                            eprintln!("kept: {} <- {}", name(used), name(index));
                        }
                    }
                    to_visit.push(used);
                }
            }
        }
        (imported..imported + count)
            .filter(|index| !stays.contains(index))
            .collect()
    }
}

/// How the two halves number their functions.
struct Plan {
    /// Old index to new, in the first load (the moved ones to the stub).
    first_index: Vec<u32>,
    stub_type: u32,
    /// The first load's functions the later part calls, in its import order.
    needed: Vec<u32>,
    /// Old index to the later part's.
    later_index: BTreeMap<u32, u32>,
    moved: Vec<u32>,
    /// The entry points the first load calls: each one's slot in the function table, and
    /// its type.
    entry_slots: BTreeMap<u32, (u32, u32)>,
    /// The function table, which grows by a slot for each of them.
    function_table: u32,
    /// Every table's type as the first load declares it.
    tables: Vec<wasm_encoder::TableType>,
}

impl Plan {
    fn new(parts: &Parts<'_>, moved: &BTreeSet<u32>, entry_prefix: &str) -> Result<Self> {
        let total = parts.imported() + parts.bodies.len() as u32;
        let mut first_index = Vec::with_capacity(total as usize);
        let mut next = 0;
        for index in 0..total {
            first_index.push(next);
            if !moved.contains(&index) {
                next += 1;
            }
        }
        let stub = next;
        for index in moved {
            if let Some(slot) = first_index.get_mut(*index as usize) {
                *slot = stub;
            }
        }
        let mut needed = BTreeSet::new();
        for index in moved {
            for used in parts.direct_uses((index - parts.imported()) as usize)? {
                if !moved.contains(&used) {
                    needed.insert(used);
                }
            }
        }
        let needed: Vec<u32> = needed.into_iter().collect();
        let mut later_index = BTreeMap::new();
        for (at, index) in needed.iter().chain(moved.iter()).enumerate() {
            later_index.insert(*index, u32::try_from(at).context("function count")?);
        }
        // Entry points the staying functions call directly.
        let mut called = BTreeSet::new();
        for (defined, _) in parts.bodies.iter().enumerate() {
            let index = parts.imported() + defined as u32;
            if moved.contains(&index) {
                continue;
            }
            for used in parts.direct_uses(defined)? {
                if moved.contains(&used) {
                    if !parts.is_entry(used, entry_prefix) {
                        bail!(
                            "a function that stays calls one that moves and is not an entry point"
                        );
                    }
                    called.insert(used);
                }
            }
        }
        let function_table = parts
            .tables
            .iter()
            .position(|table| table.element_type == wasm_encoder::RefType::FUNCREF)
            .context("the module has no function table")?;
        let mut tables = parts.tables.clone();
        let table = tables
            .get_mut(function_table)
            .context("the function table")?;
        let first_free = u32::try_from(table.minimum).context("a table past u32")?;
        let grown = called.len() as u64;
        table.minimum += grown;
        if let Some(maximum) = table.maximum.as_mut() {
            *maximum = (*maximum).max(table.minimum);
        }
        let mut entry_slots = BTreeMap::new();
        for (at, index) in called.iter().enumerate() {
            let ty = parts.type_of(*index).context("a function without a type")?;
            entry_slots.insert(*index, (first_free + at as u32, ty));
        }
        let first_moved = *moved.iter().next().context("nothing moves")?;
        Ok(Plan {
            first_index,
            stub_type: parts
                .type_of(first_moved)
                .context("a function without a type")?,
            needed,
            later_index,
            moved: moved.iter().copied().collect(),
            entry_slots,
            function_table: u32::try_from(function_table).context("table count")?,
            tables,
        })
    }

    /// The later part: its functions, written into their table slots when it is
    /// instantiated; everything else imported from the first load.
    fn later_module(
        &self,
        parts: &Parts<'_>,
        bytes: &[u8],
        memory: &str,
        data: &[(u32, Vec<u8>)],
    ) -> Result<Vec<u8>> {
        let mut module = Module::new();
        let types = parts.types.clone().context("the module has no types")?;
        module.section(&RawSection {
            id: wasm_encoder::SectionId::Type as u8,
            data: bytes.get(types).context("the type section")?,
        });
        let mut imports = ImportSection::new();
        for index in &self.needed {
            let ty = parts.type_of(*index).context("a function without a type")?;
            imports.import(IMPORTS_FROM, &export_name(*index), EntityType::Function(ty));
        }
        for (at, table) in self.tables.iter().enumerate() {
            imports.import(IMPORTS_FROM, &format!("$t{at}"), EntityType::Table(*table));
        }
        for memory_type in &parts.memories {
            imports.import(IMPORTS_FROM, memory, EntityType::Memory(*memory_type));
        }
        for (at, global) in parts.globals.iter().enumerate() {
            imports.import(
                IMPORTS_FROM,
                &format!("$g{at}"),
                EntityType::Global(*global),
            );
        }
        module.section(&imports);
        let mut functions = FunctionSection::new();
        for index in &self.moved {
            functions.function(parts.type_of(*index).context("a function without a type")?);
        }
        module.section(&functions);
        let mut elements = ElementSection::new();
        for (table, slot, function) in &parts.slots {
            if let Some(new) = self
                .moved
                .binary_search(function)
                .ok()
                .and(self.later_index.get(function))
            {
                let offset = i32::try_from(*slot).context("a table slot past i32")?;
                elements.active(
                    Some(*table),
                    &ConstExpr::i32_const(offset),
                    Elements::Functions(std::borrow::Cow::Owned(vec![*new])),
                );
            }
        }
        for (index, (slot, _)) in &self.entry_slots {
            let new = *self
                .later_index
                .get(index)
                .context("an entry point without a number")?;
            elements.active(
                Some(self.function_table),
                &ConstExpr::i32_const(i32::try_from(*slot).context("a table slot past i32")?),
                Elements::Functions(std::borrow::Cow::Owned(vec![new])),
            );
        }
        module.section(&elements);
        let mut code = CodeSection::new();
        let mut renumber = Renumber {
            map: |index: u32| self.later_index.get(&index).copied(),
        };
        for index in &self.moved {
            let body = parts
                .bodies
                .get((index - parts.imported()) as usize)
                .context("a function without a body")?;
            renumber
                .parse_function_body(&mut code, body.clone())
                .map_err(|error| anyhow::anyhow!("renumbering a moved function: {error:?}"))?;
        }
        module.section(&code);
        // Its data, written where the first load leaves it out.
        let mut segments = wasm_encoder::DataSection::new();
        for (address, bytes) in data {
            let address = i32::try_from(*address).context("data past i32")?;
            segments.active(0, &ConstExpr::i32_const(address), bytes.iter().copied());
        }
        module.section(&segments);
        Ok(module.finish())
    }

    /// The first load: the module without the moved functions, one stub in their table
    /// slots, and exports for the later part.
    fn first_module(
        &self,
        bytes: &[u8],
        parts: &Parts<'_>,
        memory: &str,
        later_data: &[(u32, Vec<u8>)],
    ) -> Result<Vec<u8>> {
        let mut first = FirstLoad {
            plan: self,
            parts,
            memory,
            later_data,
        };
        let mut module = Module::new();
        first
            .parse_core_module(&mut module, Parser::new(0), bytes)
            .map_err(|error| anyhow::anyhow!("writing the first load: {error:?}"))?;
        Ok(module.finish())
    }
}

/// Re-encodes the first load (see [`Plan::first_module`]).
struct FirstLoad<'p, 'a> {
    plan: &'p Plan,
    parts: &'p Parts<'a>,
    memory: &'p str,
    /// The later part's data, left out of the first load's segments.
    later_data: &'p [(u32, Vec<u8>)],
}

impl FirstLoad<'_, '_> {
    fn is_moved(&self, defined: usize) -> bool {
        let index = self.parts.imported() as usize + defined;
        u32::try_from(index).is_ok_and(|index| self.plan.moved.binary_search(&index).is_ok())
    }
}

impl Reencode for FirstLoad<'_, '_> {
    type Error = String;

    fn function_index(&mut self, func: u32) -> Result<u32, ReencodeError<String>> {
        self.plan
            .first_index
            .get(func as usize)
            .copied()
            .ok_or_else(|| ReencodeError::UserError(format!("no function {func}")))
    }

    fn parse_table_section(
        &mut self,
        tables: &mut wasm_encoder::TableSection,
        section: wasmparser::TableSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        let imported = self.parts.tables.len() - section.count() as usize;
        for (at, table) in section.into_iter().enumerate() {
            let table = table?;
            let ty = self
                .plan
                .tables
                .get(imported + at)
                .copied()
                .ok_or_else(|| ReencodeError::UserError("a table without a type".to_owned()))?;
            match table.init {
                wasmparser::TableInit::RefNull => {
                    tables.table(ty);
                }
                wasmparser::TableInit::Expr(expr) => {
                    let expr = self.const_expr(expr)?;
                    tables.table_with_init(ty, &expr);
                }
            }
        }
        Ok(())
    }

    // A call to an entry point goes through its table slot: until the later part is here
    // the slot is empty, and the call traps.
    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), ReencodeError<String>> {
        let mut function = self.new_function_with_parsed_locals(&func)?;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let operator = reader.read()?;
            match operator {
                Operator::Call { function_index } => {
                    if let Some((slot, ty)) = self.plan.entry_slots.get(&function_index) {
                        let slot = i32::try_from(*slot).map_err(|_| {
                            ReencodeError::UserError("a table slot past i32".to_owned())
                        })?;
                        function.instruction(&Instruction::I32Const(slot));
                        function.instruction(&Instruction::CallIndirect {
                            type_index: *ty,
                            table_index: self.plan.function_table,
                        });
                        continue;
                    }
                }
                // Only a plain call can go through a slot (`Plan::new` refuses any use of
                // a moved function that is not an entry point): anything else naming one
                // would reach the trap stub for good.
                Operator::ReturnCall { function_index } | Operator::RefFunc { function_index }
                    if self.plan.moved.binary_search(&function_index).is_ok() =>
                {
                    return Err(ReencodeError::UserError(format!(
                        "the first load names moved function {function_index} other than in a call"
                    )));
                }
                _ => {}
            }
            function.instruction(&self.instruction(operator)?);
        }
        code.function(&function);
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        functions: &mut FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for (defined, ty) in section.into_iter().enumerate() {
            let ty = ty?;
            if !self.is_moved(defined) {
                functions.function(ty);
            }
        }
        functions.function(self.plan.stub_type);
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for (defined, body) in section.into_iter().enumerate() {
            let body = body?;
            if !self.is_moved(defined) {
                self.parse_function_body(code, body)?;
            }
        }
        // In every moved function's table slot until the later part writes over it.
        let mut stub = Function::new([]);
        stub.instruction(&Instruction::Unreachable);
        stub.instruction(&Instruction::End);
        code.function(&stub);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for export in section {
            self.parse_export(exports, export?)?;
        }
        for index in &self.plan.needed {
            let new = self.function_index(*index)?;
            exports.export(&export_name(*index), ExportKind::Func, new);
        }
        for table in 0..self.parts.tables.len() {
            exports.export(&format!("$t{table}"), ExportKind::Table, table as u32);
        }
        if !self.parts.memories.is_empty() {
            exports.export(self.memory, ExportKind::Memory, 0);
        }
        for global in 0..self.parts.globals.len() {
            exports.export(&format!("$g{global}"), ExportKind::Global, global as u32);
        }
        Ok(())
    }

    // Each segment less the later part's data: the pieces around it, where they were.
    fn parse_data_section(
        &mut self,
        segments: &mut wasm_encoder::DataSection,
        section: wasmparser::DataSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for datum in section {
            let datum = datum?;
            let Some(start) = constant_address(&datum.kind) else {
                self.parse_data(segments, datum)?;
                continue;
            };
            for piece in first_load_pieces(self.later_data, start, datum.data.len()) {
                let address = i32::try_from(start as usize + piece.start)
                    .map_err(|_| ReencodeError::UserError("data past i32".to_owned()))?;
                let bytes = datum.data.get(piece).unwrap_or_default();
                segments.active(0, &ConstExpr::i32_const(address), bytes.iter().copied());
            }
        }
        Ok(())
    }

    fn data_count(&mut self, _count: u32) -> Result<u32, ReencodeError<String>> {
        let pieces: usize = self
            .parts
            .data
            .iter()
            .map(|(start, bytes)| first_load_pieces(self.later_data, *start, bytes.len()).len())
            .sum();
        u32::try_from(pieces + self.parts.other_data_segments)
            .map_err(|_| ReencodeError::UserError("too many data segments".to_owned()))
    }

    // The names were for the split; wasm-opt and the browser need none.
    fn parse_custom_section(
        &mut self,
        _module: &mut Module,
        _section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        Ok(())
    }
}

/// What the first load keeps of a segment of `length` bytes at `start`: the pieces (offsets
/// within it) around the later part's data.
fn first_load_pieces(
    later_data: &[(u32, Vec<u8>)],
    start: u32,
    length: usize,
) -> Vec<Range<usize>> {
    let mut at = 0_usize;
    let mut pieces = Vec::new();
    for (address, bytes) in later_data {
        let Some(from) = address.checked_sub(start).map(|from| from as usize) else {
            continue;
        };
        if from + bytes.len() > length {
            continue;
        }
        pieces.push(at..from);
        at = from + bytes.len();
    }
    pieces.push(at..length);
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// The name the first load exports a function under for the later part.
fn export_name(index: u32) -> String {
    format!("${index:x}")
}

/// Renumbers functions while re-encoding code.
struct Renumber<F: Fn(u32) -> Option<u32>> {
    map: F,
}

impl<F: Fn(u32) -> Option<u32>> Reencode for Renumber<F> {
    type Error = String;

    fn function_index(&mut self, func: u32) -> Result<u32, ReencodeError<String>> {
        (self.map)(func)
            .ok_or_else(|| ReencodeError::UserError(format!("function {func} has no new number")))
    }

    fn data_index(&mut self, data: u32) -> Result<u32, ReencodeError<String>> {
        Err(ReencodeError::UserError(format!(
            "a moved function uses data segment {data}"
        )))
    }
}
