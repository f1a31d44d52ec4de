//! [`Path`]: where in a workflow something is, printed as `jobs.build.steps[2].with`.

use std::fmt;

/// One step of a [`Path`]: a mapping key or a sequence index.
///
/// ```
/// use ci_model::{Path, Segment};
///
/// let p = Path::root().key("jobs").key("build").key("steps").index(0);
/// assert_eq!(p.segments().last(), Some(&Segment::Index(0)));
/// assert_eq!(p.segments()[1], Segment::Key("build".to_owned()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A mapping key, such as `jobs` or a job id.
    Key(String),
    /// A position in a sequence, from 0.
    Index(usize),
}

/// A route from the document root to one node.
///
/// A workflow built in Rust has only paths; one parsed from a file can also map
/// each path to a line and column.
///
/// ```
/// use ci_model::Path;
///
/// let p = Path::root().key("jobs").key("build").key("steps").index(2).key("with");
/// assert_eq!(p.to_string(), "jobs.build.steps[2].with");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The document root (printed as `<root>`).
    ///
    /// ```
    /// # use ci_model::Path;
    /// assert!(Path::root().is_root());
    /// assert_eq!(Path::root().to_string(), "<root>");
    /// ```
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// The path of these parts from the root: `[n]` is the n-th item of a
    /// list, any other part a mapping key (a key written like `[0]` needs
    /// [`Path::key`]).
    ///
    /// ```
    /// # use ci_model::Path;
    /// let p = Path::of(["jobs", "build", "steps", "[2]", "with"]);
    /// assert_eq!(p, Path::root().key("jobs").key("build").key("steps").index(2).key("with"));
    /// ```
    pub fn of<S: AsRef<str>>(parts: impl IntoIterator<Item = S>) -> Self {
        let segment = |part: &str| {
            let index = part.strip_prefix('[').and_then(|s| s.strip_suffix(']')).and_then(|n| n.parse().ok());
            index.map_or_else(|| Segment::Key(part.to_owned()), Segment::Index)
        };
        Path(parts.into_iter().map(|p| segment(p.as_ref())).collect())
    }

    /// The path made of `segments`, from the root.
    pub(crate) fn from_segments(segments: Vec<Segment>) -> Self {
        Path(segments)
    }

    /// This path extended by a mapping key.
    ///
    /// ```
    /// # use ci_model::Path;
    /// assert_eq!(Path::root().key("jobs").key("build").to_string(), "jobs.build");
    /// // A key that is not a plain word is quoted.
    /// assert_eq!(Path::root().key("env").key("A B").to_string(), "env.\"A B\"");
    /// ```
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut v = self.0.clone();
        v.push(Segment::Key(key.into()));
        Path(v)
    }

    /// This path extended by a sequence index.
    ///
    /// ```
    /// # use ci_model::Path;
    /// assert_eq!(Path::root().key("steps").index(2).to_string(), "steps[2]");
    /// ```
    pub fn index(&self, index: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Segment::Index(index));
        Path(v)
    }

    /// The segments, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the root.
    ///
    /// ```
    /// # use ci_model::Path;
    /// assert!(Path::root().is_root());
    /// assert!(!Path::root().key("on").is_root());
    /// ```
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The parent path, or `None` for the root.
    ///
    /// ```
    /// # use ci_model::Path;
    /// let p = Path::root().key("jobs").key("build");
    /// assert_eq!(p.parent(), Some(Path::root().key("jobs")));
    /// assert_eq!(Path::root().parent(), None);
    /// ```
    pub fn parent(&self) -> Option<Path> {
        let (_, rest) = self.0.split_last()?;
        Some(Path(rest.to_vec()))
    }

    /// Extends this path in place by a mapping key (for a walk that goes
    /// down and back up; [`Path::pop`] undoes it).
    pub(crate) fn push_key(&mut self, key: &str) {
        self.0.push(Segment::Key(key.to_owned()));
    }

    /// Extends this path in place by a sequence index.
    pub(crate) fn push_index(&mut self, index: usize) {
        self.0.push(Segment::Index(index));
    }

    /// Drops the last segment.
    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// Whether `prefix` is this path or one of its ancestors.
    pub(crate) fn starts_with(&self, prefix: &Path) -> bool {
        self.0.starts_with(&prefix.0)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("<root>");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    let plain = !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "_-/*$".contains(c));
                    if plain {
                        f.write_str(k)?;
                    } else {
                        write!(f, "{k:?}")?;
                    }
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_plain_are_quoted() {
        let p = Path::root().key("env").key("a.b c");
        assert_eq!(p.to_string(), "env.\"a.b c\"");
        assert_eq!(Path::root().index(0).to_string(), "[0]");
        assert_eq!(Path::root().to_string(), "<root>");
    }
}

/// A path under construction during a walk over a document: it borrows its
/// keys, so going down a level costs no allocation; a [`Path`] is made only
/// when something is reported.
#[derive(Clone, Debug, Default)]
pub(crate) struct Trail<'a>(Vec<SegmentRef<'a>>);

/// One segment of a [`Trail`]: a [`Segment`] that borrows its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SegmentRef<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Trail<'a> {
    pub(crate) fn push_key(&mut self, key: &'a str) {
        self.0.push(SegmentRef::Key(key));
    }

    pub(crate) fn push_index(&mut self, index: usize) {
        self.0.push(SegmentRef::Index(index));
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    pub(crate) fn segments(&self) -> &[SegmentRef<'a>] {
        &self.0
    }

    /// The owned path.
    pub(crate) fn to_path(&self) -> Path {
        Path(
            self.0
                .iter()
                .map(|s| match s {
                    SegmentRef::Key(k) => Segment::Key((*k).to_owned()),
                    SegmentRef::Index(i) => Segment::Index(*i),
                })
                .collect(),
        )
    }
}

/// A path built by a recursive walk without allocating: each level is a value
/// on the walker's stack that points at its parent, and a [`Path`] is made
/// only when something is reported.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// This path extended by a mapping key.
    pub(crate) fn key<'b>(&'b self, key: &'b str) -> At<'b> {
        At::Key(self, key)
    }

    /// This path extended by a sequence index.
    pub(crate) fn index(&self, index: usize) -> At<'_> {
        At::Index(self, index)
    }

    /// The owned path.
    pub(crate) fn to_path(self) -> Path {
        let mut segments = Vec::new();
        let mut at = &self;
        loop {
            match at {
                At::Root => break,
                At::Key(parent, k) => {
                    segments.push(Segment::Key((*k).to_owned()));
                    at = parent;
                }
                At::Index(parent, i) => {
                    segments.push(Segment::Index(*i));
                    at = parent;
                }
            }
        }
        segments.reverse();
        Path(segments)
    }
}

impl From<At<'_>> for Path {
    fn from(at: At<'_>) -> Path {
        at.to_path()
    }
}
