//! The emitter's side of the model types written by hand: how each lowers
//! to a [`Node`] (the record types get theirs from their declaration, in
//! `records.rs`). Written here, in the layer that emits, so the model
//! modules import nothing from it.

use super::lower::{Lower, MapBuilder};
use super::{Entry, Node};
use crate::*;

impl<T: Lower> Lower for OneOrMany<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            OneOrMany::One(t) => t.lower(),
            OneOrMany::Many(v) => v.lower(),
        }
    }
}

impl Lower for Expr {
    fn lower(&self) -> Node<'_> {
        Node::str(self.as_str())
    }
}

impl<T: Lower> Lower for LitOrExpr<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            LitOrExpr::Lit(t) => t.lower(),
            LitOrExpr::Expr(e) => e.lower(),
        }
    }
}

impl Lower for Concurrency {
    fn lower(&self) -> Node<'_> {
        match self {
            Concurrency::Group(g) => g.lower(),
            Concurrency::Spec(s) => s.lower(),
        }
    }
}

impl Lower for Container {
    fn lower(&self) -> Node<'_> {
        match self {
            Container::Image(i) => i.lower(),
            Container::Spec(s) => s.lower(),
        }
    }
}

impl Lower for Level {
    fn lower(&self) -> Node<'_> {
        Node::str(self.as_str())
    }
}

impl Lower for Scopes {
    fn lower(&self) -> Node<'_> {
        let mut m = MapBuilder::new();
        for (key, level) in self.iter() {
            m.entry(Entry::fixed(key, Node::str(level.as_str())));
        }
        m.extra(&self.extra).build()
    }
}

impl Lower for Permissions {
    fn lower(&self) -> Node<'_> {
        match self {
            Permissions::ReadAll => Node::str("read-all"),
            Permissions::WriteAll => Node::str("write-all"),
            Permissions::Scopes(s) => s.lower(),
        }
    }
}

impl Lower for Matrix {
    fn lower(&self) -> Node<'_> {
        let mut m = MapBuilder::new();
        for (k, v) in &self.axes {
            m.put(k, v.lower());
        }
        m.field("include", &self.include).field("exclude", &self.exclude).build()
    }
}
