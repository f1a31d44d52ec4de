//! How one string is written: plain, single-quoted, double-quoted or as a
//! literal block.
//!
//! A plain scalar is used only when every YAML 1.1 and 1.2 reader gives back the
//! same string: `'true'`, `'on'`, `'3.10'`, `'0755'`, `'2026-01-14'`, `'*'` and
//! `'a: b'` are quoted; `ubuntu-latest`, `v4.2.2`, `${{ matrix.os }}` are not.

use std::borrow::Cow;

/// Where a scalar sits: flow collections (`[a, b]`) forbid more characters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Context {
    Block,
    Flow,
}

/// The bytes [`plain_ok`] must look at: ASCII controls and DEL (never
/// plain), `:` and `#` (`: ` and ` #` are never plain), and the flow
/// indicators.
const LOOK_CLOSER: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    let marks = b":#,[]{}";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether `s` may be written without quotes.
pub(crate) fn plain_ok(s: &str, cx: Context) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // Leading and trailing whitespace would be lost. Only ASCII whitespace
    // can be tested on a byte; other characters are tested below.
    if first.is_ascii_whitespace() || last.is_ascii_whitespace() {
        return false;
    }
    if (!first.is_ascii() && s.starts_with(char::is_whitespace))
        || (!last.is_ascii() && s.ends_with(char::is_whitespace))
    {
        return false;
    }
    // One pass for what may appear nowhere: characters only escapes can
    // write, line breaks and tabs, `: ` and ` #` (a mapping value and a
    // comment), and in flow context `,[]{}:`. A plain scalar also may not end
    // with `:`.
    // Every character looked for is ASCII, and in UTF-8 an ASCII byte is
    // always a whole character, so the pass goes over bytes; only a string
    // with other characters is also checked for those that need escapes.
    for (i, &b) in bytes.iter().enumerate() {
        // Most bytes are none of these; one table lookup skips them.
        if !LOOK_CLOSER[usize::from(b)] {
            continue;
        }
        let stop = match b {
            b':' => cx == Context::Flow || bytes.get(i + 1) == Some(&b' '),
            b'#' => i > 0 && bytes[i - 1] == b' ',
            b',' | b'[' | b']' | b'{' | b'}' => cx == Context::Flow,
            // ASCII control characters, `\n` and `\t` included, and DEL.
            _ => true,
        };
        if stop {
            return false;
        }
    }
    if !s.is_ascii() && s.chars().any(needs_escape) {
        return false;
    }
    if last == b':' {
        return false;
    }
    match first {
        // Indicators that may not start a plain scalar.
        b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@'
        | b'`' => return false,
        // `-x`, `?x` and `:x` are plain, but `-`, `- x`, `?` and `? x` are not.
        // In flow context libyaml reads a leading `?` or `:` as an indicator
        // whatever follows (`[?x]` is a mapping), so only `-x` stays plain.
        b'-' | b'?' | b':' => {
            if cx == Context::Flow && first != b'-' {
                return false;
            }
            match bytes.get(1) {
                None | Some(b' ') => return false,
                Some(b',' | b'[' | b']' | b'{' | b'}') if cx == Context::Flow => return false,
                _ => {}
            }
        }
        _ => {}
    }
    // Document markers at the start of a line.
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    !resolves_to_non_string(s)
}

/// Characters that only a double-quoted scalar can hold: every character a
/// YAML reader refuses in the stream (C0 and C1 controls, DEL, U+FFFE,
/// U+FFFF), every line break but `\n` (CR, NEL, LS and PS: a literal block or
/// a quoted scalar would turn them into `\n` or a space), and the BOM (a
/// reader drops it at the start of a line).
pub(crate) fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{feff}' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether a plain `s` would be read as something other than a string by a
/// YAML 1.2 (core schema) or YAML 1.1 reader.
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        // null
        "~", "null", "Null", "NULL", // YAML 1.2 booleans
        "true", "True", "TRUE", "false", "False", "FALSE", // YAML 1.1 booleans
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", // YAML 1.1 merge and value keys
        "<<", "=",
    ];
    // Every such scalar starts with one of these bytes; most strings do not.
    if !matches!(
        s.as_bytes().first(),
        Some(
            b'~' | b'n'
                | b'N'
                | b't'
                | b'T'
                | b'f'
                | b'F'
                | b'y'
                | b'Y'
                | b'o'
                | b'O'
                | b'<'
                | b'='
                | b'+'
                | b'-'
                | b'.'
                | b'0'..=b'9'
        )
    ) {
        return false;
    }
    // The longest word has five letters.
    if s.len() <= 5 && WORDS.contains(&s) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.eq_ignore_ascii_case(".inf") || body.eq_ignore_ascii_case(".nan") {
        return true;
    }
    // Anything that starts like a number and is made only of number-ish
    // characters is quoted: ints (decimal, 0x, 0o, 0b, 1.1 octal `0755`,
    // underscores, sexagesimal `1:30`), floats (`3.10`, `.5`, `1e3`), and
    // YAML 1.1 timestamps (`2026-01-14`, `2026-01-14 09:00:00`).
    let starts_numeric = body.starts_with(|c: char| c.is_ascii_digit())
        || (body.starts_with('.') && body[1..].starts_with(|c: char| c.is_ascii_digit()));
    if starts_numeric {
        let numberish = body.chars().all(|c| c.is_ascii_hexdigit() || "xXoO_.:+-".contains(c));
        if numberish {
            return true;
        }
        if looks_like_timestamp(body) {
            return true;
        }
    }
    false
}

fn looks_like_timestamp(s: &str) -> bool {
    // YAML 1.1: yyyy-mm-dd, optionally followed by [Tt ]hh:mm:ss[.frac][zone].
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    s.chars().all(|c| c.is_ascii_digit() || "-:.TtZz +".contains(c))
}

/// `s` in single quotes (`'` doubled).
fn write_single_quoted(out: &mut String, s: &str) {
    out.push('\'');
    for (i, piece) in s.split('\'').enumerate() {
        if i > 0 {
            out.push_str("''");
        }
        out.push_str(piece);
    }
    out.push('\'');
}

/// `s` in double quotes with escapes.
fn write_double_quoted(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => {
                let n = c as u32;
                // Writing to a `String` cannot fail.
                let _ = if n <= 0xff { write!(out, "\\x{n:02X}") } else { write!(out, "\\u{n:04X}") };
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// How a one-line string is written: plain; else in single quotes; else in
/// double quotes when the string holds characters only escapes can write, or
/// holds `'` but nothing a double-quoted string would have to escape
/// (`"github.ref == 'refs/heads/main'"` reads better than doubled quotes).
/// A plain string is borrowed: most scalars of a workflow are plain.
pub(crate) fn inline(s: &str, cx: Context) -> Cow<'_, str> {
    if plain_ok(s, cx) {
        Cow::Borrowed(s)
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        write_quoted(&mut out, s);
        Cow::Owned(out)
    }
}

/// [`inline`], written straight into `out`.
pub(crate) fn write_inline(out: &mut String, s: &str, cx: Context) {
    if plain_ok(s, cx) {
        out.push_str(s);
    } else {
        write_quoted(out, s);
    }
}

/// The quoted forms of [`inline`].
fn write_quoted(out: &mut String, s: &str) {
    if s.chars().any(|c| needs_escape(c) || c == '\n' || c == '\t' || c == '\u{a0}') {
        // Single quotes would fold a newline and keep a tab, but readers
        // differ on tabs; double quotes are exact.
        write_double_quoted(out, s);
    } else if s.contains('\'') && !s.contains(['"', '\\']) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        write_single_quoted(out, s);
    }
}

/// A multi-line string as a literal block: its header and its lines.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Literal<'s> {
    /// `|` with the indentation indicator (`2`, when the first line starts
    /// with a space) and the chomping indicator: `-` (no final newline),
    /// none (one), `+` (more).
    pub(crate) header: &'static str,
    /// The text without its final newlines.
    body: &'s str,
    /// Final newlines after the first, written as empty lines (`|+`).
    kept: usize,
}

impl<'s> Literal<'s> {
    /// The lines to write under the header, without their newlines.
    pub(crate) fn lines(&self) -> impl Iterator<Item = &'s str> + use<'s> {
        self.body.split('\n').chain(std::iter::repeat_n("", self.kept))
    }

    /// Whether the block keeps the empty lines after it as its own content.
    pub(crate) fn keeps_trailing_lines(&self) -> bool {
        self.header.ends_with('+')
    }
}

/// A literal block for a multi-line `s`, or `None` when a literal block cannot
/// hold it exactly without trailing whitespace (then it is double-quoted).
pub(crate) fn literal_block(s: &str) -> Option<Literal<'_>> {
    if !s.contains('\n') {
        return None;
    }
    // Only escapes can write control characters other than tab and newline
    // (and `\r`, which a reader would turn into a line break).
    let escapes = if s.is_ascii() {
        s.bytes().any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f)
    } else {
        s.chars().any(|c| needs_escape(c) || c == '\r')
    };
    if escapes {
        return None;
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    if body.is_empty() || body.split('\n').any(|l| l.ends_with([' ', '\t'])) {
        return None;
    }
    let first_content = body.split('\n').find(|l| !l.is_empty())?;
    let indented = match first_content.as_bytes().first() {
        Some(b'\t') => return None,
        Some(b' ') => true,
        _ => false,
    };
    let header = match (indented, trailing) {
        (false, 0) => "|-",
        (false, 1) => "|",
        (false, _) => "|+",
        (true, 0) => "|2-",
        (true, 1) => "|2",
        (true, _) => "|2+",
    };
    Some(Literal { header, body, kept: trailing.saturating_sub(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_every_reader_agrees() {
        for s in ["ubuntu-latest", "v4.2.2", "${{ matrix.os }}", "a:b", "-x", "apps/**", "3.11-dev", "ghcr.io"] {
            assert!(plain_ok(s, Context::Block), "{s}");
        }
        // Conservative: YAML 1.1's float pattern `[0-9.]*` admits these.
        assert!(!plain_ok("1.2.3", Context::Block));
    }

    #[test]
    fn quoted_where_a_reader_would_see_another_type() {
        for s in [
            "true",
            "on",
            "yes",
            "No",
            "~",
            "null",
            "3.10",
            "0755",
            "1_000",
            "0x1F",
            "1e3",
            ".5",
            "+1",
            "-1",
            "1:30",
            "2026-01-14",
            ".inf",
            "-.NaN",
            "<<",
            "=",
        ] {
            assert!(!plain_ok(s, Context::Block), "{s}");
        }
    }

    #[test]
    fn quoted_where_yaml_syntax_would_bite() {
        for s in [
            "", " a", "a ", "*", "**.md", "a: b", "a #b", "a:", "- a", "-", "? x", "&x", "!x", "%x", "@x", "`x", "'x",
            "\"x", "[x", "{x", "|", ">", "#x", "---", "...x",
        ] {
            assert!(!plain_ok(s, Context::Block), "{s:?}");
        }
        for s in ["a,b", "a[0]", "a:b", "{x}", "?x", ":x"] {
            assert!(!plain_ok(s, Context::Flow), "{s:?}");
        }
    }

    #[test]
    fn quote_styles() {
        assert_eq!(inline("it's", Context::Block), "it's");
        assert_eq!(inline("'x'", Context::Block), r#""'x'""#);
        assert_eq!(inline(r#"'x' "y""#, Context::Block), r#"'''x'' "y"'"#);
        assert_eq!(inline("a\tb", Context::Block), "\"a\\tb\"");
        assert_eq!(inline("bell\u{7}", Context::Block), "\"bell\\x07\"");
    }

    #[test]
    fn literal_blocks_choose_chomping_and_indentation() {
        let parts = |s| literal_block(s).map(|l| (l.header, l.lines().collect::<Vec<_>>()));
        assert_eq!(parts("a\nb\n"), Some(("|", vec!["a", "b"])));
        assert_eq!(parts("a\nb"), Some(("|-", vec!["a", "b"])));
        assert_eq!(parts("a\n\n\n"), Some(("|+", vec!["a", "", ""])));
        assert_eq!(parts("  indented\nx\n"), Some(("|2", vec!["  indented", "x"])));
        assert_eq!(parts("\n  indented\nx"), Some(("|2-", vec!["", "  indented", "x"])));
        assert_eq!(parts("\tindented\nx"), None);
        assert_eq!(parts("trailing \nspace"), None);
        assert_eq!(parts("\n\n"), None);
        assert_eq!(parts("cr\r\n"), None);
        assert_eq!(parts("bell\u{7}\nx"), None);
        assert_eq!(parts("caf\u{e9}\nx"), Some(("|-", vec!["caf\u{e9}", "x"])));
        assert!(parts("one line").is_none());
    }

    /// Whatever a reader refuses or reads as a line break other than `\n`
    /// is written with an escape: never plain, single-quoted or in a
    /// literal block.
    #[test]
    fn refused_characters_and_breaks_need_escapes() {
        use crate::comment::{is_break, is_refused};
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            if is_refused(c) || (is_break(c) && c != '\n') {
                assert!(needs_escape(c), "{c:?}");
                let s = format!("a{c}\nb");
                assert!(literal_block(&s).is_none(), "{c:?}");
                assert!(!plain_ok(&format!("a{c}"), Context::Block), "{c:?}");
                assert!(inline(&format!("a{c}"), Context::Block).starts_with('"'), "{c:?}");
            }
        }
        assert_eq!(inline("\u{fffe}\u{ffff}\u{7f}\u{9f}", Context::Block), "\"\\uFFFE\\uFFFF\\x7F\\x9F\"");
    }

    #[test]
    fn unicode_whitespace_at_the_ends_is_quoted() {
        assert!(!plain_ok("\u{3000}x", Context::Block));
        assert!(!plain_ok("x\u{2003}", Context::Block));
        assert!(plain_ok("caf\u{e9}", Context::Block));
    }
}
