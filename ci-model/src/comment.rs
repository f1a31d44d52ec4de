//! Comment text: where a YAML reader ends a line, which characters it refuses,
//! and how the emitter writes a comment so that it stays a comment.
//!
//! A YAML reader ends a line at LF, CR (alone or in CRLF), NEL (U+0085), LS
//! (U+2028) and PS (U+2029), and refuses anywhere in the stream every
//! character outside TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD
//! and 0x10000-0x10FFFF (C0 controls, DEL, C1 controls other than NEL,
//! U+FFFE and U+FFFF). A scalar can hold all of them through double-quote
//! escapes ([`style`](crate::emit::style)); a comment cannot hold a refused
//! character at all, and each line break in its text starts a new line of
//! YAML. So the emitter writes each line of a comment as its own `# ` line,
//! cuts a comment after a value at its first line break, and writes U+FFFD
//! for a refused character, whatever the model holds; validation refuses a
//! model whose comments would be changed that way.

/// What a comment may not hold: a character YAML refuses, or (in a comment
/// after a value, which has one line) a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// A character no YAML reader accepts.
    Refused(char),
    /// A line break.
    Break(char),
}

/// What the emitter writes for a character YAML refuses in a comment.
pub(crate) const REPLACEMENT: char = '\u{fffd}';

/// Whether a YAML reader refuses `c` anywhere in the stream.
pub(crate) fn is_refused(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{85}' => false,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => true,
        _ => false,
    }
}

/// Whether a YAML reader ends a line at `c`.
pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// What a byte may start: a line break (`\n`, `\r`, and the lead bytes of
/// NEL, LS and PS), a refused character (C0 controls but tab and the breaks,
/// DEL, and the lead bytes of C1 controls and of U+FFFE and U+FFFF). Every
/// other byte is neither, and one lookup says so.
const BREAK: u8 = 1;
const REFUSED: u8 = 2;
const CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = REFUSED;
        b += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = BREAK;
    t[b'\r' as usize] = BREAK;
    t[0x7f] = REFUSED;
    // U+0080-U+00BF: C1 controls, NEL.
    t[0xc2] = BREAK | REFUSED;
    // U+2000-U+2FFF: LS, PS.
    t[0xe2] = BREAK;
    // U+F000-U+FFFF: U+FFFE, U+FFFF.
    t[0xef] = REFUSED;
    t
};

/// The first flaw of `text` as comment text: a refused character, or with
/// `one_line` also a line break. Goes over bytes: every character looked
/// for is ASCII or starts with one of three lead bytes, so clean text is
/// checked without decoding it.
pub(crate) fn flaw(text: &str, one_line: bool) -> Option<Flaw> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if CLASS[usize::from(bytes[i])] == 0 {
            i += 1;
            continue;
        }
        // `text` is UTF-8 and a classed byte is ASCII or a lead byte, so a
        // character starts here.
        let c = text[i..].chars().next().unwrap_or(REPLACEMENT);
        if is_refused(c) {
            return Some(Flaw::Refused(c));
        }
        if one_line && is_break(c) {
            return Some(Flaw::Break(c));
        }
        i += c.len_utf8();
    }
    None
}

/// The length of the line break at the start of `bytes` (CRLF counts as one
/// break), or 0.
fn break_len(bytes: &[u8]) -> usize {
    match bytes {
        [b'\r', b'\n', ..] => 2,
        [b'\n' | b'\r', ..] => 1,
        [0xc2, 0x85, ..] => 2,
        [0xe2, 0x80, 0xa8 | 0xa9, ..] => 3,
        _ => 0,
    }
}

/// One line of comment text: the text before the first YAML line break, the
/// text after it (`None` when there is no break), and whether the line may
/// hold a character YAML refuses (`false` means it does not). One pass.
pub(crate) fn split_line(text: &str) -> (&str, Option<&str>, bool) {
    let bytes = text.as_bytes();
    let mut suspect = false;
    for (i, &b) in bytes.iter().enumerate() {
        let class = CLASS[usize::from(b)];
        if class == 0 {
            continue;
        }
        if class & BREAK != 0 {
            let n = break_len(&bytes[i..]);
            if n > 0 {
                // A break ends at a character boundary, so both slices are valid.
                return (&text[..i], Some(&text[i + n..]), suspect);
            }
        }
        suspect |= class & REFUSED != 0;
    }
    (text, None, suspect)
}

/// The lines of `text` split at every YAML line break, without the breaks.
/// Text with no break is one line; a final break gives a last, empty line.
pub(crate) fn lines(text: &str) -> Lines<'_> {
    Lines { rest: Some(text) }
}

/// Iterator of [`lines`].
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (line, rest, _) = split_line(self.rest?);
        self.rest = rest;
        Some(line)
    }
}

/// Appends one line of comment text (no breaks in it), without its trailing
/// whitespace, with U+FFFD for each character YAML refuses; `suspect` false
/// says that it holds none (see [`split_line`]).
pub(crate) fn push_line(out: &mut String, line: &str, suspect: bool) {
    let line = line.trim_end();
    if !suspect || flaw(line, false).is_none() {
        out.push_str(line);
    } else {
        out.extend(line.chars().map(|c| if is_refused(c) { REPLACEMENT } else { c }));
    }
}

/// A comment block as builders keep it: every line break as `\n`, no
/// whitespace at the end of a line (the emitter drops it, and a reader
/// trims it). Text already in that form is returned as it is.
pub(crate) fn normalise_block(text: String) -> String {
    let clean =
        lines(&text).all(|l| l.len() == l.trim_end().len()) && !text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']);
    if clean {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines(&text).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out
}

/// A comment after a value as builders keep it: without trailing whitespace.
/// A line break inside is kept (validation reports it: the comment has one
/// line).
pub(crate) fn normalise_line(mut text: String) -> String {
    let kept = text.trim_end().len();
    text.truncate(kept);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_every_yaml_break() {
        let split = |s| lines(s).collect::<Vec<_>>();
        assert_eq!(split("a"), ["a"]);
        assert_eq!(split(""), [""]);
        assert_eq!(split("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g"), ["a", "b", "c", "d", "e", "f", "g"]);
        assert_eq!(split("a\r\n"), ["a", ""]);
        assert_eq!(split("a\r\r\nb"), ["a", "", "b"]);
        // Other characters with the same lead bytes are not breaks.
        assert_eq!(split("\u{a9}\u{2026}\u{2030}"), ["\u{a9}\u{2026}\u{2030}"]);
        assert_eq!(split_line("x \r y"), ("x ", Some(" y"), false));
        assert_eq!(split_line("\u{7f}\u{85}"), ("\u{7f}", Some(""), true));
        assert_eq!(split_line("\u{a9}\u{2026}"), ("\u{a9}\u{2026}", None, true));
    }

    #[test]
    fn flaws_are_refused_characters_and_breaks_on_one_line() {
        assert_eq!(flaw("plain text, caf\u{e9} \u{2026} \u{fffd}\t", true), None);
        assert_eq!(flaw("a\nb\r\u{85}\u{2028}\u{2029}", false), None);
        assert_eq!(flaw("a\rb", true), Some(Flaw::Break('\r')));
        assert_eq!(flaw("a\u{2029}", true), Some(Flaw::Break('\u{2029}')));
        for c in ['\0', '\u{7}', '\u{b}', '\u{1b}', '\u{7f}', '\u{80}', '\u{86}', '\u{9f}', '\u{fffe}', '\u{ffff}'] {
            assert_eq!(flaw(&format!("x{c}y"), false), Some(Flaw::Refused(c)), "{c:?}");
        }
        // BOM, NBSP and characters beyond the BMP are fine in a comment.
        assert_eq!(flaw("\u{feff}\u{a0}\u{10000}\u{10ffff}\u{e000}\u{fffd}", true), None);
    }

    #[test]
    fn refused_characters_are_replaced() {
        let mut out = String::new();
        push_line(&mut out, "a\u{7f}b\u{ffff}c \t", true);
        assert_eq!(out, "a\u{fffd}b\u{fffd}c");
    }

    #[test]
    fn builders_keep_one_kind_of_break_and_no_trailing_whitespace() {
        assert_eq!(normalise_block("a \r\nb\rc\u{85}d\u{2028}e\u{2029}f\t".to_owned()), "a\nb\nc\nd\ne\nf");
        assert_eq!(normalise_block("kept\n\nas is".to_owned()), "kept\n\nas is");
        assert_eq!(normalise_line("v4 \u{3000}".to_owned()), "v4");
        assert_eq!(normalise_line("a\rb".to_owned()), "a\rb");
    }
}
