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

use crate::Path;

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
/// path that begins on a block line.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    values: HashMap<Path, Location>,
    keys: HashMap<Path, Location>,
}

impl Positions {
    /// The position of the node at `path` (of its key with `at_key`).
    pub(crate) fn get(&self, path: &Path, at_key: bool) -> Option<Location> {
        if at_key { self.keys.get(path).copied() } else { self.values.get(path).copied() }
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
    let mut s = Scanner::new(positions);
    for (i, line) in lines(text).enumerate() {
        s.line(i + 1, line).map_err(|d| *d)?;
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

#[derive(Debug)]
struct Frame {
    indent: usize,
    kind: Kind,
    /// The collection's path, when the structure is followed to it.
    path: Option<Path>,
    next_index: usize,
}

/// What the next lines are.
#[derive(Debug)]
enum Mode {
    /// Block structure.
    Block,
    /// The lines of a block scalar (`|`, `>`): every line more indented than
    /// `parent` (the indentation of the collection the scalar is in), or
    /// blank. `None` when the scalar is the document itself.
    BlockScalar { parent: Option<usize> },
    /// The continuation lines of a plain scalar, by the same rule; a comment
    /// ends it.
    Plain { parent: Option<usize> },
    /// Inside a flow collection or a quoted scalar that spans lines; `owner`
    /// is the node it is the value of (for a comment after it).
    Flow { flow: Flow, owner: Option<Path>, item: bool },
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
}

/// How a flow or quoted node ended on a line.
enum FlowEnd {
    /// It goes on on the next line.
    Open(Flow),
    /// It ended before byte `at`.
    Closed(usize),
}

struct Scanner {
    comments: Comments,
    positions: Option<Positions>,
    stack: Vec<Frame>,
    /// A key or item whose value starts on a later line: (path, indent).
    open: Option<(Path, usize)>,
    mode: Mode,
    pending: Vec<String>,
    header: Vec<String>,
    seen_content: bool,
    /// After a second `---`: the loader refuses the file; only guard.
    later_document: bool,
    line_no: usize,
}

impl Scanner {
    fn new(positions: bool) -> Self {
        Scanner {
            comments: Comments::default(),
            positions: positions.then(Positions::default),
            stack: Vec::new(),
            open: Some((Path::root(), 0)),
            mode: Mode::Block,
            pending: Vec::new(),
            header: Vec::new(),
            seen_content: false,
            later_document: false,
            line_no: 0,
        }
    }

    fn finish(mut self) -> Layout {
        if !self.pending.is_empty() {
            self.comments.footer = Some(self.pending.join("\n"));
        }
        if !self.header.is_empty() {
            self.comments.header = Some(self.header.join("\n"));
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

    fn record_value(&mut self, path: &Path, line: &str, at: usize) {
        if let Some(p) = &mut self.positions {
            p.values.entry(path.clone()).or_insert(Location { line: self.line_no, column: column(line, at) });
        }
    }

    fn record_key(&mut self, path: &Path, line: &str, at: usize) {
        if let Some(p) = &mut self.positions {
            p.keys.entry(path.clone()).or_insert(Location { line: self.line_no, column: column(line, at) });
        }
    }

    /// A comment: whole-line comments wait in `pending`; one after content
    /// goes to `trailing` under `owner` (when the emitter can write it there).
    fn trailing(&mut self, owner: Option<&Path>, text: &str) {
        self.comments.lines += 1;
        if let Some(p) = owner
            && !self.later_document
        {
            self.comments.trailing.insert(p.clone(), comment_text(text));
        }
    }

    fn line(&mut self, line_no: usize, line: &str) -> Result<(), Refused> {
        self.line_no = line_no;
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes.iter().all(|&b| is_blank(b));
        match &self.mode {
            Mode::Block => {}
            Mode::BlockScalar { parent } => {
                if blank || parent.is_none_or(|p| indent > p) && !is_document_marker(line) {
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
            Mode::Flow { flow, owner, item } => {
                let (flow, owner, item) = (*flow, owner.clone(), *item);
                match self.flow(line, 0, flow)? {
                    FlowEnd::Open(flow) => self.mode = Mode::Flow { flow, owner, item },
                    FlowEnd::Closed(at) => {
                        self.mode = Mode::Block;
                        let owner = if item { None } else { owner };
                        self.after_node(line, at, owner.as_ref(), None)?;
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
            self.open = Some((Path::root(), 0));
            self.pending.clear();
            // `--- value`: the document's node starts on the marker's line.
            let rest = &line[3..];
            let at = 3 + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if at < line.len() {
                let root = Path::root();
                self.value(line, at, None, Some(&root), false)?;
                self.open = None;
            }
            return Ok(());
        }
        // The block structure: a document holds one node, so after the
        // first document only the guard goes on.
        self.seen_content = true;
        self.block_line(line, indent)
    }

    /// A line of the block structure starting at byte `indent`.
    fn block_line(&mut self, line: &str, indent: usize) -> Result<(), Refused> {
        let bytes = line.as_bytes();
        let mut col = indent;
        let mut first_path: Option<Path> = None;
        // The indentation of the innermost sequence this line's dashes open.
        let mut dash: Option<usize> = None;
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
                        let p = f.path.as_ref().map(|p| p.index(f.next_index));
                        f.next_index += 1;
                        p
                    }
                    _ => self.open_collection(Kind::Seq, line, col)?.map(|parent| parent.index(0)),
                };
                let item = item.filter(|_| !self.later_document);
                if let Some(item) = &item {
                    first_path.get_or_insert_with(|| item.clone());
                }
                self.open = item.map(|p| (p, col));
                dash = Some(col);
            }
            col += 1;
            while bytes.get(col).copied().is_some_and(is_blank) {
                col += 1;
            }
            if col >= bytes.len() {
                break;
            }
            // The item's value starts here (another dash, a key or a scalar);
            // an alias is placed where its anchor is.
            if let Some((item, _)) = &self.open
                && bytes[col] != b'*'
            {
                let item = item.clone();
                self.record_value(&item, line, col);
            }
        }
        if col < bytes.len() && bytes[col] == b'#' {
            // `- # comment`: the item's value starts on a later line.
            let owner = self.open.as_ref().map(|(p, _)| p.clone());
            self.trailing(owner.as_ref(), &line[col + 1..]);
            self.place_pending(first_path);
            return Ok(());
        }
        if col >= bytes.len() {
            self.place_pending(first_path);
            return Ok(());
        }
        let content = &line[col..];
        if let Some((key, value_at)) = split_key(content) {
            let value_at = col + value_at;
            // A key closes deeper blocks, and a sequence at its own
            // indentation (`key:` then `- item` at one indentation).
            while self.stack.last().is_some_and(|f| f.indent > col || (f.indent == col && f.kind == Kind::Seq)) {
                self.stack.pop();
            }
            let path = match self.stack.last() {
                Some(f) if f.indent == col && f.kind == Kind::Map => f.path.as_ref().map(|p| p.key(key)),
                _ => self.open_collection(Kind::Map, line, col)?.map(|parent| parent.key(key)),
            };
            let path = path.filter(|_| !self.later_document);
            if let Some(p) = &path {
                first_path.get_or_insert_with(|| p.clone());
                self.record_key(p, line, col);
            }
            self.place_pending(first_path);
            let parent = Some(col);
            let empty = self.value(line, value_at, parent, path.as_ref(), false)?;
            self.open = if empty { path.map(|p| (p, col)) } else { None };
        } else {
            // A scalar or flow item (`- value`), a flow key, or a line the
            // structure does not explain: followed lexically.
            let owner = self.open.take().map(|(p, _)| p);
            self.place_pending(first_path);
            let parent = match dash {
                Some(d) => Some(d),
                None => {
                    while self.stack.last().is_some_and(|f| f.indent > col) {
                        self.stack.pop();
                    }
                    self.stack.last().map(|f| f.indent)
                }
            };
            self.value(line, col, parent, owner.as_ref(), true)?;
        }
        Ok(())
    }

    /// Starts a block collection at column `col`: the value of the key or
    /// item left open, whose path it gives (none when the structure is not
    /// followed: the collection still counts for the depth limit).
    fn open_collection(&mut self, kind: Kind, line: &str, col: usize) -> Result<Option<Path>, Refused> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.too_deep(line, col));
        }
        let parent = self.open.take().map(|(p, _)| p);
        if let Some(p) = &parent {
            self.record_value(p, line, col);
        }
        // A sequence's first item is taken at once.
        let next_index = usize::from(kind == Kind::Seq && parent.is_some());
        self.stack.push(Frame { indent: col, kind, path: parent.clone(), next_index });
        Ok(parent)
    }

    fn place_pending(&mut self, first: Option<Path>) {
        if let Some(p) = first
            && !self.pending.is_empty()
            && !self.later_document
        {
            self.comments.above.insert(p, self.pending.join("\n"));
        }
        self.pending.clear();
    }

    /// The value that starts at byte `at` of `line` (after `key:` or `- `),
    /// in a block collection indented `parent`. `owner` is the path it is the
    /// value of; `item` when it is a list item. Returns whether the value is
    /// empty on this line (so it starts on a later one).
    fn value(
        &mut self,
        line: &str,
        mut at: usize,
        parent: Option<usize>,
        owner: Option<&Path>,
        item: bool,
    ) -> Result<bool, Refused> {
        let bytes = line.as_bytes();
        while bytes.get(at).copied().is_some_and(is_blank) {
            at += 1;
        }
        // A node starts at its first property (`&anchor`); an alias is
        // placed by the loader where its anchor is, so it is left out.
        if let Some(p) = owner
            && bytes.get(at).is_some_and(|&b| b != b'*' && b != b'#')
        {
            self.record_value(p, line, at);
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
                    d.path = owner.cloned().unwrap_or_default();
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
                if let Some(p) = owner {
                    self.record_value(p, line, at);
                }
                let mut end = at + 1;
                while bytes.get(end).is_some_and(|b| matches!(b, b'-' | b'+' | b'0'..=b'9')) {
                    end += 1;
                }
                if let Some(c) = plain_comment(line, end) {
                    self.trailing(owner.filter(|_| !item), &line[c + 1..]);
                }
                self.mode = Mode::BlockScalar { parent };
                Ok(false)
            }
            b'[' | b'{' | b'\'' | b'"' => {
                if let Some(p) = owner {
                    self.record_value(p, line, at);
                }
                let flow = match first {
                    b'\'' => Flow { depth: 0, state: State::Single },
                    b'"' => Flow { depth: 0, state: State::Double },
                    _ => {
                        if self.stack.len() >= MAX_DEPTH {
                            return Err(self.too_deep(line, at));
                        }
                        Flow { depth: 1, state: State::Token }
                    }
                };
                let collection = matches!(first, b'[' | b'{');
                match self.flow(line, at + 1, flow)? {
                    FlowEnd::Open(flow) => {
                        self.mode = Mode::Flow { flow, owner: owner.cloned(), item: item && collection };
                    }
                    FlowEnd::Closed(end) => {
                        let owner = owner.filter(|_| !(item && collection));
                        self.after_node(line, end, owner, parent)?;
                    }
                }
                Ok(false)
            }
            b'*' => {
                let end = skip_name(bytes, at + 1);
                self.after_node(line, end, owner, parent)?;
                Ok(false)
            }
            _ => {
                if let Some(p) = owner {
                    self.record_value(p, line, at);
                }
                match plain_comment(line, at) {
                    Some(c) => self.trailing(owner, &line[c + 1..]),
                    None => self.mode = Mode::Plain { parent },
                }
                Ok(false)
            }
        }
    }

    /// What follows a flow collection, quoted scalar or alias that ended
    /// before byte `at`: nothing, a comment, or (when the node was a key)
    /// `: value`.
    fn after_node(
        &mut self,
        line: &str,
        mut at: usize,
        owner: Option<&Path>,
        parent: Option<usize>,
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
                self.value(line, at + 1, parent, None, false).map(|_| ())
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
                            return Ok(FlowEnd::Closed(at));
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
                            return Ok(FlowEnd::Closed(at));
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
                State::Token => match b {
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
                            return Ok(FlowEnd::Closed(at));
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
                },
            }
        }
        Ok(FlowEnd::Open(flow))
    }
}

/// Skips an anchor or alias name: everything up to a blank or a flow
/// indicator.
fn skip_name(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| !is_blank(b) && !b",[]{}".contains(&b)) {
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
        let (comment, allow) = crate::lint::split_allows(c.above.remove(&at));
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
        apply_steps(&mut runs.steps, &Path::root().key("runs").key("steps"), &mut c);
    }
    action.comments = crate::SourceComments { above: c.above, trailing: c.trailing, footer: c.footer };
}

fn apply_steps(steps: &mut [crate::Step], at: &Path, c: &mut Comments) {
    for (i, step) in steps.iter_mut().enumerate() {
        let at = at.index(i);
        (step.comment, step.allow) = crate::lint::split_allows(c.above.remove(&at));
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
