//! `actions`: the pinned actions of a generator, kept in a lock of facts
//! inside its repository, and their typed bindings.

#[cfg(feature = "codegen")]
pub mod lock;
