//! What the emitter cannot write so that it reads back as the model: the
//! `unwritable` rule. The emitter writes any tree without letting comment
//! text become YAML (see [`comment`](crate::comment)), but it
//! changes what it cannot hold; these checks refuse such a model before
//! anything is written:
//!
//! - comment text holding a character YAML does not allow in a comment (C0
//!   and C1 controls but tab and the line breaks, DEL, U+FFFE, U+FFFF);
//! - a comment after a value (a `uses:` pin version, a cron comment) holding
//!   a line break, and an allow reason holding one (each is one comment line);
//! - a comment line of a job or step that reads back as an allowance
//!   (`ci-model: allow(<lint>): ...`);
//! - the key `<<`, which YAML reads as a merge key, quoted or not;
//! - a key whose written form is longer than [`KEY_LIMIT`] bytes, which no
//!   reader takes before `: `;
//! - a comment of [`SourceComments`] that the emitter does not write at its
//!   path, or that reads back as something else (a job's or step's own
//!   comment, a `uses:` or `cron:` comment, the comment of a list item
//!   rather than of its first key); see [`emit::attach`](crate::emit::attach).
//!
//! Keys and comments of the lowered tree are checked by the expression walk
//! ([`super::expressions`]) as it passes them, so the tree is walked once;
//! where each comment of [`SourceComments`] went is counted as it is
//! attached to the tree. Clean text is checked without allocating.

use std::fmt;

use crate::allow::Allow;
use crate::comment::{self, Flaw};
use crate::diagnostic::{Diagnostic, Problem};
use crate::emit::Commented;
use crate::emit::attach::{self, Misplaced, Owner, Side};
use crate::emit::style::{self, Context};
use crate::emit::{Entry, Item, KEY_LIMIT, Node};
use crate::path::{At, Trail};
use crate::{Path, SourceComments};

/// A character as messages show it: `U+000D`.
struct CodePoint(char);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", u32::from(self.0))
    }
}

/// Why comment text cannot be written, or `None`.
fn flaw_message(text: &str, one_line: bool, line_hint: &str) -> Option<String> {
    Some(match comment::flaw(text, one_line)? {
        Flaw::Refused(c) => format!(
            "it holds {}, a character YAML does not allow in a comment (the emitter would write U+FFFD); remove it",
            CodePoint(c)
        ),
        Flaw::Break(c) => format!("it holds a line break ({}), {line_hint}; write it on one line", CodePoint(c)),
    })
}

/// What a comment after a value may not hold, said after the line break.
const AFTER_A_VALUE: &str = "and a comment after a value ends with its line (the emitter would drop the rest)";

/// Reports the comment above a node, if it cannot be written.
fn above(text: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(why) = flaw_message(text, false, "") {
        out.push(Diagnostic::new(at.to_path(), Problem::Unwritable { what: "the comment above it".to_owned(), why }));
    }
}

/// Reports the comment after a value, if it cannot be written.
fn after(text: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(why) = flaw_message(text, true, AFTER_A_VALUE) {
        out.push(Diagnostic::new(at.to_path(), Problem::Unwritable { what: "the comment after it".to_owned(), why }));
    }
}

/// A key or line as messages show it: its first characters (as many as the
/// second field says), controls escaped.
struct Shown<'a>(&'a str, usize);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars().take(self.1) {
            if style::needs_escape(c) || c == '\n' || c == '\t' {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if self.0.chars().nth(self.1).is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// Checks a mapping entry of the lowered tree: its key, its comments (the
/// comment above the first key of a sequence item's mapping is the item's,
/// and `item` checks it), `at` being the entry's path. Inlined into the
/// walk: most entries have a short key of the crate's own and no comment,
/// and cost two comparisons.
#[inline]
pub(super) fn entry(e: &Entry<'_>, first_in_item: bool, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    // A character is written as at most four bytes per byte it takes
    // (`\x07` for one byte, `\uFFFE` for three), plus two quotes: a shorter
    // key cannot reach the limit.
    if !e.plain_key && (e.key.len() * 4 + 2 > KEY_LIMIT || e.key.as_bytes() == b"<<") {
        key(&e.key, at, out);
    }
    if e.comment.is_some() || e.trailing.is_some() {
        entry_comments(e, first_in_item, at, out);
    }
}

fn entry_comments(e: &Entry<'_>, first_in_item: bool, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(c) = e.comment.as_deref()
        && !first_in_item
    {
        above(c, at, out);
    }
    if let Some(c) = e.trailing {
        after(c, at, out);
    }
}

/// Checks a sequence item of the lowered tree: its comments, and the comment
/// above its mapping's first key, which is written above the dash.
#[inline]
pub(super) fn item(item: &Item<'_>, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(c) = item.comment {
        above(c, at, out);
    }
    if let Node::Map(entries) = &item.value
        && let Some(c) = entries.first().and_then(|e| e.comment.as_deref())
    {
        above(c, at, out);
    }
    if let Some(c) = item.trailing
        && crate::emit::item_trailing_written(item)
    {
        after(c, at, out);
    }
}

fn key(k: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let problem = |why: String| Problem::Unwritable { what: format!("the key `{}`", Shown(k, 40)), why };
    if k == "<<" {
        out.push(Diagnostic::new(
            at.to_path(),
            problem(
                "YAML reads `<<` as a merge key, quoted or not (GitHub's parser and ci-model's do), so no mapping may use it as a key; rename it"
                    .to_owned(),
            ),
        ));
        return;
    }
    // Only a long key is written out to be measured.
    let written = style::inline(k, Context::Block).len();
    if written > KEY_LIMIT {
        out.push(Diagnostic::new(
            at.to_path(),
            problem(format!(
                "written as YAML it takes {written} bytes, and a YAML reader takes at most 1,024 before the `:` of a key (some count characters, libyaml bytes); shorten it"
            )),
        ));
    }
}

/// Checks the header and the comment after the last node of a document.
pub(crate) fn document(header: Option<&str>, footer: Option<&str>, out: &mut Vec<Diagnostic>) {
    for (text, what) in [(header, "the header comment"), (footer, "the comment at the end of the file")] {
        if let Some(why) = text.and_then(|t| flaw_message(t, false, "")) {
            out.push(Diagnostic::new(Path::root(), Problem::Unwritable { what: what.to_owned(), why }));
        }
    }
}

/// Checks what the model writes into the comment above a job or step: each
/// allow reason is one comment line, and no line of the comment may read back
/// as an allowance. `at` is the job's or step's path.
#[inline]
pub(crate) fn annotations(comment: Option<&str>, allows: &[Allow], at: &At<'_>, out: &mut Vec<Diagnostic>) {
    if comment.is_some() || !allows.is_empty() {
        annotations_of(comment, allows, at, out);
    }
}

fn annotations_of(comment: Option<&str>, allows: &[Allow], at: &At<'_>, out: &mut Vec<Diagnostic>) {
    for a in allows {
        let hint = "and the reason is written as one comment line (`# ci-model: allow(<lint>): <reason>`), so the rest would be read as other comment lines";
        if let Some(Flaw::Break(c)) = comment::flaw(&a.reason, true).filter(|f| matches!(f, Flaw::Break(_))) {
            out.push(Diagnostic::new(
                Path::from(*at),
                Problem::Unwritable {
                    what: format!("the reason for allowing `{}`", a.lint),
                    why: format!("it holds a line break ({}), {hint}; write it on one line", CodePoint(c)),
                },
            ));
        }
    }
    let Some(text) = comment else { return };
    // Every allow line holds this; most comments do not.
    if !text.contains("allow(") {
        return;
    }
    for line in comment::lines(text) {
        if let Some(a) = Allow::parse(line) {
            out.push(Diagnostic::new(
                Path::from(*at),
                Problem::Unwritable {
                    what: "the comment above it".to_owned(),
                    why: format!(
                        "its line `{}` would be read back as an allowance of `{}`; allow the lint with `.allow(Lint::{:?}, reason)` instead, or reword the line",
                        Shown(line.trim(), 100),
                        a.lint,
                        a.lint
                    ),
                },
            ));
        }
    }
}

/// Reports each comment of `source` that the emitter does not write at its
/// path, or that reads back as something else, as attaching it to `doc`
/// found (see [`attach`]). A comment at a path the tree does not have is
/// looked for only when the count of those attached says there is one.
pub(crate) fn source_comments(doc: &Commented<'_>, source: &SourceComments, out: &mut Vec<Diagnostic>) {
    let unmet = doc.attached.unmet(source);
    if doc.attached.misplaced.is_empty() && unmet == 0 {
        return;
    }
    for (path, side, why) in &doc.attached.misplaced {
        out.push(misplaced(path, *side, why));
    }
    if unmet > 0 {
        for (path, side) in attach::orphans(&doc.root, source) {
            out.push(misplaced(path, side, &Misplaced::NoNode));
        }
    }
}

fn misplaced(path: &Path, side: Side, why: &Misplaced) -> Diagnostic {
    let what = match side {
        Side::Above => "the comment above it",
        Side::After => "the comment after it",
    };
    let why = match why {
        Misplaced::NoNode if path.is_root() => {
            "the emitter writes no comment at the document's root; use the header, or `SourceComments::set_footer` for the end of the file".to_owned()
        }
        Misplaced::NoNode => {
            "the document has no node at this path, so the emitter would drop it; insert it at a path the document has, or remove it".to_owned()
        }
        Misplaced::Owned(Owner::Job) => {
            "a reader takes a comment above a job for the job's own comment (`Job::comment`); give the job that comment (`.comment(..)`) instead".to_owned()
        }
        Misplaced::Owned(Owner::Step) => {
            "a reader takes a comment above a step for the step's own comment; use `Step::comment` instead".to_owned()
        }
        Misplaced::Owned(Owner::Uses) => {
            "a reader takes a comment after `uses:` for the reference's own (its pinned version, `Uses::comment`); use `Uses::with_comment` instead".to_owned()
        }
        Misplaced::Owned(Owner::Cron) => {
            "a reader takes a comment after `cron:` for the schedule's own; use `Cron::comment` instead".to_owned()
        }
        Misplaced::Taken => {
            "the model writes a comment of its own at this place, so the emitter would drop this one; merge the two".to_owned()
        }
        Misplaced::FirstKeyOfItem { step: true } => {
            "a comment above the first key of a list item is written above the item's `-`, where a reader takes it for the step's own comment; use `Step::comment` instead".to_owned()
        }
        Misplaced::FirstKeyOfItem { step: false } => format!(
            "a comment above the first key of a list item is written above the item's `-`, where a reader takes it for the item's; insert it at `{}` instead",
            path.parent().unwrap_or_default()
        ),
        Misplaced::JoinedWithFirstKey => {
            "the comment above the item's first key is written above its `-` too, and a reader takes the two for one comment; keep one of them".to_owned()
        }
        Misplaced::AfterMapping { first_key } => format!(
            "a comment after a list item whose value is a mapping is not written (the mapping's first key stands on the `-` line); insert it after `{first_key}` instead"
        ),
    };
    Diagnostic::new(path.clone(), Problem::Unwritable { what: what.to_owned(), why })
}
