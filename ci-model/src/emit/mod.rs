//! The canonical YAML emitter: the project's own, because a serde serializer
//! cannot write the `# v4.2.2` after a SHA-pinned `uses:`.
//!
//! Model types lower themselves to a [`Node`] tree (keys in their canonical
//! order, comments attached), and [`write`] prints the tree:
//!
//! - 2-space indentation, sequences indented under their key (`steps:` then
//!   `  - name:`), mappings inside sequences start on the dash line;
//! - a sequence of one-line scalars that fits in 80 columns is written in flow
//!   style (`branches: [master, main]`), anything else in block style;
//! - strings plain where every YAML 1.1 and 1.2 reader agrees, else single
//!   quotes, else double quotes; multi-line strings as literal blocks;
//! - no line folding, no trailing whitespace, exactly one final newline.
//!
//! The output is a pure function of the tree: the same model gives the same
//! bytes on every run and machine.
//!
//! Whatever the tree holds, the text has exactly its nodes: a comment is
//! split into `# ` lines at every YAML line break (CR, NEL, LS and PS as
//! well as LF) and a comment after a value is cut at its first, so comment
//! text never becomes YAML; a character a YAML reader refuses is written as
//! U+FFFD in a comment and escaped in a scalar; a key longer than a reader
//! takes before `: ` is written as an explicit key (`? key` then `: value`).
//! Validation refuses a model that would not be written exactly that way
//! (see [`comment`](crate::comment) and `validate::writable`).

pub(crate) mod attach;
mod lower;
mod methods;
mod model;
mod records;
pub(crate) mod style;

pub(crate) use attach::{Attached, Model};
pub(crate) use lower::Lower;

use std::borrow::Cow;

use crate::comment;
use crate::{Number, Scalar};
use style::Context;

/// Widest line (in characters) a flow sequence may make.
const FLOW_WIDTH: usize = 80;

/// The longest key, as written, that may stand before `: `: YAML readers
/// take at most 1,024 characters for an implicit key (libyaml counts
/// bytes, and bytes are never fewer than characters).
pub(crate) const KEY_LIMIT: usize = 1024;

/// A node of the emitter's tree.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node<'a> {
    /// A scalar, written by its kind; its text borrowed from the model where
    /// it can be, so lowering a document copies no text.
    Scalar(Leaf<'a>),
    /// Nothing after the colon: `workflow_dispatch:`.
    Empty,
    /// A sequence.
    Seq(Vec<Item<'a>>),
    /// A mapping.
    Map(Vec<Entry<'a>>),
}

impl<'a> Node<'a> {
    /// A scalar the model holds.
    pub(crate) fn borrowed(s: &'a Scalar) -> Self {
        Node::Scalar(match s {
            Scalar::String(t) => Leaf::Str(Cow::Borrowed(t)),
            Scalar::Bool(b) => Leaf::Bool(*b),
            Scalar::Number(n) => Leaf::Number(*n),
            Scalar::Null => Leaf::Null,
        })
    }

    /// A string scalar borrowed from the model (or one of its key words).
    pub(crate) fn str(s: &'a str) -> Self {
        Node::Scalar(Leaf::Str(Cow::Borrowed(s)))
    }

    /// A scalar made while lowering.
    pub(crate) fn owned(s: Scalar) -> Self {
        Node::Scalar(match s {
            Scalar::String(t) => Leaf::Str(Cow::Owned(t)),
            Scalar::Bool(b) => Leaf::Bool(b),
            Scalar::Number(n) => Leaf::Number(n),
            Scalar::Null => Leaf::Null,
        })
    }

    /// The text of a string scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) => s.as_str(),
            _ => None,
        }
    }
}

/// A scalar of the tree.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Leaf<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Number(Number),
    Null,
}

impl Leaf<'_> {
    /// The text of a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Leaf::Str(t) => Some(t),
            _ => None,
        }
    }
}

/// One mapping entry, with its comments.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry<'a> {
    /// The key, borrowed from the model (its own key names, and user keys
    /// such as job ids and env names).
    pub(crate) key: Cow<'a, str>,
    /// Write the key plain even when a YAML 1.1 reader would take it for a
    /// boolean (the workflow's `on:`).
    pub(crate) plain_key: bool,
    pub(crate) value: Node<'a>,
    /// Comment lines above the entry (borrowed from the model, or made when
    /// lowering adds `allow` lines).
    pub(crate) comment: Option<Cow<'a, str>>,
    /// A comment after a scalar value on the same line (a pinned `uses:`'s
    /// version), borrowed from the model.
    pub(crate) trailing: Option<&'a str>,
    /// An empty line before the entry.
    pub(crate) blank_before: bool,
}

impl<'a> Entry<'a> {
    pub(crate) fn new(key: impl Into<Cow<'a, str>>, value: Node<'a>) -> Self {
        Self::with_key(key.into(), value)
    }

    /// An entry whose key is a field name written in this crate: always a
    /// plain scalar, so the emitter does not check it each time. Debug builds
    /// (every test run, which lowers every field) check that it is.
    pub(crate) fn fixed(key: &'static str, value: Node<'a>) -> Self {
        debug_assert!(key == "on" || style::plain_ok(key, Context::Block), "field name `{key}` needs quotes");
        Entry { plain_key: true, ..Self::with_key(Cow::Borrowed(key), value) }
    }

    fn with_key(key: Cow<'a, str>, value: Node<'a>) -> Self {
        Entry { key, plain_key: false, value, comment: None, trailing: None, blank_before: false }
    }
}

/// One sequence item, with the comment above it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item<'a> {
    pub(crate) value: Node<'a>,
    pub(crate) comment: Option<&'a str>,
    /// The comment after the item, on the line of its `-`. It is written
    /// (see [`item_trailing_written`]) when the value is
    ///
    /// - a scalar: `- x # c`, after a literal block's header: `- | # c`;
    /// - empty: `- null # c`, or an empty collection: `- [] # c`, `- {} # c`;
    /// - a non-empty sequence: after it when it is written in flow style,
    ///   `- [a, b] # c`, else alone on the dash's line, `- # c`, the nested
    ///   items on the lines below;
    ///
    /// and not when the value is a non-empty mapping, whose first key stands
    /// on the dash's line (a comment there is that key's).
    pub(crate) trailing: Option<&'a str>,
}

impl<'a> From<Node<'a>> for Item<'a> {
    fn from(value: Node<'a>) -> Self {
        Item { value, comment: None, trailing: None }
    }
}

/// Prints a document with the header and footer comments of `source`.
pub(crate) fn write_with(header: Option<&str>, root: &Node, footer: Option<&str>) -> String {
    let mut text = write(header, root);
    if let Some(f) = footer {
        let mut w = Writer { out: text };
        w.comment(f, 0);
        text = w.out;
    }
    text
}

/// A document's tree with the comments read from its file put back where
/// the tree has none ([`attach::attach`]): the tree that is written, and
/// validated.
#[derive(Debug)]
pub(crate) struct Commented<'a> {
    pub(crate) root: Node<'a>,
    /// Which comments of the file were placed, and which would not read
    /// back as themselves.
    pub(crate) attached: Attached,
}

/// Puts `comments` into the tree `root` lowered from `model`, counting
/// where they went.
pub(crate) fn with_comments<'a>(
    mut root: Node<'a>,
    comments: &'a crate::SourceComments,
    model: Model<'_>,
) -> Commented<'a> {
    let attached = attach::attach(&mut root, comments, model);
    Commented { root, attached }
}

/// Prints a whole document (a workflow or an action): the comments read
/// from its file put back where the tree has none, the header, the tree,
/// and the comments after the last node.
pub(crate) fn document<'a>(
    root: Node<'a>,
    header: Option<&str>,
    comments: &'a crate::SourceComments,
    model: Model<'_>,
) -> String {
    write_with(header, &with_comments(root, comments, model).root, comments.footer())
}

/// Prints a document: an optional header comment, then the root node.
pub(crate) fn write(header: Option<&str>, root: &Node) -> String {
    let mut w = Writer { out: String::new() };
    if let Some(h) = header {
        w.comment(h, 0);
        w.out.push('\n');
    }
    match root {
        Node::Map(entries) if !entries.is_empty() => w.map(entries, 0),
        Node::Seq(items) if !items.is_empty() => w.seq(items, 0),
        other => {
            let mut line = String::new();
            Writer::inline_scalar_or_empty(other, 0, &mut line, None);
            w.out.push_str(line.trim_start());
            w.out.push('\n');
        }
    }
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn indent(&mut self, n: usize) {
        push_spaces(&mut self.out, n);
    }

    /// Writes `text` as comment lines, one `# ` line per line of text, split
    /// at every YAML line break.
    fn comment(&mut self, text: &str, indent: usize) {
        let mut rest = Some(text);
        while let Some(t) = rest {
            let (line, after, suspect) = comment::split_line(t);
            rest = after;
            self.indent(indent);
            if line.trim_end().is_empty() {
                self.out.push_str("#\n");
            } else {
                self.out.push_str("# ");
                comment::push_line(&mut self.out, line, suspect);
                self.out.push('\n');
            }
        }
    }

    fn key<'e>(entry: &'e Entry<'_>) -> Cow<'e, str> {
        if entry.plain_key && !entry.key.is_empty() && !entry.key.contains([':', '#', '\n']) {
            Cow::Borrowed(&entry.key)
        } else {
            style::inline(&entry.key, Context::Block)
        }
    }

    /// Writes the entries of a mapping at `indent`. With `first_inline` the
    /// cursor already stands after a `- `, where the first key goes.
    fn map_at(&mut self, entries: &[Entry], indent: usize, first_inline: bool) {
        for (i, e) in entries.iter().enumerate() {
            let inline = first_inline && i == 0;
            if !inline {
                // A `|+` block keeps the empty lines after it as its own
                // content, so no blank line may follow one.
                let after_kept_block = || i > 0 && ends_in_kept_block(&entries[i - 1].value);
                // One blank line at most (a header ends with one already).
                if e.blank_before && !self.out.is_empty() && !self.out.ends_with("\n\n") && !after_kept_block() {
                    self.out.push('\n');
                }
                if let Some(c) = e.comment.as_deref() {
                    self.comment(c, indent);
                }
                self.indent(indent);
            }
            self.entry(e, indent);
        }
    }

    fn map(&mut self, entries: &[Entry], indent: usize) {
        self.map_at(entries, indent, false);
    }

    /// Writes `key: value` where the cursor already stands at the key's column
    /// (`? key` and `: value` on the next line when the key is too long to
    /// stand before `: `).
    fn entry(&mut self, e: &Entry, indent: usize) {
        let key = Self::key(e);
        let explicit = key.len() > KEY_LIMIT;
        if explicit {
            self.out.push_str("? ");
            self.out.push_str(&key);
            self.out.push('\n');
            self.indent(indent);
        } else {
            self.out.push_str(&key);
        }
        self.out.push(':');
        match &e.value {
            Node::Map(m) if !m.is_empty() => {
                self.trailing(e.trailing);
                self.out.push('\n');
                self.map(m, indent + 2);
            }
            Node::Seq(items) if !items.is_empty() => {
                let prefix = indent + if explicit { 0 } else { key.chars().count() } + 2;
                if write_flow_seq(&mut self.out, items, prefix) {
                    self.trailing(e.trailing);
                    self.out.push('\n');
                } else {
                    self.trailing(e.trailing);
                    self.out.push('\n');
                    self.seq(items, indent + 2);
                }
            }
            other => {
                Self::inline_scalar_or_empty(other, indent + 2, &mut self.out, e.trailing);
                self.out.push('\n');
            }
        }
    }

    fn trailing(&mut self, comment: Option<&str>) {
        push_trailing(&mut self.out, comment);
    }

    /// Appends ` value` for a scalar, empty or empty collection after `key:`
    /// or `-` to `line`, and the comment after it (after the header of a
    /// literal block, whose lines follow).
    fn inline_scalar_or_empty(node: &Node, block_indent: usize, line: &mut String, trailing: Option<&str>) {
        match node {
            Node::Empty => push_trailing(line, trailing),
            Node::Map(_) => {
                line.push_str(" {}");
                push_trailing(line, trailing);
            }
            Node::Seq(_) => {
                line.push_str(" []");
                push_trailing(line, trailing);
            }
            Node::Scalar(s) => {
                if let Leaf::Str(text) = s
                    && let Some(block) = style::literal_block(text)
                {
                    line.push(' ');
                    line.push_str(block.header);
                    push_trailing(line, trailing);
                    for l in block.lines() {
                        line.push('\n');
                        if !l.is_empty() {
                            push_spaces(line, block_indent);
                            line.push_str(l);
                        }
                    }
                    return;
                }
                line.push(' ');
                write_scalar(line, s, Context::Block);
                push_trailing(line, trailing);
            }
        }
    }

    fn seq(&mut self, items: &[Item], indent: usize) {
        for item in items {
            if let Some(c) = item.comment {
                self.comment(c, indent);
            }
            // A comment on the first key of a mapping item goes above the dash.
            if let Node::Map(m) = &item.value
                && let Some(c) = m.first().and_then(|e| e.comment.as_deref())
            {
                self.comment(c, indent);
            }
            self.indent(indent);
            self.out.push('-');
            match &item.value {
                Node::Map(m) if !m.is_empty() => {
                    self.out.push(' ');
                    self.map_at(m, indent + 2, true);
                }
                Node::Seq(inner) if !inner.is_empty() => {
                    // `- [a, b] # c`, or `- # c` with the items below.
                    let flow = write_flow_seq(&mut self.out, inner, indent + 2);
                    self.trailing(item.trailing);
                    self.out.push('\n');
                    if !flow {
                        self.seq(inner, indent + 2);
                    }
                }
                Node::Empty => {
                    self.out.push_str(" null");
                    self.trailing(item.trailing);
                    self.out.push('\n');
                }
                other => {
                    Self::inline_scalar_or_empty(other, indent + 2, &mut self.out, item.trailing);
                    self.out.push('\n');
                }
            }
        }
    }
}

/// Appends ` # comment` for a comment after a value: its first line (up to
/// the first YAML line break), without trailing whitespace, with U+FFFD for
/// each character YAML refuses.
fn push_trailing(out: &mut String, comment: Option<&str>) {
    if let Some(c) = comment {
        let (line, _, suspect) = comment::split_line(c);
        if line.trim_end().is_empty() {
            out.push_str(" #");
        } else {
            out.push_str(" # ");
            comment::push_line(out, line, suspect);
        }
    }
}

/// Whether the comment after a sequence item is written (the rule of
/// [`Item::trailing`]): unless its value is a non-empty mapping.
pub(crate) fn item_trailing_written(item: &Item) -> bool {
    !matches!(&item.value, Node::Map(m) if !m.is_empty())
}

/// Appends `n` spaces.
fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// Whether the last thing `node` writes is a literal block with keep
/// chomping (`|+`).
fn ends_in_kept_block(node: &Node) -> bool {
    match node {
        Node::Scalar(s) => s.as_str().and_then(style::literal_block).is_some_and(|block| block.keeps_trailing_lines()),
        Node::Map(entries) => entries.last().is_some_and(|e| ends_in_kept_block(&e.value)),
        Node::Seq(items) => items.last().is_some_and(|i| ends_in_kept_block(&i.value)),
        Node::Empty => false,
    }
}

/// Writes a scalar on one line.
fn write_scalar(out: &mut String, s: &Leaf<'_>, cx: Context) {
    match s {
        Leaf::Str(text) => style::write_inline(out, text, cx),
        Leaf::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Leaf::Number(n) => n.write_yaml(out),
        Leaf::Null => out.push_str("null"),
    }
}

/// Writes ` [a, b]` when every item is a one-line scalar without comments
/// and the line, starting at column `prefix`, fits in [`FLOW_WIDTH`];
/// otherwise writes nothing and gives `false`.
fn write_flow_seq(out: &mut String, items: &[Item], prefix: usize) -> bool {
    let flat = |item: &Item| {
        item.comment.is_none()
            && item.trailing.is_none()
            && match &item.value {
                Node::Scalar(Leaf::Str(text)) => !text.contains(|c| c == '\n' || c == '\t' || style::needs_escape(c)),
                Node::Scalar(_) => true,
                _ => false,
            }
    };
    if !items.iter().all(flat) {
        return false;
    }
    let start = out.len();
    out.push_str(" [");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if let Node::Scalar(s) = &item.value {
            write_scalar(out, s, Context::Flow);
        }
    }
    out.push(']');
    // The width of `[a, b]`, without the space before it.
    if prefix + out[start + 1..].chars().count() <= FLOW_WIDTH {
        true
    } else {
        out.truncate(start);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Node<'static> {
        Node::owned(Scalar::from(x))
    }

    fn map<'a>(entries: Vec<(&'a str, Node<'a>)>) -> Node<'a> {
        Node::Map(entries.into_iter().map(|(k, v)| Entry::new(k, v)).collect())
    }

    #[test]
    fn writes_nested_blocks_with_indented_sequences() {
        let step = map(vec![("name", s("Build")), ("run", s("make\nmake test\n"))]);
        let mut on = Entry::new("on", map(vec![("push", map(vec![("branches", Node::Seq(vec![s("main").into()]))]))]));
        on.plain_key = true;
        let doc = Node::Map(vec![
            on,
            Entry::new("jobs", map(vec![("b", map(vec![("steps", Node::Seq(vec![step.into()]))]))])),
            Entry::new("dispatch", Node::Empty),
        ]);
        let text = write(Some("generated"), &doc);
        assert_eq!(
            text,
            "# generated\n\non:\n  push:\n    branches: [main]\njobs:\n  b:\n    steps:\n      - name: Build\n        run: |\n          make\n          make test\ndispatch:\n"
        );
    }

    #[test]
    fn keys_are_quoted_like_values_unless_marked_plain() {
        let doc = map(vec![("on", s("x")), ("yes", s("no"))]);
        assert_eq!(write(None, &doc), "'on': x\n'yes': 'no'\n");
    }

    #[test]
    fn trailing_comments_follow_scalars() {
        let mut e = Entry::new("uses", s("actions/checkout@abc"));
        e.trailing = Some("v4.2.2");
        let doc = Node::Seq(vec![Node::Map(vec![e]).into()]);
        assert_eq!(write(None, &doc), "- uses: actions/checkout@abc # v4.2.2\n");
    }

    #[test]
    fn long_or_quoted_sequences_go_block() {
        let items: Vec<Item> = (0..12).map(|i| s(&format!("item-number-{i}")).into()).collect();
        let text = write(None, &map(vec![("x", Node::Seq(items))]));
        assert!(text.starts_with("x:\n  - item-number-0\n"), "{text}");
        let text = write(None, &map(vec![("p", Node::Seq(vec![s("**.md").into(), s("a,b").into()]))]));
        assert_eq!(text, "p: ['**.md', 'a,b']\n");
        let text = write(None, &map(vec![("p", Node::Seq(vec![s("two\nlines").into()]))]));
        assert_eq!(text, "p:\n  - |-\n    two\n    lines\n");
    }

    /// A key too long for `key: value` is written as an explicit key, which
    /// a reader takes at any length, wherever the mapping stands.
    #[test]
    fn long_keys_are_written_as_explicit_keys() {
        let long = "k".repeat(KEY_LIMIT + 1);
        let inner = || map(vec![(long.as_str(), s("v")), ("b", s("w"))]);
        let doc = map(vec![
            ("item", Node::Seq(vec![inner().into()])),
            (long.as_str(), inner()),
            ("list", Node::Seq(vec![s("a").into(), s("b").into()])),
        ]);
        let text = write(None, &doc);
        assert!(
            text.starts_with(&format!("item:\n  - ? {long}\n    : v\n    b: w\n? {long}\n:\n  ? {long}\n  : v\n")),
            "{text}"
        );
        let value: Result<serde_yaml::Value, _> = serde_yaml::from_str(&text);
        let value = value.unwrap_or_else(|e| serde_yaml::Value::String(e.to_string()));
        assert_eq!(value["item"][0][long.as_str()], serde_yaml::Value::from("v"), "{text}");
        assert_eq!(value[long.as_str()]["b"], serde_yaml::Value::from("w"), "{text}");
        assert_eq!(value["list"][1], serde_yaml::Value::from("b"), "{text}");
    }

    #[test]
    fn comments_are_split_at_every_line_break_and_cut_after_a_value() {
        let mut e = Entry::new("a", s("x"));
        e.comment = Some(Cow::Borrowed("one\rb: 2\u{85}three  \u{2028}\u{2029}\u{7f}"));
        e.trailing = Some("pin\r\nc: 3");
        let text = write(Some("h\r\nd: 4"), &Node::Map(vec![e]));
        assert_eq!(text, "# h\n# d: 4\n\n# one\n# b: 2\n# three\n#\n# \u{fffd}\na: x # pin\n");
    }

    /// The comment after a list item is written after a scalar (a literal
    /// block's header), an empty value or collection, and a non-empty
    /// sequence (after its flow form, or alone after the `-`), never after a
    /// non-empty mapping; a YAML reader sees the same values either way.
    #[test]
    fn comments_after_items_follow_one_rule() {
        let long: Vec<Item> = (0..12).map(|i| s(&format!("item-number-{i}")).into()).collect();
        let values = vec![
            s("x"),
            s("two\nlines"),
            Node::Empty,
            Node::Seq(vec![]),
            Node::Map(vec![]),
            Node::Seq(vec![s("a").into(), s("b").into()]),
            Node::Seq(long),
            map(vec![("k", s("v"))]),
        ];
        let items: Vec<Item> = values
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                let mut item = Item::from(value);
                item.trailing = Some(["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"][i]);
                item
            })
            .collect();
        let written: Vec<bool> = items.iter().map(item_trailing_written).collect();
        assert_eq!(written, [true, true, true, true, true, true, true, false]);
        let doc = map(vec![("l", Node::Seq(items.clone()))]);
        let text = write(None, &doc);
        assert!(
            text.starts_with(
                "l:\n  - x # c0\n  - |- # c1\n    two\n    lines\n  - null # c2\n  - [] # c3\n  - {} # c4\n  - [a, b] # c5\n  - # c6\n    - item-number-0\n"
            ),
            "{text}"
        );
        assert!(text.ends_with("    - item-number-11\n  - k: v\n"), "{text}");
        assert!(!text.contains("c7"), "{text}");
        let uncommented: Vec<Item> = items.into_iter().map(|i| Item { trailing: None, ..i }).collect();
        let plain = write(None, &map(vec![("l", Node::Seq(uncommented))]));
        let read = |t: &str| serde_yaml::from_str::<serde_yaml::Value>(t).map_err(|e| e.to_string());
        assert_eq!(read(&text), read(&plain));
        assert!(read(&text).is_ok(), "{text}");
    }

    #[test]
    fn empty_collections_and_nested_sequences() {
        let doc = map(vec![
            ("a", Node::Map(vec![])),
            ("b", Node::Seq(vec![])),
            ("c", Node::Seq(vec![Node::Seq(vec![map(vec![("k", s("v"))]).into()]).into()])),
        ]);
        assert_eq!(write(None, &doc), "a: {}\nb: []\nc:\n  -\n    - k: v\n");
    }
}
