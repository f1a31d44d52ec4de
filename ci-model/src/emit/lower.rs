//! Model values to emitter [`Node`]s.

use indexmap::IndexMap;

use super::{Entry, Item, Node};
use crate::{Number, Scalar, Yaml};

/// Turns a model value into an emitter node ("lowers" it: from the typed
/// model down to the untyped tree the emitter writes).
pub(crate) trait Lower {
    fn lower(&self) -> Node<'_>;

    /// The value as the entry `key: value` of a mapping; a value that writes
    /// a comment after itself (a pinned `uses:`) overrides this.
    fn entry(&self, key: &'static str) -> Entry<'_> {
        Entry::fixed(key, self.lower())
    }

    /// The value as the `index`th entry of a mapping whose keys are names
    /// (job ids, variables); a value that writes itself apart from its
    /// neighbours (a job, with its comment and a blank line) overrides this.
    fn named_entry<'a>(&'a self, name: &'a str, index: usize) -> Entry<'a> {
        let _ = index;
        Entry::new(name, self.lower())
    }
}

impl Lower for crate::Uses {
    fn lower(&self) -> Node<'_> {
        Node::str(self.as_str())
    }

    fn entry(&self, key: &'static str) -> Entry<'_> {
        let mut e = Entry::fixed(key, self.lower());
        e.trailing = self.comment();
        e
    }
}

impl Lower for Scalar {
    fn lower(&self) -> Node<'_> {
        Node::borrowed(self)
    }
}

impl Lower for String {
    fn lower(&self) -> Node<'_> {
        Node::str(self)
    }
}

impl Lower for bool {
    fn lower(&self) -> Node<'_> {
        Node::owned(Scalar::Bool(*self))
    }
}

impl Lower for Number {
    fn lower(&self) -> Node<'_> {
        Node::owned(Scalar::Number(*self))
    }
}

impl Lower for Yaml {
    fn lower(&self) -> Node<'_> {
        match self {
            Yaml::Scalar(s) => Node::borrowed(s),
            Yaml::Seq(items) => Node::Seq(items.iter().map(|i| Item::from(i.lower())).collect()),
            Yaml::Map(m) => Node::Map(m.iter().map(|(k, v)| Entry::new(k, v.lower())).collect()),
        }
    }
}

impl<T: Lower> Lower for Vec<T> {
    fn lower(&self) -> Node<'_> {
        Node::Seq(self.iter().map(|i| Item::from(i.lower())).collect())
    }
}

impl<T: Lower> Lower for IndexMap<String, T> {
    fn lower(&self) -> Node<'_> {
        Node::Map(self.iter().enumerate().map(|(i, (k, v))| v.named_entry(k, i)).collect())
    }
}

/// Collects the entries of a mapping in the order they are added.
#[derive(Default)]
pub(crate) struct MapBuilder<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> MapBuilder<'a> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A builder with room for `n` entries: for mappings that usually have
    /// several (a job, a step), so their entries are not moved as they grow.
    pub(crate) fn with_capacity(n: usize) -> Self {
        MapBuilder { entries: Vec::with_capacity(n) }
    }

    /// Adds `key: value` when the field is set.
    pub(crate) fn field<T: Lower>(&mut self, key: &'static str, value: &'a Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.entries.push(v.entry(key));
        }
        self
    }

    /// Adds a field that is always present.
    pub(crate) fn required<T: Lower>(&mut self, key: &'static str, value: &'a T) -> &mut Self {
        self.entries.push(value.entry(key));
        self
    }

    pub(crate) fn put(&mut self, key: impl Into<std::borrow::Cow<'a, str>>, value: Node<'a>) -> &mut Self {
        self.entries.push(Entry::new(key, value));
        self
    }

    /// Adds a prepared entry.
    pub(crate) fn entry(&mut self, entry: Entry<'a>) -> &mut Self {
        self.entries.push(entry);
        self
    }

    /// Adds the keys the model does not know, in their order, skipping any that
    /// a field already wrote (validation reports those as shadowed).
    pub(crate) fn extra(&mut self, extra: &'a IndexMap<String, Yaml>) -> &mut Self {
        for (k, v) in extra {
            if !self.entries.iter().any(|e| e.key == k.as_str()) {
                self.entries.push(Entry::new(k, v.lower()));
            }
        }
        self
    }

    pub(crate) fn build(&mut self) -> Node<'a> {
        Node::Map(std::mem::take(&mut self.entries))
    }
}
