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

impl<T: Lower> Lower for NullOr<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            NullOr::Null => Node::Empty,
            NullOr::Value(t) => t.lower(),
        }
    }
}

impl Lower for CallInputType {
    fn lower(&self) -> Node<'_> {
        match self {
            CallInputType::Other(s) => Node::borrowed(s),
            known => Node::str(known.name().unwrap_or_default()),
        }
    }
}

impl Lower for On {
    fn lower(&self) -> Node<'_> {
        match self {
            On::Event(e) => e.lower(),
            On::Events(es) => es.lower(),
            On::Map(t) => t.lower(),
        }
    }
}

impl Lower for RunsOn {
    fn lower(&self) -> Node<'_> {
        match self {
            RunsOn::Labels(l) => l.lower(),
            RunsOn::Group(g) => g.lower(),
        }
    }
}

impl Lower for Environment {
    fn lower(&self) -> Node<'_> {
        match self {
            Environment::Name(n) => n.lower(),
            Environment::Spec(s) => s.lower(),
        }
    }
}

impl Lower for Snapshot {
    fn lower(&self) -> Node<'_> {
        match self {
            Snapshot::Image(i) => i.lower(),
            Snapshot::Spec(s) => s.lower(),
        }
    }
}

impl Lower for CallSecrets {
    fn lower(&self) -> Node<'_> {
        match self {
            CallSecrets::Inherit => Node::str("inherit"),
            CallSecrets::Map(m) => m.lower(),
        }
    }
}

impl Lower for Job {
    fn lower(&self) -> Node<'_> {
        match self {
            Job::Normal(j) => j.lower(),
            Job::Call(j) => j.lower(),
        }
    }

    /// A job under `jobs:`: after a blank line (but the first), with its
    /// comment and allowed lints above it.
    fn named_entry<'a>(&'a self, name: &'a str, index: usize) -> Entry<'a> {
        let mut e = Entry::new(name, self.lower());
        e.blank_before = index > 0;
        e.comment = crate::allow::comment_with_allows(&self.comment().map(str::to_owned), self.allowed())
            .map(std::borrow::Cow::Owned);
        e
    }
}

/// The emitter of [`Triggers`]: the events of the table of events
/// (`workflow/event.rs`) in canonical order, then the events it does not know.
macro_rules! lower_triggers {
    ( $( $field:ident : $key:literal => $ty:ty ),* ) => {
        impl Lower for Triggers {
            fn lower(&self) -> Node<'_> {
                let mut m = MapBuilder::new();
                $( m.field($key, &self.$field); )*
                m.extra(&self.extra).build()
            }
        }
    };
}

crate::workflow::events_table!(lower_triggers);
