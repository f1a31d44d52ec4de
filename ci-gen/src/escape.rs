//! Printing text that came from outside (file names, paths, values typed on
//! the command line) so that it cannot move the cursor, recolour the terminal
//! or forge a line of output.

use std::borrow::Cow;
use std::path::Path;

/// `text` with every control character (C0, DEL, C1) and the line and
/// paragraph separators U+2028 and U+2029 written as `\u{..}`, so that a
/// name cannot move the cursor, recolour the terminal or break a line.
///
/// ```
/// use ci_gen::escape::escape_controls;
///
/// assert_eq!(escape_controls("docs/guide.md"), "docs/guide.md");
/// assert_eq!(escape_controls("a\x1b[31mb\nc\u{85}d\u{2028}"), "a\\u{1b}[31mb\\u{a}c\\u{85}d\\u{2028}");
/// assert_eq!(escape_controls("\u{7f}é"), "\\u{7f}é");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            s.extend(c.escape_unicode());
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

/// A path given by the user, as ci-gen prints it: [`escape_controls`] of its
/// text (bytes that are not UTF-8 become U+FFFD).
///
/// ```
/// use std::path::Path;
/// use ci_gen::escape::display_path;
///
/// assert_eq!(display_path("docs/a\u{7}.md"), "docs/a\\u{7}.md");
/// assert_eq!(display_path(Path::new("/tmp/x\ny")), "/tmp/x\\u{a}y");
/// ```
pub fn display_path<P: AsRef<Path> + ?Sized>(path: &P) -> Cow<'_, str> {
    match path.as_ref().to_string_lossy() {
        Cow::Borrowed(s) => escape_controls(s),
        Cow::Owned(s) => Cow::Owned(escape_controls(&s).into_owned()),
    }
}
