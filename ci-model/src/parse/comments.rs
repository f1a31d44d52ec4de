//! Comments of a YAML file, and where they belong.
//!
//! yaml_serde drops comments, so this pass reads the text line by line,
//! following the block structure (mappings, sequences, including the
//! `key:`-then-`- item` form at one indentation), and records for each comment
//! the path of the node it sits above or trails. Lines it cannot follow (inside
//! flow collections, block scalars, multi-line quoted strings) are skipped; a
//! comment it cannot place is simply not attached.
//!
//! The model keeps the comments a reader cares most about: the file's header,
//! the comment above a job and above a step, and the trailing comment after
//! `uses:` (the version of a SHA pin) and after `cron:`.

use std::collections::BTreeMap;

use crate::{Path, SourceComments};

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
    /// How many comment lines the file has.
    pub(crate) lines: usize,
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
    path: Path,
    next_index: usize,
}

/// Skipping lines that belong to a scalar or a flow collection.
#[derive(Debug)]
enum Skip {
    None,
    /// Lines more indented than this (or blank) belong to a block or plain scalar.
    MoreThan(usize),
    /// Inside a flow collection or quoted scalar that spans lines.
    Until {
        depth: i32,
        quote: Option<char>,
    },
}

/// Reads the comments of `text`.
pub(crate) fn scan(text: &str) -> Comments {
    let mut c = Comments::default();
    let mut stack: Vec<Frame> = Vec::new();
    // A key whose value starts on a later line: (path, indent of the key).
    let mut open: Option<(Path, usize)> = Some((Path::root(), 0));
    let mut skip = Skip::None;
    let mut pending: Vec<String> = Vec::new();
    let mut seen_content = false;
    let mut header: Vec<String> = Vec::new();
    for raw in text.trim_start_matches('\u{feff}').split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        match &mut skip {
            Skip::MoreThan(n) => {
                if trimmed.is_empty() || indent > *n {
                    continue;
                }
                skip = Skip::None;
            }
            Skip::Until { depth, quote } => {
                let (d, q) = flow_balance(line, *depth, *quote);
                if d <= 0 && q.is_none() {
                    skip = Skip::None;
                } else {
                    *depth = d;
                    *quote = q;
                }
                continue;
            }
            Skip::None => {}
        }
        if trimmed.is_empty() {
            // Comment blocks before the first content line that a blank line
            // ends form the header (the emitter writes one after it).
            if !seen_content {
                header.append(&mut pending);
            }
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            c.lines += 1;
            pending.push(comment.strip_prefix(' ').unwrap_or(comment).trim_end().to_owned());
            continue;
        }
        if trimmed.starts_with("---") || trimmed.starts_with("...") || trimmed.starts_with('%') {
            continue;
        }
        // The block right above the first content line (no blank line
        // between) goes above the first node, as the emitter writes it.
        seen_content = true;
        // Sequence dashes, possibly several on one line (`- - a`).
        let mut col = indent;
        let mut rest = trimmed;
        let mut first_path: Option<Path> = None;
        while rest == "-" || rest.starts_with("- ") {
            while stack.last().is_some_and(|f| f.indent > col) {
                stack.pop();
            }
            let item = match stack.last_mut() {
                Some(f) if f.indent == col && f.kind == Kind::Seq => {
                    let p = f.path.index(f.next_index);
                    f.next_index += 1;
                    p
                }
                _ => {
                    let Some((parent, _)) = open.take() else { break };
                    stack.push(Frame { indent: col, kind: Kind::Seq, path: parent.clone(), next_index: 1 });
                    parent.index(0)
                }
            };
            first_path.get_or_insert_with(|| item.clone());
            let after = rest[1..].trim_start_matches(' ');
            col += rest.len() - after.len();
            rest = after;
            open = Some((item, col));
            if rest.is_empty() {
                break;
            }
        }
        let (content, trailing) = split_comment(rest);
        if trailing.is_some() {
            c.lines += 1;
        }
        if let Some((key, value)) = split_key(content) {
            // A key closes deeper blocks, and a sequence at its own indentation
            // (`key:` then `- item` at one indentation).
            while stack.last().is_some_and(|f| f.indent > col || (f.indent == col && f.kind == Kind::Seq)) {
                stack.pop();
            }
            let path = match stack.last() {
                Some(f) if f.indent == col && f.kind == Kind::Map => f.path.key(key),
                _ => {
                    let parent = match open.take() {
                        Some((p, _)) => p,
                        None => {
                            pending.clear();
                            continue;
                        }
                    };
                    stack.push(Frame { indent: col, kind: Kind::Map, path: parent.clone(), next_index: 0 });
                    parent.key(key)
                }
            };
            first_path.get_or_insert_with(|| path.clone());
            if let Some(t) = trailing {
                c.trailing.insert(path.clone(), t);
            }
            let value = value.trim();
            if value.is_empty() {
                open = Some((path, col));
            } else {
                open = None;
                skip = value_skip(value, col);
            }
        } else if !content.is_empty() {
            // A scalar item (`- value`) or a continuation we cannot follow.
            if let (Some(t), Some((item, _))) = (trailing, &open) {
                c.trailing.insert(item.clone(), t);
            }
            open = None;
            skip = value_skip(content, col.saturating_sub(1));
        }
        if let Some(p) = first_path
            && !pending.is_empty()
        {
            c.above.insert(p, pending.join("\n"));
        }
        pending.clear();
    }
    if !pending.is_empty() {
        c.footer = Some(pending.join("\n"));
    }
    if !header.is_empty() {
        c.header = Some(header.join("\n"));
    }
    c
}

/// What to skip after a value that starts on a key's line.
fn value_skip(value: &str, key_indent: usize) -> Skip {
    if value.starts_with('|') || value.starts_with('>') {
        return Skip::MoreThan(key_indent);
    }
    if value.starts_with('[') || value.starts_with('{') || value.starts_with('"') || value.starts_with('\'') {
        let (depth, quote) = flow_balance(value, 0, None);
        if depth > 0 || quote.is_some() {
            return Skip::Until { depth, quote };
        }
        return Skip::None;
    }
    // A plain scalar may continue on more indented lines.
    Skip::MoreThan(key_indent)
}

/// Tracks brackets and quotes across a line.
fn flow_balance(line: &str, mut depth: i32, mut quote: Option<char>) -> (i32, Option<char>) {
    let mut chars = line.chars().peekable();
    let mut prev = ' ';
    while let Some(ch) = chars.next() {
        match quote {
            Some('\'') => {
                if ch == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            Some(_) => {
                if ch == '\\' {
                    chars.next();
                } else if ch == '"' {
                    quote = None;
                }
            }
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                '#' if prev == ' ' || prev == '\t' => break,
                _ => {}
            },
        }
        prev = ch;
    }
    (depth, quote)
}

/// Splits `key: value` (the key plain or quoted); `None` when the line is not a
/// mapping entry.
fn split_key(s: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(q @ ('"' | '\'')) = s.chars().next() {
        let end = closing_quote(s, q)?;
        // The YAML reader decodes the quoted key (escapes, doubled quotes).
        let key: String = serde_yaml::from_str(&s[..=end]).ok()?;
        (key, &s[end + 1..])
    } else {
        let at = s.find(": ").or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
        if s.starts_with(['[', '{', '|', '>', '&', '*', '!', '?']) {
            return None;
        }
        (s[..at].trim_end().to_owned(), &s[at..])
    };
    let value = rest.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((key, value))
}

fn closing_quote(s: &str, q: char) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i] as char;
        if q == '"' && b == '\\' {
            i += 2;
            continue;
        }
        if b == q {
            if q == '\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Splits off a trailing ` # comment` that is outside quotes and brackets.
fn split_comment(s: &str) -> (&str, Option<String>) {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut prev = ' ';
    let mut chars = s.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match quote {
            // `''` is a quote inside a single-quoted string.
            Some('\'') if ch == '\'' => {
                if chars.peek().is_some_and(|(_, c)| *c == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            // A backslash escapes the next character (`\\` included).
            Some('"') if ch == '\\' => {
                chars.next();
            }
            Some('"') if ch == '"' => quote = None,
            Some(_) => {}
            None => match ch {
                // A quote starts a quoted scalar only where a scalar starts:
                // at the start, after a blank, or after a flow indicator inside
                // a flow collection (in `a{'b` it is part of a plain scalar).
                '\'' | '"' if i == 0 || prev == ' ' || prev == '\t' || (depth > 0 && "[{,:".contains(prev)) => {
                    quote = Some(ch)
                }
                '[' | '{' if i == 0 || prev == ' ' || depth > 0 => depth += 1,
                ']' | '}' if depth > 0 => depth -= 1,
                '#' if prev == ' ' || prev == '\t' => {
                    let comment = s[i + 1..].strip_prefix(' ').unwrap_or(&s[i + 1..]).trim_end().to_owned();
                    return (s[..i].trim_end(), Some(comment));
                }
                _ => {}
            },
        }
        prev = ch;
    }
    (s, None)
}

/// Puts comments into a parsed workflow: the header, the `comment` fields of
/// jobs and steps, the pin comments of `uses:` and `cron:`; every other placed
/// comment goes to [`SourceComments`] by path.
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
    wf.comments = SourceComments { above: c.above, trailing: c.trailing, footer: c.footer };
}

/// Puts comments into parsed action metadata (see [`apply_workflow`]).
pub(crate) fn apply_action(action: &mut crate::Action, mut c: Comments) {
    action.header = c.header.take();
    if let crate::Runs::Composite(runs) = &mut action.runs {
        apply_steps(&mut runs.steps, &Path::root().key("runs").key("steps"), &mut c);
    }
    action.comments = SourceComments { above: c.above, trailing: c.trailing, footer: c.footer };
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
        let c = scan(text);
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
    fn quoted_keys_and_nested_dashes() {
        let text = "'on': push\njobs:\n  a:\n    steps:\n      - - x\n      # c\n      - 'uses': y # z\nlist:\n- a\nafter: 1 # same indent as the list\n";
        let c = scan(text);
        assert_eq!(c.above.get(&p(&["jobs", "a", "steps", "1"])).map(String::as_str), Some("c"));
        assert_eq!(c.trailing.get(&p(&["jobs", "a", "steps", "1", "uses"])).map(String::as_str), Some("z"));
        assert_eq!(c.trailing.get(&p(&["after"])).map(String::as_str), Some("same indent as the list"));
    }
}
