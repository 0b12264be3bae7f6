//! Step 1 of the split: which functions only the later part's entry points reach, read from
//! the linker's output with its relocations (see [`super`]).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::{Context, Result, bail};
use wasmparser::{
    ExternalKind, KnownCustom, Linking, Name, Parser, Payload, RelocationType, SymbolInfo, TypeRef,
};

use super::comparable;

/// What only the later part's entry points (functions named with `entry_prefix`) reach, read
/// from the linker's output with its relocations.
pub struct LaterPart {
    /// The functions, by name as wasm-bindgen writes it.
    pub functions: BTreeSet<String>,
    /// The data (a trait object's table of methods, a string only those functions use):
    /// each piece's address in memory and its bytes.
    pub data: Vec<(u32, Vec<u8>)>,
}

/// Finds the [`LaterPart`] in the linker's output.
pub fn later_functions(linked: &[u8], entry_prefix: &str) -> Result<LaterPart> {
    let module = Linked::read(linked)?;
    let mut first_load = vec![false; module.function_count];
    let mut data_seen = vec![false; module.symbols.len()];
    let mut to_visit: Vec<(Node, Option<Node>)> = module
        .roots
        .iter()
        .map(|index| (Node::Function(*index), None))
        .collect();
    to_visit.extend(
        module
            .data_roots
            .iter()
            .map(|symbol| (Node::Data(*symbol), None)),
    );
    // Why each function is in the first load (a debugging aid: WELLCHECK_SPLIT_WHY).
    let mut reached_from: BTreeMap<u32, Option<Node>> = BTreeMap::new();
    let mut data_from: BTreeMap<u32, Option<Node>> = BTreeMap::new();
    while let Some((node, from)) = to_visit.pop() {
        let edges = match node {
            Node::Function(index) => {
                let Some(seen) = first_load.get_mut(index as usize) else {
                    continue;
                };
                if *seen || module.is_entry(index, entry_prefix) {
                    continue;
                }
                *seen = true;
                reached_from.insert(index, from);
                module.function_edges.get(&index)
            }
            Node::Data(symbol) => {
                let Some(seen) = data_seen.get_mut(symbol as usize) else {
                    continue;
                };
                if *seen {
                    continue;
                }
                *seen = true;
                data_from.insert(symbol, from);
                module.data_edges.get(&symbol)
            }
        };
        to_visit.extend(edges.into_iter().flatten().map(|next| (*next, Some(node))));
    }
    if let Ok(wanted) = std::env::var("WELLCHECK_SPLIT_WHY") {
        module.explain(&wanted, &reached_from, &data_from);
    }
    let data = module.later_data(linked, entry_prefix, &data_seen)?;
    // By name, as wasm-bindgen keeps them; a name two functions share is the later part's
    // only if both are.
    let mut by_name: BTreeMap<String, bool> = BTreeMap::new();
    for index in module.imported_functions..module.function_count as u32 {
        if let Some(name) = module.names.get(&index) {
            let later = !first_load.get(index as usize).copied().unwrap_or(true);
            by_name
                .entry(comparable(name))
                .and_modify(|all_later| *all_later &= later)
                .or_insert(later);
        }
    }
    let later: BTreeSet<String> = by_name
        .into_iter()
        .filter(|(_, later)| *later)
        .map(|(name, _)| name)
        .collect();
    let entries_left = (module.imported_functions..module.function_count as u32).any(|index| {
        module.is_entry(index, entry_prefix)
            && !first_load.get(index as usize).copied().unwrap_or(true)
    });
    if !entries_left {
        bail!("no function named `{entry_prefix}...` is left to the later part");
    }
    Ok(LaterPart {
        functions: later,
        data,
    })
}

#[derive(Debug, Clone, Copy)]
enum Node {
    Function(u32),
    /// A data symbol, by its index in the symbol table.
    Data(u32),
}

/// What [`later_functions`] needs of the linker's output.
#[derive(Default)]
struct Linked<'a> {
    imported_functions: u32,
    function_count: usize,
    names: BTreeMap<u32, &'a str>,
    symbols: Vec<SymbolInfo<'a>>,
    function_edges: BTreeMap<u32, Vec<Node>>,
    data_edges: BTreeMap<u32, Vec<Node>>,
    roots: Vec<u32>,
    data_roots: Vec<u32>,
    /// Each data segment's address in memory (`None`: passive) and its contents' range in
    /// the file.
    segments: Vec<(Option<u32>, Range<usize>)>,
}

impl<'a> Linked<'a> {
    /// The data only the entry points reach, as pieces of memory: each data symbol reached
    /// from them and not from the first load, less any that overlaps one the first load
    /// reaches.
    fn later_data(
        &self,
        bytes: &[u8],
        entry_prefix: &str,
        first_load: &[bool],
    ) -> Result<Vec<(u32, Vec<u8>)>> {
        let mut reached = vec![false; self.symbols.len()];
        let mut functions_seen = BTreeSet::new();
        let mut to_visit: Vec<Node> = (0..self.function_count as u32)
            .filter(|index| self.is_entry(*index, entry_prefix))
            .map(Node::Function)
            .collect();
        while let Some(node) = to_visit.pop() {
            let edges = match node {
                Node::Function(index) => {
                    if !functions_seen.insert(index) {
                        continue;
                    }
                    self.function_edges.get(&index)
                }
                Node::Data(symbol) => match reached.get_mut(symbol as usize) {
                    Some(seen) if !*seen => {
                        *seen = true;
                        self.data_edges.get(&symbol)
                    }
                    _ => continue,
                },
            };
            to_visit.extend(edges.into_iter().flatten().copied());
        }
        let place = |symbol: &SymbolInfo<'_>| -> Option<(u32, u32, Range<usize>)> {
            let SymbolInfo::Data {
                symbol: Some(defined),
                ..
            } = symbol
            else {
                return None;
            };
            let (Some(base), contents) = self.segments.get(defined.index as usize)?.clone() else {
                return None;
            };
            let start = contents.start + defined.offset as usize;
            let end = start + defined.size as usize;
            (end <= contents.end).then(|| (base + defined.offset, defined.size, start..end))
        };
        let first_ranges: Vec<Range<u32>> = self
            .symbols
            .iter()
            .zip(first_load)
            .filter(|(_, seen)| **seen)
            .filter_map(|(symbol, _)| place(symbol))
            .map(|(address, size, _)| address..address + size)
            .collect();
        let mut data = Vec::new();
        for (symbol, _) in self
            .symbols
            .iter()
            .zip(&reached)
            .zip(first_load)
            .filter(|((_, later), first)| **later && !**first)
            .map(|(pair, _)| pair)
        {
            let Some((address, size, contents)) = place(symbol) else {
                continue;
            };
            let range = address..address + size;
            if size == 0
                || first_ranges
                    .iter()
                    .any(|first| first.start < range.end && range.start < first.end)
            {
                continue;
            }
            let contents = bytes
                .get(contents)
                .context("a data symbol past its segment")?;
            data.push((address, contents.to_vec()));
        }
        data.sort_unstable();
        data.dedup_by(|next, kept| next.0 < kept.0 + kept.1.len() as u32);
        Ok(data)
    }

    fn read(bytes: &'a [u8]) -> Result<Self> {
        let mut module = Linked::default();
        // Absolute byte ranges: each function body's, and each data segment's contents.
        let mut bodies: Vec<(Range<usize>, u32)> = Vec::new();
        let mut segments: Vec<Range<usize>> = Vec::new();
        let mut code_start = None;
        let mut data_start = None;
        let mut relocations = Vec::new();
        let mut elements = Vec::new();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.context("reading the linked module")? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if matches!(import.context("an import")?.ty, TypeRef::Func(_)) {
                            module.imported_functions += 1;
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    module.function_count = module.imported_functions as usize
                        + usize::try_from(reader.count()).context("function count")?;
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export.context("an export")?;
                        if export.kind == ExternalKind::Func {
                            module.roots.push(export.index);
                        }
                    }
                }
                Payload::StartSection { func, .. } => module.roots.push(func),
                Payload::ElementSection(reader) => {
                    for element in reader {
                        if let wasmparser::ElementItems::Functions(functions) =
                            element.context("an element segment")?.items
                        {
                            for function in functions {
                                elements.push(function.context("an element")?);
                            }
                        }
                    }
                }
                Payload::CodeSectionStart { range, .. } => code_start = Some(range.start),
                Payload::CodeSectionEntry(body) => {
                    let index = module.imported_functions
                        + u32::try_from(bodies.len()).context("function count")?;
                    bodies.push((body.range(), index));
                }
                Payload::DataSection(reader) => {
                    data_start = Some(reader.range().start);
                    for datum in reader {
                        let datum = datum.context("a data segment")?;
                        let start = (datum.data.as_ptr() as usize)
                            .checked_sub(bytes.as_ptr() as usize)
                            .context("a data segment outside the module")?;
                        segments.push(start..start + datum.data.len());
                        module.segments.push((
                            constant_address(&datum.kind),
                            start..start + datum.data.len(),
                        ));
                    }
                }
                Payload::CustomSection(reader) => match reader.as_known() {
                    KnownCustom::Name(names) => {
                        for name in names {
                            if let Name::Function(map) = name.context("the name section")? {
                                for naming in map {
                                    let naming = naming.context("a function name")?;
                                    module.names.insert(naming.index, naming.name);
                                }
                            }
                        }
                    }
                    KnownCustom::Linking(linking) => {
                        for subsection in linking.subsections() {
                            if let Linking::SymbolTable(symbols) =
                                subsection.context("the linking section")?
                            {
                                for symbol in symbols {
                                    module.symbols.push(symbol.context("a symbol")?);
                                }
                            }
                        }
                    }
                    KnownCustom::Reloc(reloc) => {
                        let name = reader.name().to_owned();
                        let entries: Result<Vec<_>, _> = reloc.entries().into_iter().collect();
                        relocations.push((name, entries.context("a relocation")?));
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        if module.symbols.is_empty() || relocations.is_empty() {
            bail!("the module has no relocations: link it with `-C link-arg=--emit-relocs`");
        }
        // Data symbols by segment, to find the one a relocation in data sits in.
        let mut data_symbols: Vec<(u32, u32, u32, u32)> = Vec::new();
        for (at, symbol) in module.symbols.iter().enumerate() {
            if let SymbolInfo::Data {
                symbol: Some(defined),
                ..
            } = symbol
            {
                data_symbols.push((
                    defined.index,
                    defined.offset,
                    defined.offset.saturating_add(defined.size),
                    u32::try_from(at).context("symbol count")?,
                ));
            }
        }
        data_symbols.sort_unstable();
        let mut referenced = BTreeSet::new();
        for (section, entries) in &relocations {
            let (base, in_code) = match section.as_str() {
                "reloc.CODE" => (
                    code_start.context("relocations for a missing code section")?,
                    true,
                ),
                "reloc.DATA" => (
                    data_start.context("relocations for a missing data section")?,
                    false,
                ),
                _ => continue,
            };
            for entry in entries {
                let Some(target) = module.target(entry.ty, entry.index)? else {
                    continue;
                };
                if let Node::Function(index) = target {
                    referenced.insert(index);
                }
                let at = base + entry.offset as usize;
                if in_code {
                    let body = bodies
                        .binary_search_by(|(range, _)| order(range, at))
                        .ok()
                        .and_then(|found| bodies.get(found))
                        .with_context(|| {
                            format!("a code relocation at {at} outside every function")
                        })?;
                    module
                        .function_edges
                        .entry(body.1)
                        .or_default()
                        .push(target);
                } else {
                    let holder = segments
                        .iter()
                        .position(|range| range.contains(&at))
                        .and_then(|segment| {
                            let offset = u32::try_from(at - segments.get(segment)?.start).ok()?;
                            let segment = u32::try_from(segment).ok()?;
                            data_symbols
                                .iter()
                                .find(|(s, start, end, _)| {
                                    *s == segment && (*start..*end).contains(&offset)
                                })
                                .map(|(.., symbol)| *symbol)
                        });
                    match holder {
                        Some(symbol) => module.data_edges.entry(symbol).or_default().push(target),
                        // Data no symbol names: whatever it points at counts as reached.
                        None => match target {
                            Node::Function(index) => module.roots.push(index),
                            Node::Data(symbol) => module.data_roots.push(symbol),
                        },
                    }
                }
            }
        }
        // A table slot no relocation explains counts as reached.
        module.roots.extend(
            elements
                .into_iter()
                .filter(|index| !referenced.contains(index)),
        );
        Ok(module)
    }

    /// Prints, for each first-load function whose name contains `wanted`, the chain that
    /// reached it from a root.
    fn explain(
        &self,
        wanted: &str,
        reached_from: &BTreeMap<u32, Option<Node>>,
        data_from: &BTreeMap<u32, Option<Node>>,
    ) {
        for (index, _) in reached_from.iter().filter(|(index, _)| {
            self.names
                .get(index)
                .is_some_and(|name| comparable(name).contains(wanted))
        }) {
            let mut node = Some(Node::Function(*index));
            let mut steps = 0;
            while let Some(current) = node.take() {
                steps += 1;
                if steps > 40 {
                    break;
                }
                match current {
                    Node::Function(index) => {
                        eprintln!(
                            "  fn {}",
                            self.names
                                .get(&index)
                                .map(|name| comparable(name))
                                .unwrap_or_default()
                        );
                        node = reached_from.get(&index).copied().flatten();
                    }
                    Node::Data(symbol) => {
                        let name = match self.symbols.get(symbol as usize) {
                            Some(SymbolInfo::Data { name, .. }) => comparable(name),
                            _ => String::new(),
                        };
                        eprintln!("  data {name}");
                        node = data_from.get(&symbol).copied().flatten();
                    }
                }
            }
            eprintln!("--");
        }
    }

    /// What a relocation of this type points at, if it is a function or data. A type that
    /// could point at either and is not read here (thread-local, position-independent or
    /// 64-bit forms) stops the build: an edge missed would make the split unsound.
    fn target(&self, ty: RelocationType, symbol: u32) -> Result<Option<Node>> {
        use RelocationType::{
            EventIndexLeb, FunctionIndexI32, FunctionIndexLeb, FunctionOffsetI32,
            FunctionOffsetI64, GlobalIndexI32, GlobalIndexLeb, MemoryAddrI32, MemoryAddrLeb,
            MemoryAddrSleb, SectionOffsetI32, TableIndexI32, TableIndexSleb, TableNumberLeb,
            TypeIndexLeb,
        };
        let info = self.symbols.get(symbol as usize);
        Ok(match (ty, info) {
            (
                FunctionIndexLeb | FunctionIndexI32 | TableIndexSleb | TableIndexI32,
                Some(SymbolInfo::Func { index, .. }),
            ) => Some(Node::Function(*index)),
            (MemoryAddrLeb | MemoryAddrSleb | MemoryAddrI32, Some(SymbolInfo::Data { .. })) => {
                Some(Node::Data(symbol))
            }
            (
                FunctionIndexLeb | FunctionIndexI32 | TableIndexSleb | TableIndexI32
                | MemoryAddrLeb | MemoryAddrSleb | MemoryAddrI32 | TypeIndexLeb | GlobalIndexLeb
                | GlobalIndexI32 | FunctionOffsetI32 | FunctionOffsetI64 | SectionOffsetI32
                | EventIndexLeb | TableNumberLeb,
                _,
            ) => None,
            (other, _) => bail!("a relocation of type {other:?}, which the split does not read"),
        })
    }

    fn is_entry(&self, index: u32, entry_prefix: &str) -> bool {
        self.names
            .get(&index)
            .is_some_and(|name| is_entry(name, entry_prefix))
    }
}

/// Whether a function's name, demangled and without its hash, starts with `entry_prefix`.
fn is_entry(name: &str, entry_prefix: &str) -> bool {
    format!("{:#}", rustc_demangle::demangle(name)).starts_with(entry_prefix)
}

fn order(range: &Range<usize>, at: usize) -> std::cmp::Ordering {
    if at < range.start {
        std::cmp::Ordering::Greater
    } else if at >= range.end {
        std::cmp::Ordering::Less
    } else {
        std::cmp::Ordering::Equal
    }
}

/// An active segment's address in memory, when it is a constant.
pub(super) fn constant_address(kind: &wasmparser::DataKind<'_>) -> Option<u32> {
    let wasmparser::DataKind::Active { offset_expr, .. } = kind else {
        return None;
    };
    match offset_expr.get_operators_reader().read().ok()? {
        wasmparser::Operator::I32Const { value } => u32::try_from(value).ok(),
        _ => None,
    }
}
