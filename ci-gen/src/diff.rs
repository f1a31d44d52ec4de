//! Unified diffs for `--check`, coloured on a terminal.

use similar::{ChangeTag, TextDiff};

/// A unified diff from `old` to `new` with 3 lines of context, headed
/// `--- a/<path>` / `+++ b/<path>`; with `color`, removed lines are red and
/// added lines green.
///
/// ```
/// let d = ci_gen::diff::unified("x.yml", "a\nb\n", "a\nc\n", false);
/// assert!(d.contains("-b\n+c\n"));
/// ```
pub fn unified(path: &str, old: &str, new: &str, color: bool) -> String {
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
                out.push_str(&format!("{c}{sign}{}{reset}\n", line.strip_suffix('\n').unwrap_or(line)));
                if !line.ends_with('\n') {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}
