//! GitHub's filter patterns: the globs of `branches`, `tags` and `paths`.
//!
//! The [filter pattern cheat sheet] defines the characters:
//!
//! - `*` matches zero or more characters, but not `/`;
//! - `**` matches zero or more of any character, and `**/` zero or more whole
//!   directories (so `docs/**/*.md` matches `docs/README.md` and
//!   `'**/README.md'` matches `README.md`);
//! - `?` matches zero or one of the preceding character (`'*.jsx?'` matches
//!   `page.js` and `page.jsx`);
//! - `+` matches one or more of the preceding character;
//! - `[]` matches one character listed in the brackets or in a range; ranges can
//!   only include `a-z`, `A-Z` and `0-9`;
//! - `\` makes the next character literal ("if a name contains any of these
//!   characters and you want a literal match, you need to escape each of these
//!   special characters with `\`");
//! - `!` at the start of a pattern negates it, and has no special meaning
//!   anywhere else. Patterns are checked in order: the last one that matches
//!   decides ([`Patterns::decide`]).
//!
//! Patterns match the whole name (or the whole path from the repository root),
//! case-sensitively. A `?` or `+` with nothing before it is a literal
//! character; a `?` after another quantifier changes nothing, and a `+` after
//! one is an error, as in the regular expressions GitHub translates the
//! patterns to.
//!
//! Matching runs a Thompson NFA over the compiled pattern: time is
//! proportional to the length of the name times the length of the pattern,
//! whatever the pattern (no backtracking, so `**a**a**a**b` against a long run
//! of `a`s is as fast as any other).
//!
//! [filter pattern cheat sheet]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet

use std::fmt;

/// A pattern GitHub would reject.
///
/// ```
/// use ci_model::simulate::{Pattern, PatternProblem};
///
/// let err = Pattern::new("v[0-9]+.[").unwrap_err();
/// assert_eq!((err.pattern.as_str(), err.position), ("v[0-9]+.[", 9));
/// assert_eq!(err.problem, PatternProblem::UnclosedBracket);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid filter pattern `{pattern}`: {problem} at character {position}")]
pub struct PatternError {
    /// The pattern as written (with its `!`, if any).
    pub pattern: String,
    /// 1-based character position of the problem.
    pub position: usize,
    /// What is wrong.
    pub problem: PatternProblem,
}

/// What is wrong with a pattern.
///
/// ```
/// use ci_model::simulate::{Pattern, PatternProblem};
///
/// assert_eq!(Pattern::new("[]").unwrap_err().problem, PatternProblem::EmptyBrackets);
/// assert_eq!(Pattern::new("[a-Z]").unwrap_err().problem, PatternProblem::BadRange('a', 'Z'));
/// assert_eq!(Pattern::new("a*+").unwrap_err().problem, PatternProblem::NestedQuantifier);
/// let err = Pattern::new("!").unwrap_err();
/// assert_eq!(err.to_string(), "invalid filter pattern `!`: `!` negates an empty pattern at character 1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternProblem {
    /// `[]` with nothing inside.
    EmptyBrackets,
    /// `[` without its `]`.
    UnclosedBracket,
    /// A character other than a letter or digit inside `[]`.
    BracketCharacter(char),
    /// A range other than within `a-z`, `A-Z` or `0-9`, or reversed.
    BadRange(char, char),
    /// `\` at the end of the pattern.
    TrailingEscape,
    /// `+` after `*`, `?`, `+` or `**` (a nested quantifier).
    NestedQuantifier,
    /// `!` with nothing after it.
    EmptyNegation,
}

impl fmt::Display for PatternProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternProblem::EmptyBrackets => f.write_str("`[]` lists no character"),
            PatternProblem::UnclosedBracket => f.write_str("`[` is not closed by `]`"),
            PatternProblem::BracketCharacter(c) => {
                write!(f, "`{c}` inside `[]` (only letters, digits and the ranges a-z, A-Z, 0-9 may be listed)")
            }
            PatternProblem::BadRange(a, b) => {
                write!(f, "the range `{a}-{b}` (ranges can only include a-z, A-Z and 0-9, in order)")
            }
            PatternProblem::TrailingEscape => f.write_str("`\\` escapes nothing"),
            PatternProblem::NestedQuantifier => f.write_str("`+` follows another wildcard or quantifier"),
            PatternProblem::EmptyNegation => f.write_str("`!` negates an empty pattern"),
        }
    }
}

/// What one step of the automaton accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CharSet {
    /// This character.
    Lit(char),
    /// Any character but `/` (`*`).
    NotSlash,
    /// Any character (`**`).
    Any,
    /// One of these inclusive ranges (`[a-c9]`).
    Class(Vec<(char, char)>),
}

impl CharSet {
    fn accepts(&self, c: char) -> bool {
        match self {
            CharSet::Lit(l) => *l == c,
            CharSet::NotSlash => c != '/',
            CharSet::Any => true,
            CharSet::Class(ranges) => ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi),
        }
    }
}

/// How often an element repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    One,
    ZeroOrOne,
    OneOrMore,
    ZeroOrMore,
}

/// One element of a pattern, before it becomes automaton states.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Element {
    /// A character set, repeated.
    Set(CharSet, Repeat),
    /// `**/`: nothing, or one or more characters ending in `/`.
    Dirs,
}

/// A state of the automaton.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Consume one character from the set, then go to the state.
    Step(CharSet, usize),
    /// Continue in both states.
    Split(usize, usize),
    /// The whole input matched.
    Accept,
}

/// One compiled filter pattern.
///
/// ```
/// use ci_model::simulate::Pattern;
///
/// let p = Pattern::new("docs/**/*.md").unwrap();
/// assert!(p.matches("docs/README.md"));
/// assert!(p.matches("docs/a/b/guide.md"));
/// assert!(!p.matches("docs/a/b/guide.txt"));
///
/// let semver = Pattern::new("v[12].[0-9]+.[0-9]+").unwrap();
/// assert!(semver.matches("v1.10.1"));
/// assert!(!semver.matches("v3.0.0"));
///
/// let negated = Pattern::new("!docs/**").unwrap();
/// assert!(negated.negated());
/// assert!(negated.matches("docs/x.md")); // matching ignores the `!`
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    negated: bool,
    states: Vec<State>,
    start: usize,
}

impl Pattern {
    /// Compiles a pattern as written in a filter (a leading `!` negates it).
    ///
    /// ```
    /// use ci_model::simulate::Pattern;
    ///
    /// let err = Pattern::new("release/[a-").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid filter pattern `release/[a-`: `[` is not closed by `]` at character 9");
    /// ```
    pub fn new(pattern: &str) -> Result<Pattern, PatternError> {
        let (negated, body, offset) = match pattern.strip_prefix('!') {
            Some(rest) => (true, rest, 1),
            None => (false, pattern, 0),
        };
        let fail = |position: usize, problem| PatternError { pattern: pattern.to_owned(), position, problem };
        if negated && body.is_empty() {
            return Err(fail(1, PatternProblem::EmptyNegation));
        }
        let elements = parse(body).map_err(|(at, problem)| fail(at + offset + 1, problem))?;
        let (states, start) = compile(&elements);
        Ok(Pattern { source: pattern.to_owned(), negated, states, start })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether it starts with `!`.
    pub fn negated(&self) -> bool {
        self.negated
    }

    /// Whether the whole of `name` matches (the `!` aside).
    ///
    /// ```
    /// # use ci_model::simulate::Pattern;
    /// let p = Pattern::new("docs/**/*.md").unwrap();
    /// assert!(p.matches("docs/README.md") && p.matches("docs/a/b/guide.md"));
    /// assert!(!p.matches("docs/logo.png"));
    /// // The `!` aside: a negated pattern matches the same names.
    /// assert!(Pattern::new("!docs/*").unwrap().matches("docs/a.md"));
    /// ```
    pub fn matches(&self, name: &str) -> bool {
        let mut current = Vec::with_capacity(self.states.len());
        let mut next = Vec::with_capacity(self.states.len());
        // `seen[s] == generation` marks a state already in the set being built.
        let mut seen = vec![0usize; self.states.len()];
        // The work list of `add`, kept across calls (one per state per character).
        let mut stack = Vec::new();
        let mut generation = 1;
        self.add(self.start, &mut current, &mut seen, generation, &mut stack);
        for c in name.chars() {
            if current.is_empty() {
                return false;
            }
            generation += 1;
            next.clear();
            for &s in &current {
                if let Some(State::Step(set, to)) = self.states.get(s)
                    && set.accepts(c)
                {
                    self.add(*to, &mut next, &mut seen, generation, &mut stack);
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current.iter().any(|&s| matches!(self.states.get(s), Some(State::Accept)))
    }

    /// Adds `state` and everything reachable from it without consuming a
    /// character.
    fn add(&self, state: usize, set: &mut Vec<usize>, seen: &mut [usize], generation: usize, stack: &mut Vec<usize>) {
        stack.clear();
        stack.push(state);
        while let Some(s) = stack.pop() {
            match seen.get_mut(s) {
                Some(mark) if *mark != generation => *mark = generation,
                _ => continue,
            }
            match self.states.get(s) {
                Some(State::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(_) => set.push(s),
                None => {}
            }
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Splits a pattern (without its `!`) into elements; errors carry the 0-based
/// character index.
fn parse(body: &str) -> Result<Vec<Element>, (usize, PatternProblem)> {
    let chars: Vec<char> = body.chars().collect();
    let mut out: Vec<Element> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                if chars.get(i + 2) == Some(&'/') {
                    out.push(Element::Dirs);
                    i += 3;
                } else {
                    out.push(Element::Set(CharSet::Any, Repeat::ZeroOrMore));
                    i += 2;
                }
            }
            '*' => {
                out.push(Element::Set(CharSet::NotSlash, Repeat::ZeroOrMore));
                i += 1;
            }
            '?' | '+' => {
                match out.last_mut() {
                    // Nothing precedes it: a literal character.
                    None => out.push(Element::Set(CharSet::Lit(c), Repeat::One)),
                    Some(Element::Set(_, repeat @ Repeat::One)) => {
                        *repeat = if c == '?' { Repeat::ZeroOrOne } else { Repeat::OneOrMore };
                    }
                    // `x*?`, `x+?`, `x??`: a lazy quantifier, which matches the
                    // same names.
                    Some(_) if c == '?' => {}
                    Some(_) => return Err((i, PatternProblem::NestedQuantifier)),
                }
                i += 1;
            }
            '[' => {
                let (class, end) = class(&chars, i)?;
                out.push(Element::Set(class, Repeat::One));
                i = end + 1;
            }
            '\\' => {
                let Some(&escaped) = chars.get(i + 1) else {
                    return Err((i, PatternProblem::TrailingEscape));
                };
                out.push(Element::Set(CharSet::Lit(escaped), Repeat::One));
                i += 2;
            }
            _ => {
                out.push(Element::Set(CharSet::Lit(c), Repeat::One));
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Reads `[...]` starting at `open`; returns the class and the index of `]`.
fn class(chars: &[char], open: usize) -> Result<(CharSet, usize), (usize, PatternProblem)> {
    let valid = |c: char| c.is_ascii_alphanumeric();
    let same_kind = |a: char, b: char| {
        (a.is_ascii_lowercase() && b.is_ascii_lowercase())
            || (a.is_ascii_uppercase() && b.is_ascii_uppercase())
            || (a.is_ascii_digit() && b.is_ascii_digit())
    };
    let mut ranges = Vec::new();
    let mut i = open + 1;
    if chars.get(i) == Some(&']') {
        return Err((open, PatternProblem::EmptyBrackets));
    }
    loop {
        match chars.get(i) {
            None => return Err((open, PatternProblem::UnclosedBracket)),
            Some(']') => return Ok((CharSet::Class(ranges), i)),
            Some(&lo) => {
                if !valid(lo) {
                    return Err((i, PatternProblem::BracketCharacter(lo)));
                }
                if chars.get(i + 1) == Some(&'-') {
                    match chars.get(i + 2) {
                        None => return Err((open, PatternProblem::UnclosedBracket)),
                        Some(&hi) if valid(hi) && same_kind(lo, hi) && lo <= hi => {
                            ranges.push((lo, hi));
                            i += 3;
                        }
                        Some(&hi) => return Err((i, PatternProblem::BadRange(lo, hi))),
                    }
                } else {
                    ranges.push((lo, lo));
                    i += 1;
                }
            }
        }
    }
}

/// Builds the automaton from the last element to the first, so each
/// element's states know where to continue; returns the states and the start.
fn compile(elements: &[Element]) -> (Vec<State>, usize) {
    let mut states = vec![State::Accept];
    let mut next = 0;
    let push = |states: &mut Vec<State>, s: State| {
        states.push(s);
        states.len() - 1
    };
    // A loop needs its split's index before the split's targets exist: push
    // a placeholder, then fill it in.
    let set = |states: &mut Vec<State>, at: usize, s: State| {
        if let Some(slot) = states.get_mut(at) {
            *slot = s;
        }
    };
    for element in elements.iter().rev() {
        next = match element {
            Element::Set(cs, Repeat::One) => push(&mut states, State::Step(cs.clone(), next)),
            Element::Set(cs, Repeat::ZeroOrOne) => {
                let step = push(&mut states, State::Step(cs.clone(), next));
                push(&mut states, State::Split(step, next))
            }
            Element::Set(cs, Repeat::OneOrMore) => {
                let split = push(&mut states, State::Accept);
                let step = push(&mut states, State::Step(cs.clone(), split));
                set(&mut states, split, State::Split(step, next));
                step
            }
            Element::Set(cs, Repeat::ZeroOrMore) => {
                let split = push(&mut states, State::Accept);
                let step = push(&mut states, State::Step(cs.clone(), split));
                set(&mut states, split, State::Split(step, next));
                split
            }
            Element::Dirs => {
                // (.+/)?: a character, any more, then `/`; or nothing.
                let slash = push(&mut states, State::Step(CharSet::Lit('/'), next));
                let more = push(&mut states, State::Accept);
                let first = push(&mut states, State::Step(CharSet::Any, more));
                set(&mut states, more, State::Split(first, slash));
                push(&mut states, State::Split(first, next))
            }
        };
    }
    (states, next)
}

/// The patterns of one filter, compiled, in order.
///
/// GitHub checks them sequentially: "a matching negative pattern (prefixed
/// with `!`) after a positive match will exclude the path; a matching
/// positive pattern after a negative match will include the path again"
/// ([`on.<push|pull_request|pull_request_target>.<paths|paths-ignore>`]).
///
/// ```
/// use ci_model::simulate::Patterns;
///
/// let p = Patterns::new(["*.md", "!README.md", "README*"]).unwrap();
/// assert!(p.includes("hello.md"));
/// assert!(p.includes("README.md")); // re-included by the last pattern
/// assert!(!p.includes("docs/hello.md")); // `*` does not match `/`
/// ```
///
/// [`on.<push|pull_request|pull_request_target>.<paths|paths-ignore>`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#onpushpull_requestpull_request_targetpathspaths-ignore
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patterns(Vec<Pattern>);

impl Patterns {
    /// Compiles each pattern; the first invalid one is the error.
    ///
    /// ```
    /// # use ci_model::simulate::Patterns;
    /// assert!(Patterns::new(["main", "release/**"]).is_ok());
    /// let err = Patterns::new(["main", "release/[", "x["]).unwrap_err();
    /// assert_eq!(err.pattern, "release/[");
    /// ```
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Result<Patterns, PatternError> {
        patterns.into_iter().map(|p| Pattern::new(p.as_ref())).collect::<Result<_, _>>().map(Patterns)
    }

    /// The patterns, in order.
    pub fn as_slice(&self) -> &[Pattern] {
        &self.0
    }

    /// The last pattern that matches `name`, which decides: `name` is in the
    /// set when it is a positive pattern, out of it when it is negated, and
    /// out of it when none matches.
    ///
    /// ```
    /// # use ci_model::simulate::Patterns;
    /// let p = Patterns::new(["src/**", "!src/vendor/**"]).unwrap();
    /// assert_eq!(p.decide("src/vendor/x.rs").map(|p| p.as_str()), Some("!src/vendor/**"));
    /// assert_eq!(p.decide("src/main.rs").map(|p| p.as_str()), Some("src/**"));
    /// assert!(p.decide("README.md").is_none());
    /// ```
    pub fn decide(&self, name: &str) -> Option<&Pattern> {
        self.0.iter().rev().find(|p| p.matches(name))
    }

    /// Whether `name` is in the set the patterns describe.
    ///
    /// ```
    /// # use ci_model::simulate::Patterns;
    /// let p = Patterns::new(["src/**", "!src/vendor/**"]).unwrap();
    /// assert!(p.includes("src/main.rs"));
    /// assert!(!p.includes("src/vendor/x.rs"));
    /// assert!(!p.includes("README.md"));
    /// ```
    pub fn includes(&self, name: &str) -> bool {
        self.decide(name).is_some_and(|p| !p.negated())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, name: &str) -> bool {
        Pattern::new(pattern).unwrap().matches(name)
    }

    #[test]
    fn star_does_not_cross_slashes() {
        // Cheat sheet: `feature/*` matches `feature/my-branch`; `'*'` matches
        // names without a slash.
        assert!(m("feature/*", "feature/my-branch"));
        assert!(!m("feature/*", "feature/beta-a/my-branch"));
        assert!(m("*", "main"));
        assert!(!m("*", "releases/v1"));
        assert!(m("*feature", "feature"));
        assert!(m("*feature", "ver-10-feature"));
        assert!(m("v2*", "v2"));
        assert!(m("v2*", "v2.9"));
        assert!(m("Octo*", "Octocat"));
        assert!(m("*.js", "app.js"));
        assert!(!m("*.js", "js/index.js"));
    }

    #[test]
    fn double_star_crosses_slashes() {
        assert!(m("feature/**", "feature/mona/the/octocat"));
        assert!(m("feature/**", "feature/your-branch"));
        assert!(m("**", "all/the/branches"));
        assert!(m("**", ""));
        assert!(m("**.js", "index.js"));
        assert!(m("**.js", "src/js/app.js"));
        assert!(m("docs/**", "docs/mona/octocat.txt"));
        assert!(!m("docs/**", "other/docs/x"));
    }

    #[test]
    fn double_star_slash_matches_zero_or_more_directories() {
        assert!(m("docs/**/*.md", "docs/README.md"));
        assert!(m("docs/**/*.md", "docs/mona/hello-world.md"));
        assert!(m("docs/**/*.md", "docs/a/markdown/file.md"));
        assert!(!m("docs/**/*.md", "docs/a/markdown/file.txt"));
        assert!(m("**/docs/**", "docs/hello.md"));
        assert!(m("**/docs/**", "dir/docs/my-file.txt"));
        assert!(m("**/docs/**", "space/docs/plan/space.doc"));
        assert!(m("**/README.md", "README.md"));
        assert!(m("**/README.md", "js/README.md"));
        assert!(!m("**/README.md", "js/NOTREADME.md"));
        assert!(m("**/*src/**", "a/src/app.js"));
        assert!(m("**/*src/**", "my-src/code/js/app.js"));
        assert!(m("**/*-post.md", "my-post.md"));
        assert!(m("**/*-post.md", "path/their-post.md"));
        assert!(m("**/migrate-*.sql", "migrate-10909.sql"));
        assert!(m("**/migrate-*.sql", "db/migrate-v1.0.sql"));
        assert!(m("**/migrate-*.sql", "db/sept/migrate-v1.sql"));
    }

    #[test]
    fn question_mark_is_zero_or_one_of_the_preceding_character() {
        assert!(m("*.jsx?", "page.js"));
        assert!(m("*.jsx?", "page.jsx"));
        assert!(!m("*.jsx?", "page.jsxx"));
        assert!(m("Octoc?t", "Octoct"));
        assert!(m("Octoc?t", "Octot"));
        assert!(!m("Octoc?t", "Octocct"));
        assert!(!m("Octoc?t", "Octocat"));
        // Nothing before it: a literal `?`.
        assert!(m("?x", "?x"));
        assert!(!m("?x", "x"));
        // After a wildcard: lazy, the same names.
        assert!(m("a*?", "abc"));
    }

    #[test]
    fn plus_is_one_or_more_of_the_preceding_character() {
        assert!(m("v[12].[0-9]+.[0-9]+", "v1.10.1"));
        assert!(m("v[12].[0-9]+.[0-9]+", "v2.0.0"));
        assert!(!m("v[12].[0-9]+.[0-9]+", "v2..0"));
        assert!(!m("v[12].[0-9]+.[0-9]+", "v3.0.0"));
        assert!(m("ab+c", "abbbc"));
        assert!(!m("ab+c", "ac"));
        assert!(m("+", "+"));
        assert_eq!(Pattern::new("a*+").unwrap_err().problem, PatternProblem::NestedQuantifier);
        assert_eq!(Pattern::new("a?+").unwrap_err().problem, PatternProblem::NestedQuantifier);
    }

    #[test]
    fn brackets_list_characters_and_ranges() {
        assert!(m("[CB]at", "Cat"));
        assert!(m("[CB]at", "Bat"));
        assert!(!m("[CB]at", "Rat"));
        assert!(m("[1-2]00", "100"));
        assert!(m("[1-2]00", "200"));
        assert!(!m("[1-2]00", "300"));
        assert!(m("[0-9a-z]", "q"));
        assert!(!m("[0-9a-z]", "Q"));
        assert!(m("release/v[0-9].[0-9]", "release/v1.2"));
        let problem = |p: &str| Pattern::new(p).unwrap_err().problem;
        assert_eq!(problem("a[]"), PatternProblem::EmptyBrackets);
        assert_eq!(problem("a[bc"), PatternProblem::UnclosedBracket);
        assert_eq!(problem("[a-Z]"), PatternProblem::BadRange('a', 'Z'));
        assert_eq!(problem("[9-0]"), PatternProblem::BadRange('9', '0'));
        assert_eq!(problem("[a_]"), PatternProblem::BracketCharacter('_'));
    }

    #[test]
    fn backslash_escapes_special_characters() {
        assert!(m(r"a\*b", "a*b"));
        assert!(!m(r"a\*b", "axb"));
        assert!(m(r"v1\+", "v1+"));
        assert!(m(r"\[x\]", "[x]"));
        assert!(m(r"\!important", "!important"));
        assert!(!Pattern::new(r"\!important").unwrap().negated());
        assert_eq!(Pattern::new(r"x\").unwrap_err().problem, PatternProblem::TrailingEscape);
    }

    #[test]
    fn bang_negates_only_at_the_start() {
        let p = Pattern::new("!docs/**").unwrap();
        assert!(p.negated());
        assert!(p.matches("docs/x"));
        assert!(m("a!b", "a!b"));
        assert_eq!(Pattern::new("!").unwrap_err().problem, PatternProblem::EmptyNegation);
    }

    #[test]
    fn patterns_match_whole_names_case_sensitively() {
        assert!(!m("main", "main2"));
        assert!(!m("main", "xmain"));
        assert!(!m("Main", "main"));
        assert!(m("releases/mona-the-octocat", "releases/mona-the-octocat"));
    }

    #[test]
    fn last_matching_pattern_decides() {
        // The cheat sheet's two examples.
        let p = Patterns::new(["*.md", "!README.md"]).unwrap();
        assert!(p.includes("hello.md"));
        assert!(!p.includes("README.md"));
        assert!(!p.includes("docs/hello.md"));
        let p = Patterns::new(["*.md", "!README.md", "README*"]).unwrap();
        assert!(p.includes("README.md"));
        assert!(p.includes("README.doc"));
        // The branches example: `releases/**` minus `releases/**-alpha`.
        let p = Patterns::new(["releases/**", "!releases/**-alpha"]).unwrap();
        assert!(p.includes("releases/10"));
        assert!(p.includes("releases/beta/mona"));
        assert!(!p.includes("releases/10-alpha"));
        assert!(!p.includes("releases/beta/3-alpha"));
        assert_eq!(p.decide("releases/10-alpha").map(Pattern::as_str), Some("!releases/**-alpha"));
        assert_eq!(p.decide("main"), None);
    }

    #[test]
    fn errors_name_the_pattern_and_position() {
        let e = Pattern::new("!v[1-]").unwrap_err();
        assert_eq!(e.position, 4);
        assert_eq!(
            e.to_string(),
            "invalid filter pattern `!v[1-]`: the range `1-]` (ranges can only include a-z, A-Z and 0-9, in order) at character 4"
        );
    }

    #[test]
    fn matching_is_linear_on_adversarial_patterns() {
        // A backtracking matcher takes exponential time here.
        let pattern = Pattern::new(&"**a".repeat(30)).unwrap();
        let name = "a".repeat(29) + &"b".repeat(5_000);
        let start = std::time::Instant::now();
        assert!(!pattern.matches(&name));
        let name = "a".repeat(10_000);
        assert!(pattern.matches(&name));
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "took {:?}", start.elapsed());
        let stars = Pattern::new(&"*x".repeat(100)).unwrap();
        assert!(!stars.matches(&("x".repeat(5_000) + "/")));
        assert!(stars.matches(&"x".repeat(5_000)));
    }
}
