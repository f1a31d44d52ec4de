//! Text to [`Yaml`], through yaml_serde, with GitHub's rules on top: duplicate
//! keys and `<<` merge keys are errors, anchors and aliases are expanded, keys
//! must be strings. Also [`locate`]: the line and column of a path.
//!
//! What a text may cost is bounded before and while it loads: its size
//! ([`MAX_INPUT_BYTES`]), its nesting depth and its tags (checked by
//! [`layout::scan`] before the loader runs), and the size it expands to
//! through anchors and aliases ([`MAX_LOADED_BYTES`]).

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::layout::{self, Comments};
use crate::diagnostic::{Diagnostic, Location, Problem};
use crate::path::{Path, Segment};
use crate::{Number, Scalar, Yaml};

/// The longest text read: 4 MiB, some forty times the largest workflows in
/// public repositories.
pub(crate) const MAX_INPUT_BYTES: usize = 4 << 20;

/// The most memory a loaded document may take, counted as the size of each
/// node plus the bytes of its text: 128 MiB. Without aliases a text of
/// [`MAX_INPUT_BYTES`] stays far below it; with aliases (`*x` repeats the
/// whole node anchored `&x`) a small file could otherwise expand without
/// bound.
pub(crate) const MAX_LOADED_BYTES: usize = 128 << 20;

/// What one node costs against [`MAX_LOADED_BYTES`] besides its text.
const NODE_BYTES: usize = std::mem::size_of::<Yaml>();

/// Prefix of the messages our visitors raise, so they can be told apart from
/// yaml_serde's own.
const OURS: &str = "\u{1}ci-model:";

/// Reads one YAML document and its comments. A byte-order mark, CRLF or CR
/// line ends, a `---` marker and a missing final newline are all fine.
#[allow(clippy::result_large_err)] // internal; the error is reported once
pub(crate) fn load(text: &str) -> Result<(Yaml, Comments), Diagnostic> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic {
            path: Path::root(),
            location: None,
            problem: Problem::TooLarge { bytes: text.len(), limit: MAX_INPUT_BYTES },
        });
    }
    let comments = layout::scan(text, false)?.comments;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = serde_yaml::Deserializer::from_str(text);
    let budget = Cell::new(MAX_LOADED_BYTES);
    match (Root { budget: &budget }).deserialize(de) {
        Ok(y) => Ok((y, comments)),
        Err(e) => Err(to_diagnostic(&e, text)),
    }
}

/// The text of `bytes`, or where it stops being UTF-8.
#[allow(clippy::result_large_err)] // internal; the error is reported once
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        // The prefix is valid by construction.
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
        Diagnostic {
            path: Path::root(),
            location: Some(layout::location_of(before, valid)),
            problem: Problem::NotUtf8 { byte: valid },
        }
    })
}

fn to_diagnostic(e: &serde_yaml::Error, text: &str) -> Diagnostic {
    let location = e.location().map(|l| Location { line: l.line(), column: l.column() });
    let raw = e.to_string();
    let (path, problem) = match raw.find(OURS) {
        Some(at) => {
            let ours = &raw[at + OURS.len()..];
            let ours = ours.split(" at line ").next().unwrap_or(ours);
            (path_prefix(&raw[..at]), decode(ours))
        }
        // yaml_serde's own guard: aliases followed more than a hundred
        // times per event of the document.
        None if raw.starts_with("repetition limit exceeded") => {
            (Path::root(), Problem::ExpansionTooLarge { limit: MAX_LOADED_BYTES })
        }
        None => {
            let (message, at) = special_syntax(&raw, text, location)
                .unwrap_or_else(|| (syntax_message(&raw, text, location), location));
            return Diagnostic { path: Path::root(), location: at, problem: Problem::Syntax(message) };
        }
    };
    Diagnostic { path, location, problem }
}

/// The loader's errors that need another message or another position than
/// the one it gives: a second document, a control character (reported by
/// byte offset), a key too long for YAML.
fn special_syntax(raw: &str, text: &str, at: Option<Location>) -> Option<(String, Option<Location>)> {
    if raw.contains("more than one document") {
        let second = second_document(text);
        let hint = "a workflow or action.yml holds one YAML document: remove the `---` line and what follows it, or move that to its own file";
        let message = match second {
            Some(_) => format!("a second YAML document starts here; {hint}"),
            None => format!(
                "the text holds more than one YAML document (after the first, more content follows that does not belong to it); {hint}"
            ),
        };
        return Some((message, second.or(at)));
    }
    if let Some(rest) = raw.split_once("control characters are not allowed at position ").map(|(_, r)| r) {
        let offset: usize = rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()?;
        let found = text.get(offset..).and_then(|t| t.chars().next());
        let what = found.map_or_else(
            || "a control character".to_owned(),
            |c| format!("the control character U+{:04X}", u32::from(c)),
        );
        let message = format!(
            "{what} is not allowed in YAML text; remove it, or write it as an escape (`\\u{:04X}`) in a double-quoted string",
            found.map_or(0, u32::from)
        );
        return Some((message, Some(layout::location_of(text, offset))));
    }
    let key_problem =
        raw.starts_with("mapping values are not allowed") || raw.starts_with("could not find expected ':'");
    if key_problem && let Some(at) = at {
        let line = layout::lines(text).nth(at.line.checked_sub(1)?)?;
        let key = line.trim_start_matches([' ', '-']);
        let key_chars = key.split(": ").next().unwrap_or(key).chars().count();
        if key_chars > 1024 {
            let column = line.chars().count() - key.chars().count() + 1;
            return Some((
                format!(
                    "this key is {key_chars} characters long; YAML allows at most 1024 characters in a key written as `key: value`: shorten it"
                ),
                Some(Location { line: at.line, column }),
            ));
        }
    }
    None
}

/// Where a `---` line starts a second document.
fn second_document(text: &str) -> Option<Location> {
    let mut content = false;
    for (i, line) in layout::lines(text.strip_prefix('\u{feff}').unwrap_or(text)).enumerate() {
        let marker = line.starts_with("---") && line.as_bytes().get(3).is_none_or(|b| *b == b' ' || *b == b'\t');
        if marker && content {
            return Some(Location { line: i + 1, column: 1 });
        }
        let t = line.trim_start();
        content |= !marker && !t.is_empty() && !t.starts_with('#') && !t.starts_with('%');
    }
    None
}

/// yaml_serde prefixes errors inside a document with `a.b[0]: `.
fn path_prefix(prefix: &str) -> Path {
    let prefix = prefix.trim_end().trim_end_matches(':');
    let mut path = Path::root();
    if prefix.is_empty() || prefix == "." {
        return path;
    }
    for part in prefix.split('.') {
        let mut rest = part;
        let key_end = rest.find('[').unwrap_or(rest.len());
        if key_end > 0 {
            path = path.key(&rest[..key_end]);
        }
        rest = &rest[key_end..];
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']').unwrap_or(stripped.len());
            if let Ok(i) = stripped[..close].parse() {
                path = path.index(i);
            }
            rest = stripped.get(close + 1..).unwrap_or("");
        }
    }
    path
}

/// yaml_serde's (libyaml's) message in the project's style: the problem, the
/// construct it was reading with where that starts (the error's own location
/// is reported separately), and what would fix the usual causes.
///
/// `did not find expected ',' or ']' at line 5 column 10, while parsing a flow
/// sequence at line 4 column 14` becomes `did not find expected ',' or ']'
/// while parsing a flow sequence that starts at 4:14; close the `[` with `]`
/// or separate the items with `,``.
fn syntax_message(raw: &str, text: &str, at: Option<Location>) -> String {
    let (problem, context) = match raw.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (raw, None),
    };
    let problem = problem.split(" at line ").next().unwrap_or(problem).trim();
    let mut out = problem.to_owned();
    // A context without a place ("while scanning for the next token") says
    // nothing more, so it is left out.
    if let Some((words, place)) = context.and_then(|c| c.split_once(" at line ")) {
        out.push_str(&format!(" while {words} that starts at {}", line_column(place)));
    }
    let found_tab = at.and_then(|l| char_at(text, l)) == Some('\t');
    let advice = if found_tab || problem.contains("tab character") {
        "; YAML is indented with spaces: replace the tabs"
    } else if problem.starts_with("did not find expected key") {
        "; check the indentation: the keys of one mapping start in the same column"
    } else if problem.starts_with("did not find expected '-' indicator") {
        "; check the indentation: the items of one sequence start in the same column"
    } else if problem.starts_with("did not find expected ',' or ']'") {
        "; close the `[` with `]` or separate the items with `,`"
    } else if problem.starts_with("did not find expected ',' or '}'") {
        "; close the `{` with `}` or separate the entries with `,`"
    } else if problem.starts_with("mapping values are not allowed") {
        "; quote a value that contains `: `, or check the indentation"
    } else if problem.starts_with("block sequence entries are not allowed") {
        "; check the indentation of the `-` item"
    } else if problem.starts_with("found character that cannot start any token") {
        "; quote a value that starts with `@` or a backtick"
    } else if problem.starts_with("found unexpected end of stream") && raw.contains("quoted scalar") {
        "; close the quote"
    } else if problem.starts_with("found unknown escape character") {
        "; in double quotes write a backslash as `\\\\`, or use single quotes"
    } else if problem.starts_with("could not find expected ':'") {
        "; a key ends with `: `; quote a value that spans lines"
    } else if problem.starts_with("found undefined alias") || problem.starts_with("unknown anchor") {
        "; define the anchor (`&name`) before the alias (`*name`)"
    } else if problem.starts_with("control characters are not allowed") {
        "; remove it, or write it as an escape in a double-quoted string"
    } else {
        ""
    };
    out.push_str(advice);
    out
}

/// `line 4 column 14` (and whatever follows) as `4:14`.
fn line_column(place: &str) -> String {
    let mut words = place.split_whitespace();
    let line = words.next().unwrap_or("?");
    let column = match (words.next(), words.next()) {
        (Some("column"), Some(c)) => c.trim_end_matches(|c: char| !c.is_ascii_digit()),
        _ => "?",
    };
    format!("{line}:{column}")
}

/// The character at a 1-based line and column.
fn char_at(text: &str, at: Location) -> Option<char> {
    let line = layout::lines(text).nth(at.line.checked_sub(1)?)?;
    line.chars().nth(at.column.checked_sub(1)?)
}

fn encode(p: &Problem) -> String {
    match p {
        Problem::DuplicateKey { key } => format!("{OURS}dup:{key}"),
        Problem::MergeKey => format!("{OURS}merge:"),
        Problem::NonStringKey { found } => format!("{OURS}key:{found}"),
        Problem::Tag { tag } => format!("{OURS}tag:{tag}"),
        Problem::ExpansionTooLarge { .. } => format!("{OURS}big:"),
        _ => format!("{OURS}seek:"),
    }
}

fn decode(s: &str) -> Problem {
    let (kind, arg) = s.split_once(':').unwrap_or((s, ""));
    match kind {
        "dup" => Problem::DuplicateKey { key: arg.to_owned() },
        "merge" => Problem::MergeKey,
        "key" => Problem::NonStringKey { found: arg.to_owned() },
        "tag" => Problem::Tag { tag: arg.to_owned() },
        "big" => Problem::ExpansionTooLarge { limit: MAX_LOADED_BYTES },
        _ => Problem::Syntax(s.to_owned()),
    }
}

fn ours<E: de::Error>(p: Problem) -> E {
    E::custom(encode(&p))
}

/// Takes `bytes` from what the document may still load.
fn charge<E: de::Error>(budget: &Cell<usize>, bytes: usize) -> Result<(), E> {
    match budget.get().checked_sub(bytes) {
        Some(left) => {
            budget.set(left);
            Ok(())
        }
        None => Err(ours(Problem::ExpansionTooLarge { limit: MAX_LOADED_BYTES })),
    }
}

#[derive(Clone, Copy)]
struct Root<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = Yaml;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(ValueVisitor { budget: self.budget })
    }
}

struct ValueVisitor<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Number(Number::from(v))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Number(Number::from(v))))
    }
    // Integers beyond 64 bits are numbers to GitHub's reader too (a double),
    // as YAML integers past 128 bits already are to the loader.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Number(Number::from(v as f64))))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Number(Number::from(v as f64))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Number(Number::from(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES + v.len())?;
        Ok(Yaml::Scalar(Scalar::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES + v.len())?;
        Ok(Yaml::Scalar(Scalar::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        charge(self.budget, NODE_BYTES)?;
        Ok(Yaml::Scalar(Scalar::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        charge(self.budget, NODE_BYTES)?;
        let root = Root { budget: self.budget };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(root)? {
            items.push(item);
        }
        Ok(Yaml::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        charge(self.budget, NODE_BYTES)?;
        let root = Root { budget: self.budget };
        let mut out = IndexMap::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { seen: &mut seen, budget: self.budget })? {
            let value = map.next_value_seed(root)?;
            out.insert(key, value);
        }
        Ok(Yaml::Map(out))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Yaml, A::Error> {
        let (tag, _variant): (String, _) = data.variant()?;
        Err(ours(Problem::Tag { tag: format!("!{tag}") }))
    }
}

struct KeySeed<'a> {
    seen: &'a mut HashSet<String>,
    budget: &'a Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if v == "<<" {
            return Err(ours(Problem::MergeKey));
        }
        // The key in the map and in the duplicate check.
        charge(self.budget, NODE_BYTES + 2 * v.len())?;
        if !self.seen.insert(v.to_owned()) {
            return Err(ours(Problem::DuplicateKey { key: v.to_owned() }));
        }
        Ok(v.to_owned())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the boolean `{v}`") }))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the number `{v}`") }))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the number `{v}`") }))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the number `{v}`") }))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the number `{v}`") }))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: format!("the number `{}`", Number::from(v).to_yaml()) }))
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: "null".to_owned() }))
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Err(ours(Problem::NonStringKey { found: "null".to_owned() }))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(ours(Problem::NonStringKey { found: "a sequence".to_owned() }))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(ours(Problem::NonStringKey { found: "a mapping".to_owned() }))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (tag, _variant): (String, _) = data.variant()?;
        Err(ours(Problem::Tag { tag: format!("!{tag}") }))
    }
}

/// The line and column of the node at `path` in `text` (of its key when
/// `at_key` is set), or `None` when the path is not there.
///
/// It re-reads the document, walks to the node and stops there: yaml_serde
/// then reports where it stopped. Errors are rare, so one pass per located
/// error is cheap.
pub(crate) fn locate(text: &str, path: &Path, at_key: bool) -> Option<Location> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = serde_yaml::Deserializer::from_str(text);
    let seek = Seek { rest: path.segments(), at_key };
    match seek.deserialize(de) {
        Ok(()) => None,
        Err(e) if e.to_string().contains(&format!("{OURS}seek:")) => {
            e.location().map(|l| Location { line: l.line(), column: l.column() })
        }
        Err(_) => None,
    }
}

struct Seek<'p> {
    rest: &'p [Segment],
    at_key: bool,
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

fn found<E: de::Error>() -> E {
    E::custom(format!("{OURS}seek:"))
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.rest.split_first() else {
            return Err(found());
        };
        let Segment::Index(want) = first else {
            return Ok(());
        };
        let mut i = 0;
        loop {
            if i == *want {
                return match seq.next_element_seed(Seek { rest, at_key: self.at_key })? {
                    Some(()) | None => Ok(()),
                };
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.rest.split_first() else {
            return Err(found());
        };
        let Segment::Key(want) = first else {
            return Ok(());
        };
        let stop_at_key = rest.is_empty() && self.at_key;
        while let Some(is_target) = map.next_key_seed(SeekKey { want, stop: stop_at_key })? {
            if is_target {
                return map.next_value_seed(Seek { rest, at_key: self.at_key });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

impl Seek<'_> {
    fn leaf<E: de::Error>(self) -> Result<(), E> {
        if self.rest.is_empty() { Err(found()) } else { Ok(()) }
    }
}

struct SeekKey<'w> {
    want: &'w str,
    stop: bool,
}

impl<'de> DeserializeSeed<'de> for SeekKey<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SeekKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if v == self.want {
            if self.stop {
                return Err(found());
            }
            return Ok(true);
        }
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match load(text) {
            Ok((y, _)) => panic!("expected an error, got {y:?}"),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn duplicate_keys_are_errors_with_their_position() {
        assert_eq!(
            err("jobs:\n  a: 1\n  a: 2\n"),
            "3:3: jobs: duplicate key `a`; a mapping may hold each key once [syntax]"
        );
    }

    #[test]
    fn merge_keys_are_errors() {
        let e = err("base: &b {x: 1}\njob:\n  <<: *b\n");
        assert!(e.starts_with("3:3: job: merge keys"), "{e}");
    }

    #[test]
    fn anchors_and_aliases_expand() {
        let (y, _) = load("a: &x [1, 2]\nb: *x\n").unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(y.get("a"), y.get("b"));
    }

    #[test]
    fn bom_crlf_marker_and_missing_newline_are_fine() {
        let (y, _) = load("\u{feff}---\r\nname: x\r\non: push").unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(y.get("on"), Some(&Yaml::from("push")));
    }

    #[test]
    fn locate_finds_values_and_keys() {
        let text = "on: push\njobs:\n  build:\n    steps:\n      - run: a\n      - {uses: x, with: {y: 1}}\n";
        let p = Path::root().key("jobs").key("build").key("steps").index(1).key("with").key("y");
        assert_eq!(locate(text, &p, false), Some(Location { line: 6, column: 29 }));
        assert_eq!(locate(text, &p, true), Some(Location { line: 6, column: 26 }));
        let job = Path::root().key("jobs").key("build");
        assert_eq!(locate(text, &job, true), Some(Location { line: 3, column: 3 }));
        assert_eq!(locate(text, &Path::root().key("nope"), false), None);
    }

    #[test]
    fn syntax_errors_carry_a_location() {
        let e = err("a: [1, 2\nb: 3\n");
        assert!(e.contains("[syntax]"), "{e}");
        assert!(e.starts_with(char::is_numeric), "{e}");
    }
}
