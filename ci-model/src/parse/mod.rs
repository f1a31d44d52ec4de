//! Reading YAML into the model: [`load`] turns text into [`Yaml`] with GitHub's
//! YAML rules, [`raise`] turns that into model values, and [`locate`] maps a
//! path back to a line and column for messages.

mod document;
pub(crate) mod layout;
pub(crate) mod load;
mod methods;
mod model;
pub(crate) mod raise;
mod records;

pub use document::comment_lines;

use std::fmt;

use crate::diagnostic::{Diagnostic, Location, Problem};
use crate::{Path, Scalar, Yaml};
use raise::Cx;

/// A file that could not be read into the model: every problem found, each
/// with its path and, where known, line and column.
///
/// ```
/// use ci_model::Workflow;
///
/// let err = Workflow::parse("on: push\njobs:\n  a: {runs-on: x}\n  a: {runs-on: y}\n").unwrap_err();
/// assert_eq!(err.diagnostics().len(), 1);
/// assert_eq!(err.diagnostics()[0].rule(), "syntax");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", Listing(.diagnostics))]
pub struct ParseError {
    diagnostics: Vec<Diagnostic>,
}

impl ParseError {
    /// The problems, in document order of discovery.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    continue-on-error: maybe\n";
    /// let err = Workflow::parse(text).unwrap_err();
    /// let paths: Vec<String> = err.diagnostics().iter().map(|d| d.path.to_string()).collect();
    /// assert_eq!(paths, ["jobs.a.timeout-minutes", "jobs.a.continue-on-error"]);
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the problems.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

struct Listing<'a>(&'a [Diagnostic]);

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Loads `text` and raises it with `raise`, locating every problem; gives
/// the value and the comments of the text.
pub(crate) fn document<T>(
    text: &str,
    what: &str,
    raise: impl FnOnce(&Yaml, &Path, &mut Cx) -> Option<T>,
) -> Result<(T, layout::Comments), ParseError> {
    let (yaml, comments) = load::load(text).map_err(|d| ParseError { diagnostics: vec![d] })?;
    let mut cx = Cx::default();
    let value = match &yaml {
        Yaml::Scalar(Scalar::Null) => {
            cx.error(&Path::root(), Problem::Empty { expected: what.to_owned() });
            None
        }
        Yaml::Map(_) => raise(&yaml, &Path::root(), &mut cx),
        other => {
            cx.wrong_type(&Path::root(), what, other);
            None
        }
    };
    match value {
        Some(v) if cx.diags.is_empty() => Ok((v, comments)),
        _ => {
            let mut diagnostics = cx.diags;
            locate(text, &mut diagnostics);
            Err(ParseError { diagnostics })
        }
    }
}

/// The text of a file's bytes, or a located error where they stop being
/// UTF-8 (GitHub reads workflows as UTF-8).
///
/// ```
/// use ci_model::text_from_bytes;
///
/// assert_eq!(text_from_bytes(b"on: push\n").unwrap(), "on: push\n");
/// let err = text_from_bytes(b"on: push\nname: caf\xe9\n").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "2:10: the file is not UTF-8 text: byte 18 starts an invalid sequence; save it as UTF-8 [syntax]"
/// );
/// ```
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, ParseError> {
    load::utf8(bytes).map_err(|d| ParseError { diagnostics: vec![d] })
}

/// How many bytes of text [`locate`] may re-read to place diagnostics that
/// the layout scan cannot (inside flow collections, after aliases); past
/// that a diagnostic takes the position of its nearest placed ancestor, so
/// locating any number of diagnostics costs time linear in the text.
const REREAD_BYTES: usize = 2 << 20;

/// Fills in the line and column of each diagnostic from the text it was found
/// in (an unknown or shadowed key, or a misspelling of a missing one, points at
/// the key; anything else at the value).
///
/// One scan of the text places every node that starts a block line; a node
/// inside a flow collection is found by re-reading the text up to it, for at
/// most a few times the size of the text in all.
///
/// ```
/// use ci_model::{locate, Workflow};
///
/// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    step: []\n";
/// let wf = Workflow::parse(text).unwrap();
/// let mut problems = wf.validate();
/// locate(text, &mut problems);
/// assert!(problems[0].to_string().starts_with("5:5: jobs.a: unknown key `step`"));
/// ```
pub fn locate(text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.location.is_some()) || text.len() > load::MAX_INPUT_BYTES {
        return;
    }
    let Ok(layout) = layout::scan(text, true) else { return };
    let positions = layout.positions;
    let mut reread_left = REREAD_BYTES;
    let mut reread = |path: &Path, at_key: bool| {
        if reread_left < text.len() {
            return None;
        }
        reread_left -= text.len();
        load::locate(text, path, at_key)
    };
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let (path, at_key) = match &d.problem {
            Problem::UnknownKey { key, .. }
            | Problem::ShadowedKey { key }
            | Problem::SchemaOnlyKey { key }
            | Problem::MissingKey { found: Some(key), .. }
            | Problem::NoStepBody { found: Some(key), .. } => (d.path.key(key), true),
            // The path ends at the name written: point at it, not its value.
            Problem::UnknownInput { .. } | Problem::UnknownSecret { .. } | Problem::DeprecatedInput { .. } => {
                (d.path.clone(), true)
            }
            _ => (d.path.clone(), false),
        };
        d.location = positions.get(&path, at_key).or_else(|| reread(&path, at_key)).or_else(|| {
            // Fall back to the nearest ancestor that is in the text.
            let mut p = path.parent();
            while let Some(q) = p {
                if let Some(l) = positions.get(&q, false).or_else(|| reread(&q, false)) {
                    return Some(l);
                }
                p = q.parent();
            }
            None
        });
    }
}

/// Where the nodes of one YAML text are, for tools that point at a path in
/// a file without a problem to report (a review of changes, an editor): the
/// line and column of a key or of its value.
///
/// ```
/// use ci_model::{NodePositions, Path};
///
/// let text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
/// let positions = NodePositions::new(text);
/// let job = Path::root().key("jobs").key("build");
/// assert_eq!(positions.key(&job).map(|l| (l.line, l.column)), Some((3, 3)));
/// assert_eq!(positions.value(&job.key("runs-on")).map(|l| l.line), Some(4));
/// assert_eq!(positions.key(&Path::root().key("nothing")), None);
/// ```
#[derive(Debug)]
pub struct NodePositions<'a> {
    text: &'a str,
    layout: Option<layout::Layout>,
}

impl<'a> NodePositions<'a> {
    /// Scans `text` once (nothing is found in a text the parser would refuse
    /// as too large or too deep).
    ///
    /// ```
    /// # use ci_model::{NodePositions, Path};
    /// let deep = format!("a: {}1{}\n", "[".repeat(1000), "]".repeat(1000));
    /// assert_eq!(NodePositions::new(&deep).value(&Path::root().key("a")), None);
    /// ```
    pub fn new(text: &'a str) -> Self {
        let layout = (text.len() <= load::MAX_INPUT_BYTES).then(|| layout::scan(text, true).ok()).flatten();
        NodePositions { text, layout }
    }

    /// Where the key that holds `path` starts (for an item of a list, the
    /// item).
    ///
    /// ```
    /// # use ci_model::{NodePositions, Path};
    /// let text = "jobs:\n  a:\n    steps:\n      - run: make\n";
    /// let step = Path::root().key("jobs").key("a").key("steps").index(0);
    /// assert_eq!(NodePositions::new(text).key(&step).map(|l| (l.line, l.column)), Some((4, 9)));
    /// ```
    pub fn key(&self, path: &Path) -> Option<Location> {
        self.find(path, true)
    }

    /// Where the value at `path` starts.
    ///
    /// ```
    /// # use ci_model::{NodePositions, Path};
    /// let text = "on: push\njobs: {a: {runs-on: x}}\n";
    /// let runs_on = Path::root().key("jobs").key("a").key("runs-on");
    /// assert_eq!(NodePositions::new(text).value(&runs_on).map(|l| (l.line, l.column)), Some((2, 21)));
    /// ```
    pub fn value(&self, path: &Path) -> Option<Location> {
        self.find(path, false)
    }

    fn find(&self, path: &Path, at_key: bool) -> Option<Location> {
        let layout = self.layout.as_ref()?;
        layout.positions.get(path, at_key).or_else(|| load::locate(self.text, path, at_key))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Every YAML file this checkout can read: the catalogs, the generated
    /// files, and the shared corpus when it sits beside the workspace.
    fn files() -> Vec<PathBuf> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        let mut dirs = vec![
            root.join("tests/catalog/bad"),
            root.join("tests/catalog/good"),
            root.join(".github/workflows"),
            root.join("../shared/corpus"),
        ];
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    fn walk(y: &Yaml, at: &Path, out: &mut Vec<(Path, bool)>) {
        out.push((at.clone(), false));
        match y {
            Yaml::Map(m) => {
                for (k, v) in m {
                    let p = at.key(k.as_str());
                    out.push((p.clone(), true));
                    walk(v, &p, out);
                }
            }
            Yaml::Seq(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &at.index(i), out);
                }
            }
            Yaml::Scalar(_) => {}
        }
    }

    /// The one-pass positions agree with re-reading the text for every node
    /// they place, in every file at hand.
    #[test]
    fn layout_positions_agree_with_the_loader() {
        let files = files();
        assert!(files.len() > 50, "found only {} files", files.len());
        let (mut placed, mut total, mut wrong) = (0, 0, Vec::new());
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            let Ok((yaml, _)) = load::load(&text) else { continue };
            let Ok(layout) = layout::scan(&text, true) else { continue };
            let mut paths = Vec::new();
            walk(&yaml, &Path::root(), &mut paths);
            // Re-reading costs a pass per node; every twentieth node (a
            // different one in each file) keeps the test quick.
            for (i, (path, at_key)) in paths.into_iter().enumerate() {
                total += 1;
                if let Some(ours) = layout.positions.get(&path, at_key) {
                    placed += 1;
                    if (i + file.as_os_str().len()) % 20 != 0 {
                        continue;
                    }
                    let theirs = load::locate(&text, &path, at_key);
                    if theirs != Some(ours) {
                        wrong.push(format!("{}: {path} (key: {at_key}): {ours} vs {theirs:?}", file.display()));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{} of the placed nodes differ:\n{}", wrong.len(), wrong.join("\n"));
        // Most nodes start on a block line.
        assert!(placed * 10 > total * 7, "placed {placed} of {total}");
    }
}
