//! Unified diffs for `--check`, coloured on a terminal.

use std::borrow::Cow;

use similar::{ChangeTag, TextDiff};

use crate::escape::escape_controls;

/// A unified diff from `old` to `new` with 3 lines of context, headed
/// `--- a/<path>` / `+++ b/<path>`; with `color`, removed lines are red and
/// added lines green. The path and the lines are printed with their control
/// characters escaped ([`escape_controls`]; a tab stays a tab), so that
/// neither a file's name nor its bytes on disk can drive the terminal.
///
/// ```
/// let d = ci_gen::diff::unified("x.yml", "a\nb\n", "a\nc\n", false);
/// assert!(d.contains("-b\n+c\n"));
/// let d = ci_gen::diff::unified("x\u{1b}[2J\ny.yml", "a\u{1b}[31m\tb\r\n", "b\n", false);
/// assert!(d.starts_with("--- a/x\\u{1b}[2J\\u{a}y.yml\n+++ b/x\\u{1b}[2J\\u{a}y.yml\n"));
/// assert!(d.contains("\n-a\\u{1b}[31m\tb\\u{d}\n+b\n"), "{d}");
/// ```
pub fn unified(path: &str, old: &str, new: &str, color: bool) -> String {
    let path = escape_controls(path);
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let (red, green, cyan, bold, reset) =
        if color { ("\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "", "") };
    out.push_str(&format!("{bold}--- a/{path}{reset}\n{bold}+++ b/{path}{reset}\n"));
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "{cyan}@@ -{},{} +{},{} @@{reset}\n",
            old_range.start + 1,
            old_range.len(),
            new_range.start + 1,
            new_range.len()
        ));
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, c) = match change.tag() {
                    ChangeTag::Delete => ('-', red),
                    ChangeTag::Insert => ('+', green),
                    ChangeTag::Equal => (' ', ""),
                };
                let line = change.value();
                let reset = if c.is_empty() { "" } else { reset };
                let text = line.strip_suffix('\n').unwrap_or(line);
                out.push_str(&format!("{c}{sign}{}{reset}\n", escape_line(text)));
                if !line.ends_with('\n') {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// A line of a file as the diff prints it: [`escape_controls`] of every
/// part between tabs.
fn escape_line(line: &str) -> Cow<'_, str> {
    if !line.contains(|c: char| c != '\t' && (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(line.split('\t').map(escape_controls).collect::<Vec<_>>().join("\t"))
}
