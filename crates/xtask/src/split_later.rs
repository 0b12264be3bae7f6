//! Splits the embed's module in two: the first load, and the later part (the check and result
//! pages, `crates/wellcheck-web/src/later.rs`) that the page fetches while the person answers.
//!
//! Two steps, on two forms of the same build:
//!
//! 1. [`later_functions`] reads the module as the linker wrote it, with its relocations
//!    (`-C link-arg=--emit-relocs`), which say exactly which function calls, or takes the
//!    address of, which function, and which piece of data (a trait object's table of
//!    methods, say) holds the address of which. Everything reachable from the module's
//!    exports without entering a function whose name starts with the later part's prefix is
//!    the first load's; the rest is only the later part's. Taking addresses into account is
//!    what makes this sound: a function that the first load could call through a pointer is
//!    reachable from it, however it is named.
//! 2. [`split`] cuts the module wasm-bindgen wrote along those names. The first load keeps
//!    every other function and, in each table slot of a moved function, a stub that traps; it
//!    exports what the later part needs (memory, tables, globals, the functions it calls).
//!    The later part imports those and, when instantiated, writes its functions into their
//!    slots. Code reaches the later part only through `later::pages`, and only once
//!    `later::status()` says it is here.
//!
//! The later part imports the memory under a name made from a hash of both halves, so a
//! cached later part from another build fails to link, loudly, rather than calling
//! functions whose numbers have shifted.

mod cut;
mod linked;
#[cfg(test)]
mod tests;

pub use cut::split;
pub use linked::{LaterPart, later_functions};

/// The module name the later part imports everything from.
pub const IMPORTS_FROM: &str = "p";

/// A function's name as wasm-bindgen writes it (demangled, with each crate's hash), from
/// the linker's (mangled) or wasm-bindgen's.
pub(crate) fn comparable(name: &str) -> String {
    rustc_demangle::demangle(name).to_string()
}

/// A demangled name without the crates' hashes (`wellcheck_web[5af9...]::x` to
/// `wellcheck_web::x`).
pub(crate) fn without_crate_hashes(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0_usize;
    for c in name.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
}
