//! `ci-gen fmt`: rewrite workflow and action files in canonical form.

use ci_model::{Diagnostic, Document, DocumentKind, ParseError, comment_lines, locate};

/// A file formatted: the canonical text, and what validation found in it.
#[derive(Debug)]
pub struct Formatted {
    /// The canonical YAML.
    pub text: String,
    /// The kind of document.
    pub kind: DocumentKind,
    /// Validation problems, located in the input.
    pub warnings: Vec<Diagnostic>,
    /// How many comment lines of the input the canonical form does not keep
    /// (it keeps the header, comments above jobs and steps, and the comment
    /// after `uses:` and `cron:`).
    pub dropped_comments: usize,
}

/// Parses `text` (as `kind`, or the kind its content shows) and returns its
/// canonical form. A parse error leaves nothing formatted.
///
/// ```
/// let f = ci_gen::fmt::format("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n    - run: echo hi\n", None).unwrap();
/// assert_eq!(f.text, "on: push\n\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi\n");
/// ```
pub fn format(text: &str, kind: Option<DocumentKind>) -> Result<Formatted, ParseError> {
    let doc = Document::parse(text, kind)?;
    let mut warnings = doc.validate();
    locate(text, &mut warnings);
    let dropped_comments = comment_lines(text).saturating_sub(doc.kept_comment_lines());
    Ok(Formatted { text: doc.to_yaml(), kind: doc.kind(), warnings, dropped_comments })
}

/// What [`ReadError::NotYaml`] says of its file.
const NOT_YAML: &str = "not a workflow or an action.yml (those end in .yml or .yaml); give `--kind workflow` or `--kind action` to read it anyway";

/// Why a file could not be read as YAML text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file, as printed.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not UTF-8 (the diagnostic says where).
    #[error("{path}:{diagnostic}")]
    NotUtf8 {
        /// The file, as printed.
        path: String,
        /// Where the text stops being UTF-8.
        diagnostic: Box<Diagnostic>,
    },
    /// The file's name says it is not YAML.
    #[error("{path} is {NOT_YAML}")]
    NotYaml {
        /// The file, as printed.
        path: String,
    },
}

impl ReadError {
    /// The message without the file's name (for a caller that prints it).
    ///
    /// ```
    /// use ci_gen::fmt::ReadError;
    ///
    /// let e = ReadError::NotYaml { path: "Cargo.toml".to_owned() };
    /// assert!(e.reason().starts_with("not a workflow or an action.yml"));
    /// ```
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io { source, .. } => source.to_string(),
            ReadError::NotUtf8 { diagnostic, .. } => diagnostic.to_string(),
            ReadError::NotYaml { .. } => NOT_YAML.to_owned(),
        }
    }
}

/// Reads `path` as the text of a workflow or action.yml: a name that does
/// not end in `.yml` or `.yaml` is refused unless `any_name` (the caller was
/// told what the file holds), and bytes that are not UTF-8 are refused with
/// their line and column.
///
/// ```
/// use ci_gen::fmt::{ReadError, read_yaml};
///
/// let dir = std::env::temp_dir().join(format!("ci-gen-read-yaml-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("ci.yml"), b"on: push\nname: caf\xe9\n").unwrap();
/// std::fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
/// let e = read_yaml(&dir.join("ci.yml"), false).unwrap_err();
/// assert!(e.to_string().ends_with("ci.yml:2:10: the file is not UTF-8 text: byte 18 starts an invalid sequence; save it as UTF-8 [syntax]"));
/// assert!(matches!(read_yaml(&dir.join("Cargo.toml"), false), Err(ReadError::NotYaml { .. })));
/// assert_eq!(read_yaml(&dir.join("Cargo.toml"), true).unwrap(), "[package]\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn read_yaml(path: &std::path::Path, any_name: bool) -> Result<String, ReadError> {
    let shown = || crate::escape::display_path(path).into_owned();
    let yaml_name = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
    if !any_name && !yaml_name {
        return Err(ReadError::NotYaml { path: shown() });
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io { path: shown(), source })?;
    // The text is checked once; only bytes that are not UTF-8 are read again,
    // for the line and column of the first bad one.
    String::from_utf8(bytes).map_err(|e| {
        let located = ci_model::text_from_bytes(e.as_bytes()).err().and_then(|p| p.into_diagnostics().pop());
        ReadError::NotUtf8 {
            path: shown(),
            diagnostic: Box::new(located.unwrap_or_else(|| Diagnostic {
                path: ci_model::Path::root(),
                location: None,
                problem: ci_model::Problem::NotUtf8 { byte: e.utf8_error().valid_up_to() },
            })),
        }
    })
}
