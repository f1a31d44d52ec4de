//! The layout of a YAML text, read line by line before the YAML loader sees
//! it: where each line's node sits in the block structure, the comments and
//! what they belong to, and how deeply collections nest.
//!
//! One pass serves three ends:
//!
//! - **Guard.** Nesting deeper than [`MAX_DEPTH`] and YAML tags are refused
//!   here, while scanning. The loader (libyaml, through yaml_serde) reads the
//!   whole document before its own depth check, and its scanner spends time
//!   quadratic in the depth of flow collections (`[[[[…`), so the check must
//!   come first. The scan follows libyaml's tokens exactly inside flow
//!   collections and quoted scalars, and the block structure by indentation;
//!   where the text is not valid YAML the loader stops within a bounded
//!   look-ahead anyway.
//! - **Comments.** yaml_serde drops them; this pass records for each comment
//!   the path of the node it sits above or trails (the header, comments above
//!   keys and items, after scalars). Comments it cannot place (inside a flow
//!   collection, after a flow collection that is a list item, after a
//!   multi-line plain scalar) are counted, so `fmt` can say how many it drops.
//! - **Positions.** On request, the line and column of every node that starts
//!   a block line (and of its key), so that locating any number of
//!   diagnostics costs one pass.
//!
//! Lines end where YAML ends them: at LF, CR, CRLF, NEL (U+0085), LS
//! (U+2028) and PS (U+2029), so a comment can never hide text that the
//! loader reads as YAML.

use std::collections::{BTreeMap, HashMap};

use crate::{Path, Segment};

/// Why a text is refused (boxed: it is rare, and the scan's results stay small).
type Refused = Box<Diagnostic>;
use crate::diagnostic::{Diagnostic, Location, Problem};

/// The deepest nesting of mappings and sequences a document may have: the
/// YAML loader's own limit, checked here while scanning.
pub(crate) const MAX_DEPTH: usize = 128;

/// Comments found in a document.
#[derive(Debug, Default)]
pub(crate) struct Comments {
    /// The comment lines at the top of the file.
    pub(crate) header: Option<String>,
    /// Comment blocks directly above the line where a node starts.
    pub(crate) above: BTreeMap<Path, String>,
    /// A comment after the value on a key's line.
    pub(crate) trailing: BTreeMap<Path, String>,
    /// Comment lines after the last content line.
    pub(crate) footer: Option<String>,
    /// How many comments the file has (whole lines and after content).
    pub(crate) lines: usize,
}

/// Where nodes start: the value (or, for keys, the key itself) of every
/// node that begins on a block line, by the node's place in the scanner's
/// tree of paths (each key stored once, so memory stays linear in the text).
#[derive(Debug, Default)]
pub(crate) struct Positions {
    /// Each node's child by segment.
    children: HashMap<(u32, Seg), u32>,
    values: HashMap<u32, Location>,
    keys: HashMap<u32, Location>,
}

impl Positions {
    /// The position of the node at `path` (of its key with `at_key`).
    pub(crate) fn get(&self, path: &Path, at_key: bool) -> Option<Location> {
        let mut node = ROOT;
        for segment in path.segments() {
            let seg = match segment {
                Segment::Key(k) => Seg::Key(k.as_str().into()),
                Segment::Index(i) => Seg::Index(*i),
            };
            node = *self.children.get(&(node, seg))?;
        }
        if at_key { self.keys.get(&node).copied() } else { self.values.get(&node).copied() }
    }
}

/// What one scan found.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub(crate) comments: Comments,
    pub(crate) positions: Positions,
}

/// Scans `text` (a byte-order mark at its start is skipped): its comments,
/// and its positions when `positions` is set. Fails on nesting deeper than
/// [`MAX_DEPTH`] and on YAML tags, at the first one.
#[allow(clippy::result_large_err)] // internal; the error is reported once
pub(crate) fn scan(text: &str, positions: bool) -> Result<Layout, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut s = Scanner::new(positions, text.len());
    for (i, line) in lines(text).enumerate() {
        // libyaml skips a byte-order mark at the start of any line, as one
        // column of indentation.
        let line: std::borrow::Cow<'_, str> = match line.strip_prefix('\u{feff}') {
            Some(rest) => format!(" {rest}").into(),
            None => line.into(),
        };
        s.line(i + 1, &line).map_err(|d| *d)?;
    }
    Ok(s.finish())
}

/// The comments of `text`, or none when its layout is refused (the loader
/// reports why).
pub(crate) fn comments(text: &str) -> Comments {
    scan(text, false).map(|l| l.comments).unwrap_or_default()
}

/// The lines of `text`, split at every YAML line break (LF, CR, CRLF, NEL,
/// LS, PS), without the breaks. A text ending in a break has no empty last
/// line after it, like [`str::lines`].
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    Lines { text, pos: 0 }.map(|(_, line)| line)
}

/// The line and column of byte `offset` of `text` (lines end at every YAML
/// line break; columns count characters).
pub(crate) fn location_of(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let mut last = (1, 0);
    for (i, (start, _)) in (Lines { text, pos: 0 }).enumerate() {
        if start > offset {
            break;
        }
        last = (i + 1, start);
    }
    let (line, start) = last;
    Location { line, column: text.get(start..offset).map_or(1, |s| s.chars().count() + 1) }
}

/// The lines of a text with the byte each starts at.
#[derive(Debug)]
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.pos;
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let width = match bytes[i] {
                b'\n' => 1,
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    }
                }
                0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
                0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.pos = start + i + width;
            return Some((start, &rest[..i]));
        }
        self.pos = self.text.len();
        Some((start, rest))
    }
}

/// Whether `c` separates tokens on a line.
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// The column (from 1) of byte `at` of `line`.
fn column(line: &str, at: usize) -> usize {
    let before = &line[..at.min(line.len())];
    if before.is_ascii() { before.len() + 1 } else { before.chars().count() + 1 }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Map,
    Seq,
}

/// A path's last step, as the scanner's tree of paths stores it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Seg {
    Key(Box<str>),
    Index(usize),
}

/// The root of the tree of paths.
const ROOT: u32 = 0;

/// One node of the tree of paths: its parent and its last step. A path is
/// an index into the tree, so following a line costs its own key, never a
/// copy of its ancestors'.
#[derive(Debug)]
struct PathNode {
    parent: u32,
    seg: Seg,
}

#[derive(Debug)]
struct Frame {
    indent: usize,
    kind: Kind,
    /// The collection's node, when the structure is followed to it.
    node: Option<u32>,
    next_index: usize,
}

/// What the next lines are.
#[derive(Debug)]
enum Mode {
    /// Block structure.
    Block,
    /// The lines of a block scalar (`|`, `>`): every blank line, and every
    /// line indented at least `indent` (explicit, or that of the first
    /// non-blank line, at least one more than `parent`, the indentation of
    /// the collection the scalar is in; `None` for the document itself).
    BlockScalar { parent: Option<usize>, indent: Option<usize>, blank_max: usize },
    /// The continuation lines of a plain scalar: every line more indented
    /// than `parent`, or blank; a comment ends it.
    Plain { parent: Option<usize> },
    /// Inside a flow collection or a quoted scalar that spans lines: `owner`
    /// is the node it is the value of (for a comment after it), `column`
    /// where it started (a key's mapping is indented so).
    Flow { flow: Flow, owner: Option<u32>, item: bool, column: usize },
}

/// libyaml's tokens inside a flow collection or a quoted scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tokens.
    Token,
    /// Inside a plain scalar.
    Plain,
    /// Inside `'…'`.
    Single,
    /// Inside `"…"`.
    Double,
}

#[derive(Debug, Clone, Copy)]
struct Flow {
    depth: usize,
    state: State,
    /// Whether anything but blanks and comments stood inside the outermost
    /// brackets (`{}` and `[]` are empty).
    content: bool,
}

/// How a flow or quoted node ended on a line.
enum FlowEnd {
    /// It goes on on the next line.
    Open(Flow),
    /// It ended before byte `at`; whether it held anything.
    Closed(usize, bool),
}

/// How much of the tree of paths may be copied out into the paths of
/// comments, in segment bytes: past this, comments are counted, not placed.
const COPY_BUDGET: usize = 16 << 20;

struct Scanner {
    comments: Comments,
    /// Where each node starts, when asked.
    positions: Option<Positions>,
    tree: Vec<PathNode>,
    /// Comments above a node and after one, by node, in the order found.
    above: Vec<(u32, String)>,
    after: Vec<(u32, String)>,
    stack: Vec<Frame>,
    /// A key or item whose value starts on a later line: (node, indent).
    open: Option<(u32, usize)>,
    /// A list item whose line held only the dash (and maybe a comment): its
    /// value starts on a later line, and so do the comments above its first
    /// key, which belong to the item.
    dash_alone: Option<u32>,
    mode: Mode,
    pending: Vec<String>,
    header: Vec<String>,
    seen_content: bool,
    /// After a second `---`: the loader refuses the file; only guard.
    later_document: bool,
    line_no: usize,
    copy_left: usize,
}

impl Scanner {
    fn new(positions: bool, text_len: usize) -> Self {
        Scanner {
            comments: Comments::default(),
            positions: positions.then(Positions::default),
            tree: vec![PathNode { parent: ROOT, seg: Seg::Index(0) }],
            above: Vec::new(),
            after: Vec::new(),
            stack: Vec::new(),
            open: Some((ROOT, 0)),
            dash_alone: None,
            mode: Mode::Block,
            pending: Vec::new(),
            header: Vec::new(),
            seen_content: false,
            later_document: false,
            line_no: 0,
            copy_left: COPY_BUDGET.max(4 * text_len),
        }
    }

    /// The node for `seg` under `parent` (a new one each time: the same path
    /// twice is a duplicate key, which the loader refuses).
    fn child(&mut self, parent: u32, seg: Seg) -> u32 {
        let node = u32::try_from(self.tree.len()).unwrap_or(u32::MAX);
        if let Some(p) = &mut self.positions {
            p.children.entry((parent, seg.clone())).or_insert(node);
        }
        self.tree.push(PathNode { parent, seg });
        node
    }

    /// The path of `node`, or `None` once the copy budget is spent.
    fn path(&mut self, node: u32) -> Option<Path> {
        let mut segments = Vec::new();
        let mut n = node;
        while n != ROOT {
            let pn = self.tree.get(n as usize)?;
            let cost = match &pn.seg {
                Seg::Key(k) => k.len() + 8,
                Seg::Index(_) => 8,
            };
            self.copy_left = self.copy_left.checked_sub(cost)?;
            segments.push(match &pn.seg {
                Seg::Key(k) => Segment::Key(k.to_string()),
                Seg::Index(i) => Segment::Index(*i),
            });
            n = pn.parent;
        }
        segments.reverse();
        Some(Path::from_segments(segments))
    }

    fn is_item(&self, node: u32) -> bool {
        node != ROOT && self.tree.get(node as usize).is_some_and(|n| matches!(n.seg, Seg::Index(_)))
    }

    fn finish(mut self) -> Layout {
        if !self.pending.is_empty() {
            self.comments.footer = Some(self.pending.join("\n"));
        }
        if !self.header.is_empty() {
            self.comments.header = Some(self.header.join("\n"));
        }
        for (node, text) in std::mem::take(&mut self.above) {
            if let Some(p) = self.path(node) {
                match self.comments.above.entry(p) {
                    std::collections::btree_map::Entry::Occupied(mut e) => {
                        let joined = format!("{}\n{text}", e.get());
                        e.insert(joined);
                    }
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(text);
                    }
                }
            }
        }
        for (node, text) in std::mem::take(&mut self.after) {
            if let Some(p) = self.path(node) {
                self.comments.trailing.insert(p, text);
            }
        }
        Layout { comments: self.comments, positions: self.positions.unwrap_or_default() }
    }

    fn error(&self, line: &str, at: usize, problem: Problem) -> Refused {
        Box::new(Diagnostic {
            path: Path::root(),
            location: Some(Location { line: self.line_no, column: column(line, at) }),
            problem,
        })
    }

    fn too_deep(&self, line: &str, at: usize) -> Refused {
        self.error(line, at, Problem::TooDeep { limit: MAX_DEPTH })
    }

    fn record_value(&mut self, node: u32, line: &str, at: usize) {
        let line_no = self.line_no;
        if let Some(p) = &mut self.positions {
            p.values.entry(node).or_insert_with(|| Location { line: line_no, column: column(line, at) });
        }
    }

    fn record_key(&mut self, node: u32, line: &str, at: usize) {
        let line_no = self.line_no;
        if let Some(p) = &mut self.positions {
            p.keys.entry(node).or_insert_with(|| Location { line: line_no, column: column(line, at) });
        }
    }

    /// A comment after content on a line: counted, and placed after `owner`
    /// when the emitter writes a comment there.
    fn trailing(&mut self, owner: Option<u32>, text: &str) {
        self.comments.lines += 1;
        if let Some(node) = owner
            && !self.later_document
        {
            self.after.retain(|(n, _)| *n != node);
            self.after.push((node, comment_text(text)));
        }
    }

    fn line(&mut self, line_no: usize, line: &str) -> Result<(), Refused> {
        self.line_no = line_no;
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes.iter().all(|&b| is_blank(b));
        match &mut self.mode {
            Mode::Block => {}
            Mode::BlockScalar { parent, indent: content, blank_max } => {
                if blank {
                    *blank_max = (*blank_max).max(indent);
                    return Ok(());
                }
                let least = parent.map_or(1, |p| p + 1).max(1);
                let need = *content.get_or_insert((*blank_max).max(indent).max(least));
                if indent >= need && !(indent == 0 && is_document_marker(line)) {
                    return Ok(());
                }
                self.mode = Mode::Block;
            }
            Mode::Plain { parent } => {
                if blank {
                    return Ok(());
                }
                if parent.is_none_or(|p| indent > p) && !is_document_marker(line) {
                    // A continuation line; a comment on it ends the scalar.
                    if let Some(at) = plain_comment(line, indent) {
                        self.trailing(None, &line[at + 1..]);
                        self.mode = Mode::Block;
                    }
                    return Ok(());
                }
                self.mode = Mode::Block;
            }
            Mode::Flow { flow, owner, item, column } => {
                let (flow, owner, item, column) = (*flow, *owner, *item, *column);
                match self.flow(line, 0, flow)? {
                    FlowEnd::Open(flow) => self.mode = Mode::Flow { flow, owner, item, column },
                    FlowEnd::Closed(at, content) => {
                        self.mode = Mode::Block;
                        let owner = owner.filter(|_| !item || !content);
                        self.after_node(line, at, owner, Some(column))?;
                    }
                }
                return Ok(());
            }
        }
        if blank {
            // Comment blocks before the first content line that a blank line
            // ends form the header (the emitter writes one after it).
            if !self.seen_content {
                self.header.append(&mut self.pending);
            }
            return Ok(());
        }
        let trimmed = &line[indent..];
        if let Some(comment) = trimmed.strip_prefix('#') {
            self.comments.lines += 1;
            if !self.later_document {
                self.pending.push(comment_text(comment));
            }
            return Ok(());
        }
        if indent == 0 && trimmed.starts_with('%') {
            return Ok(()); // a directive
        }
        if is_document_marker(line) {
            if self.seen_content && line.starts_with("---") {
                self.later_document = true;
            }
            self.stack.clear();
            self.open = Some((ROOT, 0));
            self.dash_alone = None;
            self.pending.clear();
            // `--- value`: the document's node starts on the marker's line.
            let rest = &line[3..];
            let at = 3 + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if at < line.len() {
                self.value(line, at, None, Some(ROOT), false)?;
                self.open = None;
            }
            return Ok(());
        }
        self.seen_content = true;
        self.block_line(line, indent)
    }

    /// A line of the block structure whose first token is at byte `indent`.
    fn block_line(&mut self, line: &str, indent: usize) -> Result<(), Refused> {
        let bytes = line.as_bytes();
        let mut col = indent;
        // The node the comments above this line belong to.
        let mut first: Option<u32> = None;
        // The indentation of the innermost sequence (or `? ` key) this
        // line's indicators open.
        let mut dash: Option<usize> = None;
        let came_after_dash_alone = self.dash_alone.take();
        // Sequence dashes, possibly several on one line (`- - a`), and the
        // explicit key indicator `? `.
        loop {
            let c = bytes.get(col).copied();
            let indicator = matches!(c, Some(b'-' | b'?')) && bytes.get(col + 1).copied().is_none_or(is_blank);
            if !indicator {
                break;
            }
            while self.stack.last().is_some_and(|f| f.indent > col) {
                self.stack.pop();
            }
            if c == Some(b'?') {
                // A complex key: followed lexically only.
                self.open = None;
            } else {
                let item = match self.stack.last_mut() {
                    Some(f) if f.indent == col && f.kind == Kind::Seq => {
                        let index = f.next_index;
                        f.next_index += 1;
                        f.node.map(|n| (n, index))
                    }
                    _ => self.open_collection(Kind::Seq, line, col)?.map(|n| (n, 0)),
                };
                let item = match item {
                    Some((parent, index)) if !self.later_document => Some(self.child(parent, Seg::Index(index))),
                    _ => None,
                };
                if let Some(item) = item {
                    first.get_or_insert(item);
                }
                self.open = item.map(|n| (n, col));
            }
            dash = Some(col);
            col += 1;
            while bytes.get(col).copied().is_some_and(is_blank) {
                col += 1;
            }
            if col >= bytes.len() {
                break;
            }
            // The item's value starts here (another dash, a key or a scalar);
            // an alias is placed by the loader where its anchor is.
            if let Some((item, _)) = self.open
                && bytes[col] != b'*'
                && bytes[col] != b'#'
            {
                self.record_value(item, line, col);
            }
        }
        let item_owner = self.open.map(|(n, _)| n).filter(|_| dash.is_some());
        if col < bytes.len() && bytes[col] == b'#' {
            // `- # comment`: the item's value starts on a later line (the
            // comment is kept unless that value is a mapping).
            self.trailing(item_owner, &line[col + 1..]);
            self.dash_alone = item_owner;
            self.place_pending(first);
            return Ok(());
        }
        if col >= bytes.len() {
            self.dash_alone = item_owner;
            self.place_pending(first);
            return Ok(());
        }
        // A key may carry an anchor (`&a key: v`); a tag is refused.
        let mut key_at = col;
        loop {
            match bytes.get(key_at) {
                Some(b'&') => {
                    key_at = skip_name(bytes, key_at + 1);
                    while bytes.get(key_at).copied().is_some_and(is_blank) {
                        key_at += 1;
                    }
                }
                Some(b'!') => return Err(self.tag(line, key_at)),
                _ => break,
            }
        }
        let content = &line[key_at..];
        if let Some((key, value_at)) = split_key(content) {
            let value_at = key_at + value_at;
            // A key closes deeper blocks, and a sequence at its own
            // indentation (`key:` then `- item` at one indentation).
            while self.stack.last().is_some_and(|f| f.indent > col || (f.indent == col && f.kind == Kind::Seq)) {
                self.stack.pop();
            }
            let map = match self.stack.last() {
                Some(f) if f.indent == col && f.kind == Kind::Map => f.node,
                _ => {
                    let parent = self.open.map(|(n, _)| n);
                    let opened = self.open_collection(Kind::Map, line, col)?;
                    // The first key of an item whose dash stood alone: the
                    // comments above it belong to the item.
                    if opened.is_some() && opened == came_after_dash_alone && dash.is_none() {
                        first = first.or(parent);
                    }
                    opened
                }
            };
            let node = match map {
                Some(m) if !self.later_document => Some(self.child(m, Seg::Key(key.into_boxed_str()))),
                _ => None,
            };
            if let Some(n) = node {
                first.get_or_insert(n);
                self.record_key(n, line, key_at);
            }
            self.place_pending(first);
            let empty = self.value(line, value_at, Some(col), node, false)?;
            self.open = if empty { node.map(|n| (n, col)) } else { None };
        } else if content.starts_with(':') && content.as_bytes().get(1).is_none_or(|&b| is_blank(b)) {
            // `: value` after a `? key`: followed lexically.
            self.place_pending(first);
            self.open = None;
            self.value(line, key_at + 1, Some(col), None, false)?;
        } else {
            // A scalar or flow item (`- value`), a flow key, or a line the
            // structure does not explain: followed lexically.
            let owner = self.open.take().map(|(n, _)| n);
            if let Some(n) = owner
                && dash.is_none()
                && self.is_item(n)
            {
                // `- # c` then the item's scalar on this line: kept.
                self.dash_alone = None;
            }
            self.place_pending(first);
            let parent = match dash {
                Some(d) => Some(d),
                None => {
                    while self.stack.last().is_some_and(|f| f.indent > col) {
                        self.stack.pop();
                    }
                    self.stack.last().map(|f| f.indent)
                }
            };
            self.value(line, col, parent, owner, dash.is_some() || owner.is_some_and(|n| self.is_item(n)))?;
        }
        Ok(())
    }

    /// Starts a block collection at column `col`: the value of the key or
    /// item left open, whose node it gives (none when the structure is not
    /// followed: the collection still counts for the depth limit). A comment
    /// after the dash of an item whose value is a mapping is not written
    /// back there, so it is only counted.
    fn open_collection(&mut self, kind: Kind, line: &str, col: usize) -> Result<Option<u32>, Refused> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.too_deep(line, col));
        }
        let parent = self.open.take().map(|(n, _)| n);
        if let Some(p) = parent {
            self.record_value(p, line, col);
            if kind == Kind::Map && self.is_item(p) {
                self.after.retain(|(n, _)| *n != p);
            }
        }
        self.stack.push(Frame { indent: col, kind, node: parent, next_index: usize::from(kind == Kind::Seq) });
        Ok(parent)
    }

    fn place_pending(&mut self, first: Option<u32>) {
        if let Some(n) = first
            && !self.pending.is_empty()
            && !self.later_document
        {
            let text = self.pending.join("\n");
            self.above.push((n, text));
        }
        self.pending.clear();
    }

    /// The value that starts at byte `at` of `line` (after `key:` or `- `),
    /// in a block collection indented `parent`. `owner` is the node it is the
    /// value of; `item` when that is a list item. Returns whether the value
    /// is empty on this line (so it starts on a later one).
    fn value(
        &mut self,
        line: &str,
        mut at: usize,
        parent: Option<usize>,
        owner: Option<u32>,
        item: bool,
    ) -> Result<bool, Refused> {
        let bytes = line.as_bytes();
        while bytes.get(at).copied().is_some_and(is_blank) {
            at += 1;
        }
        // A node starts at its first property (`&anchor`); an alias is
        // placed by the loader where its anchor is, so it is left out.
        if let Some(n) = owner
            && bytes.get(at).is_some_and(|&b| b != b'*' && b != b'#')
        {
            self.record_value(n, line, at);
        }
        // Properties: anchors; tags are refused.
        loop {
            while bytes.get(at).copied().is_some_and(is_blank) {
                at += 1;
            }
            match bytes.get(at) {
                Some(b'&') => at = skip_name(bytes, at + 1),
                Some(b'!') => {
                    let mut d = self.tag(line, at);
                    if let Some(p) = owner.and_then(|n| self.path(n)) {
                        d.path = p;
                    }
                    return Err(d);
                }
                _ => break,
            }
        }
        let Some(&first) = bytes.get(at) else { return Ok(true) };
        match first {
            b'#' => {
                self.trailing(owner, &line[at + 1..]);
                Ok(true)
            }
            b'|' | b'>' => {
                // The header (`|`, `>-`, `|2+`), then a comment or nothing.
                let mut end = at + 1;
                let mut explicit = None;
                while let Some(&b) = bytes.get(end) {
                    match b {
                        b'-' | b'+' => {}
                        b'1'..=b'9' => explicit = Some(usize::from(b - b'0')),
                        _ => break,
                    }
                    end += 1;
                }
                if let Some(c) = plain_comment(line, end) {
                    self.trailing(owner, &line[c + 1..]);
                }
                let indent = explicit.map(|n| parent.map_or(n, |p| p + n));
                self.mode = Mode::BlockScalar { parent, indent, blank_max: 0 };
                Ok(false)
            }
            b'[' | b'{' | b'\'' | b'"' => {
                let flow = match first {
                    b'\'' => Flow { depth: 0, state: State::Single, content: true },
                    b'"' => Flow { depth: 0, state: State::Double, content: true },
                    _ => {
                        if self.stack.len() >= MAX_DEPTH {
                            return Err(self.too_deep(line, at));
                        }
                        Flow { depth: 1, state: State::Token, content: false }
                    }
                };
                // After a list item that is a flow mapping with content (written
                // back as a block mapping) a comment cannot stay.
                let map_item = item && first == b'{';
                let column = column(line, at) - 1;
                match self.flow(line, at + 1, flow)? {
                    FlowEnd::Open(flow) => {
                        self.mode = Mode::Flow { flow, owner, item: map_item, column };
                    }
                    FlowEnd::Closed(end, content) => {
                        let owner = owner.filter(|_| !map_item || !content);
                        self.after_node(line, end, owner, Some(column))?;
                    }
                }
                Ok(false)
            }
            b'*' => {
                // What an alias stands for is not known here: a comment after
                // it is only counted.
                let end = skip_name(bytes, at + 1);
                let owner = owner.filter(|_| !item);
                self.after_node(line, end, owner, Some(column(line, at) - 1))?;
                Ok(false)
            }
            _ => {
                match plain_comment(line, at) {
                    Some(c) => self.trailing(owner, &line[c + 1..]),
                    None => self.mode = Mode::Plain { parent },
                }
                Ok(false)
            }
        }
    }

    /// What follows a flow collection, quoted scalar or alias that ended
    /// before byte `at` and started at column `start` (from 0): nothing, a
    /// comment, or (when the node was a key) `: value`, in a mapping
    /// indented `start`.
    fn after_node(
        &mut self,
        line: &str,
        mut at: usize,
        owner: Option<u32>,
        start: Option<usize>,
    ) -> Result<(), Refused> {
        let bytes = line.as_bytes();
        while bytes.get(at).copied().is_some_and(is_blank) {
            at += 1;
        }
        match bytes.get(at) {
            None => Ok(()),
            Some(b'#') => {
                self.trailing(owner, &line[at + 1..]);
                Ok(())
            }
            Some(b':') if bytes.get(at + 1).is_none_or(|&b| is_blank(b)) => {
                // The node was a key; its value is not followed by path.
                self.value(line, at + 1, start, None, false).map(|_| ())
            }
            Some(_) => {
                // Not YAML the loader accepts (it stops here, within its
                // bounded look-ahead); only a comment is counted.
                if let Some(c) = plain_comment(line, at) {
                    self.trailing(None, &line[c + 1..]);
                }
                Ok(())
            }
        }
    }

    fn tag(&self, line: &str, at: usize) -> Refused {
        let end = line[at..].find([' ', '\t', ',', '[', ']', '{', '}']).map_or(line.len(), |e| at + e);
        self.error(line, at, Problem::Tag { tag: line[at..end].to_owned() })
    }

    /// Follows libyaml's tokens from byte `at` of `line` inside a flow
    /// collection or quoted scalar, until it closes or the line ends.
    fn flow(&mut self, line: &str, mut at: usize, mut flow: Flow) -> Result<FlowEnd, Refused> {
        let bytes = line.as_bytes();
        // libyaml skips a byte-order mark at the start of a line.
        while at < bytes.len() {
            let b = bytes[at];
            match flow.state {
                State::Single => {
                    if b == b'\'' {
                        if bytes.get(at + 1) == Some(&b'\'') {
                            at += 2;
                            continue;
                        }
                        flow.state = State::Token;
                        at += 1;
                        if flow.depth == 0 {
                            return Ok(FlowEnd::Closed(at, true));
                        }
                        continue;
                    }
                    at += 1;
                }
                State::Double => {
                    if b == b'\\' {
                        at += 2;
                        continue;
                    }
                    at += 1;
                    if b == b'"' {
                        flow.state = State::Token;
                        if flow.depth == 0 {
                            return Ok(FlowEnd::Closed(at, true));
                        }
                    }
                }
                State::Plain => match b {
                    // Flow indicators end a plain scalar; the token state reads them.
                    b',' | b'[' | b']' | b'{' | b'}' => flow.state = State::Token,
                    b':' if bytes.get(at + 1).is_none_or(|&n| is_blank(n) || b",[]{}?".contains(&n)) => {
                        flow.state = State::Token;
                    }
                    b'#' if at == 0 || is_blank(bytes[at - 1]) => {
                        self.trailing(None, &line[at + 1..]);
                        flow.state = State::Token;
                        return Ok(FlowEnd::Open(flow));
                    }
                    _ => at += 1,
                },
                State::Token => {
                    if !is_blank(b) && b != b'#' && !(flow.depth == 1 && (b == b']' || b == b'}')) {
                        flow.content = true;
                    }
                    match b {
                        b' ' | b'\t' | b',' | b'?' | b':' => at += 1,
                        b'#' => {
                            self.trailing(None, &line[at + 1..]);
                            return Ok(FlowEnd::Open(flow));
                        }
                        b'[' | b'{' => {
                            flow.depth += 1;
                            if self.stack.len() + flow.depth > MAX_DEPTH {
                                return Err(self.too_deep(line, at));
                            }
                            at += 1;
                        }
                        b']' | b'}' => {
                            at += 1;
                            flow.depth = flow.depth.saturating_sub(1);
                            if flow.depth == 0 {
                                return Ok(FlowEnd::Closed(at, flow.content));
                            }
                        }
                        b'\'' => {
                            flow.state = State::Single;
                            at += 1;
                        }
                        b'"' => {
                            flow.state = State::Double;
                            at += 1;
                        }
                        b'!' => return Err(self.tag(line, at)),
                        b'&' | b'*' => at = skip_name(bytes, at + 1),
                        _ => {
                            flow.state = State::Plain;
                            at += 1;
                        }
                    }
                }
            }
        }
        Ok(FlowEnd::Open(flow))
    }
}

/// Skips an anchor or alias name: libyaml's anchor characters are ASCII
/// letters, digits, `_` and `-` (anything else ends the name, or is an error
/// the loader reports there).
fn skip_name(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        at += 1;
    }
    at
}

/// `---` or `...` at the start of a line, alone or followed by a blank.
fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("...")) && line.as_bytes().get(3).is_none_or(|&b| is_blank(b))
}

/// Where a comment starts in a plain scalar's text from byte `from`: a `#`
/// at `from` or after a blank.
fn plain_comment(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut prev_blank = true;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if b == b'#' && prev_blank {
            return Some(i);
        }
        prev_blank = is_blank(b);
    }
    None
}

/// A comment's text: one space after `#` dropped, trailing blanks trimmed.
fn comment_text(after_hash: &str) -> String {
    after_hash.strip_prefix(' ').unwrap_or(after_hash).trim_end().to_owned()
}

/// Splits `key: value` (the key plain or quoted): the key and the byte
/// where the value starts; `None` when the line is not a mapping entry.
fn split_key(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    let (key, colon) = if let Some(q @ (b'"' | b'\'')) = bytes.first().copied() {
        let end = closing_quote(s, q)?;
        let mut colon = end + 1;
        while bytes.get(colon).copied().is_some_and(is_blank) {
            colon += 1;
        }
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        // The YAML reader decodes the quoted key (escapes, doubled quotes).
        let key: String = serde_yaml::from_str(&s[..=end]).ok()?;
        (key, colon)
    } else {
        if matches!(bytes.first(), Some(b'[' | b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'#' | b'%' | b'@' | b'`')) {
            return None;
        }
        // `? ` is an indicator; `?x` starts a plain key.
        if bytes.first() == Some(&b'?') && bytes.get(1).is_none_or(|&b| is_blank(b)) {
            return None;
        }
        // The first `:` followed by a blank or the end of the line, before
        // any comment.
        let mut colon = None;
        let mut prev_blank = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'#' && prev_blank {
                return None;
            }
            if b == b':' && bytes.get(i + 1).is_none_or(|&n| is_blank(n)) {
                colon = Some(i);
                break;
            }
            prev_blank = is_blank(b);
        }
        let colon = colon?;
        (s[..colon].trim_end_matches([' ', '\t']).to_owned(), colon)
    };
    Some((key, colon + 1))
}

/// The byte of the quote that closes the quoted scalar `s` starts with.
fn closing_quote(s: &str, q: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if q == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Puts comments into a parsed workflow: the header, the `comment` fields of
/// jobs and steps, the pin comments of `uses:` and `cron:`; every other placed
/// comment goes to [`crate::SourceComments`] by path.
pub(crate) fn apply_workflow(wf: &mut crate::Workflow, mut c: Comments) {
    wf.header = c.header.take();
    let root = Path::root();
    if let crate::On::Map(t) = &mut wf.on
        && let Some(schedule) = &mut t.schedule
    {
        let at = root.key("on").key("schedule");
        for (i, cron) in schedule.iter_mut().enumerate() {
            cron.comment = c.trailing.remove(&at.index(i).key("cron"));
        }
    }
    let jobs = root.key("jobs");
    for (id, job) in &mut wf.jobs {
        let at = jobs.key(id);
        let (comment, allow) = crate::allow::split_allows(c.above.remove(&at));
        match job {
            crate::Job::Normal(j) => {
                j.comment = comment;
                j.allow = allow;
                if let Some(steps) = &mut j.steps {
                    apply_steps(steps, &at.key("steps"), &mut c);
                }
            }
            crate::Job::Call(j) => {
                j.comment = comment;
                j.allow = allow;
                apply_uses(&mut j.uses, &at.key("uses"), &mut c);
            }
        }
    }
    wf.comments = crate::SourceComments { above: c.above, trailing: c.trailing, footer: c.footer };
}

/// Puts comments into parsed action metadata (see [`apply_workflow`]).
pub(crate) fn apply_action(action: &mut crate::Action, mut c: Comments) {
    action.header = c.header.take();
    if let crate::Runs::Composite(runs) = &mut action.runs {
        use crate::action::{Action, CompositeRuns};
        use crate::key_of;
        let at = Path::root().key(key_of!(Action.runs)).key(key_of!(CompositeRuns.steps));
        apply_steps(&mut runs.steps, &at, &mut c);
    }
    action.comments = crate::SourceComments { above: c.above, trailing: c.trailing, footer: c.footer };
}

fn apply_steps(steps: &mut [crate::Step], at: &Path, c: &mut Comments) {
    for (i, step) in steps.iter_mut().enumerate() {
        let at = at.index(i);
        (step.comment, step.allow) = crate::allow::split_allows(c.above.remove(&at));
        match &mut step.body {
            crate::StepBody::Uses { uses, .. } => apply_uses(uses, &at.key("uses"), c),
            crate::StepBody::Parallel(inner) => apply_steps(inner, &at.key("parallel"), c),
            _ => {}
        }
    }
}

fn apply_uses(uses: &mut crate::Uses, at: &Path, c: &mut Comments) {
    if let Some(t) = c.trailing.remove(at) {
        *uses = uses.clone().with_comment(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(segs: &[&str]) -> Path {
        let mut path = Path::root();
        for s in segs {
            path = match s.parse::<usize>() {
                Ok(i) => path.index(i),
                Err(_) => path.key(*s),
            };
        }
        path
    }

    fn scan_ok(text: &str) -> Layout {
        scan(text, true).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn finds_header_job_step_and_trailing_comments() {
        let text = "\
# Generated file
# second line

name: CI # the name
on:
  schedule:
    - cron: '0 9 * * 1' # Mondays
jobs:
  # Builds it.
  build:
    runs-on: ubuntu-latest
    steps:
    # Check out first.
    - uses: actions/checkout@abc # v4.2.2
      with: {a: '# not a comment'}
    - run: |
        # inside a block
        echo hi
      # Then test.
    - name: test
      run: make test
";
        let c = scan_ok(text).comments;
        assert_eq!(c.header.as_deref(), Some("Generated file\nsecond line"));
        assert_eq!(c.trailing.get(&p(&["name"])).map(String::as_str), Some("the name"));
        assert_eq!(c.trailing.get(&p(&["on", "schedule", "0", "cron"])).map(String::as_str), Some("Mondays"));
        assert_eq!(c.above.get(&p(&["jobs", "build"])).map(String::as_str), Some("Builds it."));
        assert_eq!(c.above.get(&p(&["jobs", "build", "steps", "0"])).map(String::as_str), Some("Check out first."));
        assert_eq!(c.trailing.get(&p(&["jobs", "build", "steps", "0", "uses"])).map(String::as_str), Some("v4.2.2"));
        assert_eq!(c.above.get(&p(&["jobs", "build", "steps", "2"])).map(String::as_str), Some("Then test."));
        assert_eq!(c.lines, 8);
    }

    #[test]
    fn a_key_may_start_with_a_question_mark() {
        let c = scan_ok("env:\n  ?x: ' #'\n  ?y: a # c\n").comments;
        assert_eq!(c.trailing.len(), 1, "{:?}", c.trailing);
        assert_eq!(c.trailing.get(&p(&["env", "?y"])).map(String::as_str), Some("c"));
    }

    #[test]
    fn quoted_keys_and_nested_dashes() {
        let text = "'on': push\njobs:\n  a:\n    steps:\n      - - x\n      # c\n      - 'uses': y # z\nlist:\n- a\nafter: 1 # same indent as the list\n";
        let c = scan_ok(text).comments;
        assert_eq!(c.above.get(&p(&["jobs", "a", "steps", "1"])).map(String::as_str), Some("c"));
        assert_eq!(c.trailing.get(&p(&["jobs", "a", "steps", "1", "uses"])).map(String::as_str), Some("z"));
        assert_eq!(c.trailing.get(&p(&["after"])).map(String::as_str), Some("same indent as the list"));
    }

    #[test]
    fn every_yaml_line_break_ends_a_line() {
        let split: Vec<&str> = lines("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g\n").collect();
        assert_eq!(split, ["a", "b", "c", "d", "e", "f", "g"]);
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("x").collect::<Vec<_>>(), ["x"]);
        // A comment line holding a carriage return ends there: what follows
        // is YAML, as the loader reads it.
        let c = scan_ok("jobs:\n  a:\n    steps:\n      # note\r      - run: evil\n").comments;
        assert_eq!(c.above.get(&p(&["jobs", "a", "steps", "0"])).map(String::as_str), Some("note"));
    }

    #[test]
    fn old_mac_line_ends_read_like_unix_ones() {
        let unix = scan_ok("# head\n\non: push # when\njobs:\n  a: {}\n").comments;
        let mac = scan_ok("# head\r\ron: push # when\rjobs:\r  a: {}\r").comments;
        assert_eq!(unix.header, mac.header);
        assert_eq!(unix.trailing, mac.trailing);
    }

    #[test]
    fn deep_flow_nesting_is_refused_while_scanning() {
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let d = scan(&deep, false).unwrap_err();
        assert_eq!(d.problem, Problem::TooDeep { limit: MAX_DEPTH });
        assert_eq!(d.location, Some(Location { line: 1, column: 3 + MAX_DEPTH }));
        let ok = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert!(scan(&ok, false).is_ok());
        // Brackets inside quotes, comments, block scalars and plain scalars
        // do not nest.
        let quiet =
            format!("a: '{0}'\nb: \"{0}\"\nc: x{0}\nd: | \n  {0}\ne: ['{0}', \"{0}\"] # {0}\n# {0}\n", "[".repeat(300));
        assert!(scan(&quiet, false).is_ok(), "{:?}", scan(&quiet, false).err());
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let deep = format!("{}x\n", "- ".repeat(300));
        assert!(matches!(scan(&deep, false).unwrap_err().problem, Problem::TooDeep { .. }));
    }

    #[test]
    fn tags_are_refused_wherever_a_node_starts() {
        for (text, tag) in [
            ("a: !!binary aGk=\n", "!!binary"),
            ("a: !!python/object:x y\n", "!!python/object:x"),
            ("a: !!!true\n", "!!!true"),
            ("- !!str 1\n", "!!str"),
            ("a: [x, !t y]\n", "!t"),
            ("a: &anchor !t y\n", "!t"),
            ("!t a: b\n", "!t"),
            ("--- !t\na: b\n", "!t"),
        ] {
            match scan(text, false) {
                Err(d) => assert_eq!(d.problem, Problem::Tag { tag: tag.to_owned() }, "{text:?}"),
                Ok(_) => panic!("{text:?}: tag not found"),
            }
        }
        // `!` inside scalars is text.
        for text in [
            "if: ${{ !cancelled() }}\n",
            "a: b !c\n",
            "a: [b !c]\n",
            "run: |\n  ! grep x\n",
            "a: 'x\n  !y'\n",
            "a: b\n  !c\n",
        ] {
            assert!(scan(text, false).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn positions_of_keys_and_values() {
        let text = "on: push\njobs:\n  build:\n    steps:\n      - run: a\n      - {uses: x, with: {y: 1}}\n    env:\n      A: 'q'\n";
        let pos = scan_ok(text).positions;
        let at = |segs: &[&str], key: bool| pos.get(&p(segs), key).map(|l| (l.line, l.column));
        assert_eq!(at(&["jobs", "build"], true), Some((3, 3)));
        assert_eq!(at(&["jobs", "build"], false), Some((4, 5)));
        assert_eq!(at(&["jobs", "build", "steps"], false), Some((5, 7)));
        assert_eq!(at(&["jobs", "build", "steps", "0"], false), Some((5, 9)));
        assert_eq!(at(&["jobs", "build", "steps", "0", "run"], false), Some((5, 14)));
        assert_eq!(at(&["jobs", "build", "steps", "1"], false), Some((6, 9)));
        assert_eq!(at(&["jobs", "build", "env", "A"], false), Some((8, 10)));
    }

    #[test]
    fn comments_it_cannot_place_are_counted() {
        let text = "steps:\n  - {run: b} # after a flow item\n  - run: | # after a block header\n      x\nwith: [a, # inside\n  b]\nk: a\n  b # after a plain continuation\n";
        let c = scan_ok(text).comments;
        assert_eq!(c.lines, 4);
        assert_eq!(c.trailing.get(&p(&["steps", "1", "run"])).map(String::as_str), Some("after a block header"));
        assert_eq!(c.trailing.len(), 1);
    }
}
