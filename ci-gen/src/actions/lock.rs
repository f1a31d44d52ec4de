//! The lock of pinned actions: per action its repository (and folder), the
//! tag the pin stands for, the commit, and the facts of its `action.yml` that
//! the bindings are generated from. Facts only: names, whether an input is
//! required or deprecated, defaults, outputs and how the action runs; no
//! description or other prose of the action is kept.
//!
//! The file is JSON, written by [`Lock::to_json`] in one layout so that the
//! same lock is always the same bytes and a change is a small diff: two-space
//! indentation, actions sorted by name, keys in a fixed order, one input per
//! line, the outputs on one line.
//!
//! ```json
//! {
//!   "lock": 1,
//!   "actions": [
//!     {
//!       "action": "actions/cache",
//!       "tag": "v5.0.2",
//!       "commit": "0123456789abcdef0123456789abcdef01234567",
//!       "runs": { "using": "node24" },
//!       "inputs": [
//!         { "name": "path", "required": true },
//!         { "name": "lookup-only", "default": "false" },
//!         { "name": "save-always", "default": false, "deprecated": true }
//!       ],
//!       "outputs": ["cache-hit"]
//!     }
//!   ]
//! }
//! ```
//!
//! A default keeps the type YAML gave it (a string, a boolean or a number),
//! since the binding types an input by it; `required` is what GitHub reads
//! (`true` or `'true'`); keys that are false or absent are left out.

use ci_model::{Action, Number, Scalar};
use serde_json::Value;

/// The version of the format, the value of the `"lock"` key.
pub const FORMAT: u64 = 1;

/// The facts of one input.
///
/// ```
/// use ci_gen::actions::lock::InputFacts;
///
/// let input = InputFacts { name: "path".into(), required: true, default: None, deprecated: false };
/// assert!(input.required);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct InputFacts {
    /// The name in `with:`.
    pub name: String,
    /// `required: true` (or `'true'`).
    pub required: bool,
    /// The default, with the type YAML gave it; `None` when there is none or it is null.
    pub default: Option<Scalar>,
    /// The action gives a `deprecationMessage` (its text is not kept).
    pub deprecated: bool,
}

/// One pinned action and the facts its binding is generated from.
///
/// ```
/// use ci_gen::actions::lock::Locked;
/// use ci_model::Action;
///
/// let action = Action::parse("name: x\ndescription: y\ninputs:\n  who:\n    required: true\n    description: z\nruns:\n  using: node24\n  main: index.js\n").unwrap();
/// let locked = Locked::from_action("o/r", "v1.0.0", "0123456789abcdef0123456789abcdef01234567", &action);
/// assert_eq!(locked.inputs[0].name, "who");
/// assert_eq!(locked.runs, ("using".to_owned(), "node24".to_owned()));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Locked {
    /// `owner/repo` or `owner/repo/path`, as written in `uses:`.
    pub action: String,
    /// The tag the pin stands for (the comment after `uses:`).
    pub tag: String,
    /// The 40-hex commit.
    pub commit: String,
    /// The key of `runs:` that says how the action runs, and its value (`using`, `node24`).
    pub runs: (String, String),
    /// The inputs, in written order.
    pub inputs: Vec<InputFacts>,
    /// The outputs, in written order.
    pub outputs: Vec<String>,
}

impl Locked {
    /// The facts of `action` (a parsed `action.yml`) pinned at `tag` and `commit`.
    ///
    /// ```
    /// use ci_gen::actions::lock::Locked;
    /// use ci_model::Action;
    ///
    /// let action = Action::parse("name: x\ndescription: y\nruns:\n  using: composite\n  steps: []\n").unwrap();
    /// let locked = Locked::from_action("o/r/sub", "v2", "0123456789abcdef0123456789abcdef01234567", &action);
    /// assert!(locked.inputs.is_empty() && locked.outputs.is_empty());
    /// assert_eq!(locked.repository(), "o/r");
    /// ```
    pub fn from_action(name: &str, tag: &str, commit: &str, action: &Action) -> Self {
        let inputs = action
            .inputs
            .iter()
            .flatten()
            .map(|(name, input)| InputFacts {
                name: name.clone(),
                required: input.is_required(),
                default: input.default.clone().filter(|d| *d != Scalar::Null),
                deprecated: input.deprecation_message.is_some(),
            })
            .collect();
        let outputs = action.outputs.iter().flat_map(|o| o.keys()).cloned().collect();
        let (key, value) = action.runs.chosen_by();
        Locked {
            action: name.to_owned(),
            tag: tag.to_owned(),
            commit: commit.to_owned(),
            runs: (key.to_owned(), value.into_owned()),
            inputs,
            outputs,
        }
    }

    /// `owner/repo`, without the folder.
    ///
    /// ```
    /// # use ci_gen::actions::lock::Locked;
    /// # let action = ci_model::Action::parse("name: x\ndescription: y\nruns:\n  using: node24\n  main: a.js\n").unwrap();
    /// let locked = Locked::from_action("yamadashy/repomix/.github/actions/repomix", "v1", &"0".repeat(40), &action);
    /// assert_eq!(locked.repository(), "yamadashy/repomix");
    /// assert_eq!(locked.path(), Some(".github/actions/repomix"));
    /// ```
    pub fn repository(&self) -> &str {
        split_action(&self.action).0
    }

    /// The folder inside the repository, if the action is not at its root.
    ///
    /// ```
    /// # use ci_gen::actions::lock::Locked;
    /// # let action = ci_model::Action::parse("name: x\ndescription: y\nruns:\n  using: node24\n  main: a.js\n").unwrap();
    /// assert_eq!(Locked::from_action("o/r", "v1", &"0".repeat(40), &action).path(), None);
    /// ```
    pub fn path(&self) -> Option<&str> {
        split_action(&self.action).1
    }
}

/// `owner/repo` and the folder after it, if any.
pub(crate) fn split_action(action: &str) -> (&str, Option<&str>) {
    let mut slashes = action.match_indices('/').map(|(i, _)| i);
    let _ = slashes.next();
    match slashes.next() {
        Some(i) => (&action[..i], Some(&action[i + 1..])),
        None => (action, None),
    }
}

/// Every pinned action of a generator.
///
/// ```
/// use ci_gen::actions::lock::Lock;
///
/// let lock = Lock::parse("{\n  \"lock\": 1,\n  \"actions\": []\n}\n").unwrap();
/// assert!(lock.actions.is_empty());
/// assert_eq!(lock.to_json(), "{\n  \"lock\": 1,\n  \"actions\": []\n}\n");
/// assert!(Lock::parse("{\"lock\": 2, \"actions\": []}").is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lock {
    /// The actions, sorted by [`Locked::action`] (in ASCII lower case).
    pub actions: Vec<Locked>,
}

/// Why a lock could not be read.
///
/// ```
/// use ci_gen::actions::lock::Lock;
///
/// let e = Lock::parse("{\"lock\": 1, \"actions\": [{\"action\": \"a/b\"}]}").unwrap_err();
/// assert_eq!(e.to_string(), "actions[0]: no `tag`");
/// ```
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{}", crate::escape::escape_controls(.0))]
pub struct LockError(pub String);

impl Lock {
    /// The entry of `action` (`owner/repo[/path]`, in any case).
    ///
    /// ```
    /// use ci_gen::actions::lock::Lock;
    ///
    /// assert!(Lock::default().get("actions/checkout").is_none());
    /// ```
    pub fn get(&self, action: &str) -> Option<&Locked> {
        self.actions.iter().find(|l| l.action.eq_ignore_ascii_case(action))
    }

    /// Adds `locked`, or replaces the entry of the same action; keeps the order.
    ///
    /// ```
    /// use ci_gen::actions::lock::{Lock, Locked};
    /// # let action = ci_model::Action::parse("name: x\ndescription: y\nruns:\n  using: node24\n  main: a.js\n").unwrap();
    ///
    /// let mut lock = Lock::default();
    /// lock.put(Locked::from_action("z/z", "v1", &"0".repeat(40), &action));
    /// lock.put(Locked::from_action("a/a", "v1", &"0".repeat(40), &action));
    /// lock.put(Locked::from_action("a/a", "v2", &"1".repeat(40), &action));
    /// assert_eq!(lock.actions.iter().map(|l| l.tag.as_str()).collect::<Vec<_>>(), ["v2", "v1"]);
    /// ```
    pub fn put(&mut self, locked: Locked) {
        self.actions.retain(|l| !l.action.eq_ignore_ascii_case(&locked.action));
        self.actions.push(locked);
        self.actions.sort_by_key(|l| l.action.to_ascii_lowercase());
    }

    /// Reads a lock from its JSON text; every key is checked, unknown ones
    /// are errors.
    ///
    /// ```
    /// use ci_gen::actions::lock::Lock;
    ///
    /// assert!(Lock::parse("not json").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let value: Value = serde_json::from_str(text).map_err(|e| LockError(format!("not JSON: {e}")))?;
        let top = object(&value, "the lock")?;
        known(top, "the lock", &["lock", "actions"])?;
        match top.get("lock").and_then(Value::as_u64) {
            Some(FORMAT) => {}
            Some(n) => return Err(LockError(format!("format {n}; this ci-gen reads format {FORMAT}"))),
            None => return Err(LockError(format!("no `\"lock\": {FORMAT}`: not a ci-gen lock of actions"))),
        }
        let list = top.get("actions").and_then(Value::as_array).ok_or_else(|| LockError("no `actions` list".into()))?;
        let mut actions: Vec<Locked> = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let at = format!("actions[{i}]");
            let locked = entry_of(entry, &at)?;
            if actions.iter().any(|l| l.action.eq_ignore_ascii_case(&locked.action)) {
                return Err(LockError(format!("{at}: `{}` is locked twice", locked.action)));
            }
            actions.push(locked);
        }
        actions.sort_by_key(|l| l.action.to_ascii_lowercase());
        Ok(Lock { actions })
    }

    /// The lock as JSON, in the one layout described in the module docs.
    ///
    /// ```
    /// use ci_gen::actions::lock::Lock;
    ///
    /// let text = "{\n  \"lock\": 1,\n  \"actions\": []\n}\n";
    /// assert_eq!(Lock::parse(text).unwrap().to_json(), text);
    /// ```
    pub fn to_json(&self) -> String {
        let s = |t: &str| Value::from(t).to_string();
        let mut out = format!("{{\n  \"lock\": {FORMAT},\n  \"actions\": [");
        for (i, l) in self.actions.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&format!(
                "    {{\n      \"action\": {},\n      \"tag\": {},\n      \"commit\": {},\n      \"runs\": {{ {}: {} }},\n      \"inputs\": [",
                s(&l.action),
                s(&l.tag),
                s(&l.commit),
                s(&l.runs.0),
                s(&l.runs.1)
            ));
            for (j, input) in l.inputs.iter().enumerate() {
                out.push_str(if j == 0 { "\n" } else { ",\n" });
                out.push_str(&format!("        {{ \"name\": {}", s(&input.name)));
                if input.required {
                    out.push_str(", \"required\": true");
                }
                if let Some(d) = &input.default {
                    out.push_str(&format!(", \"default\": {}", json_of(d)));
                }
                if input.deprecated {
                    out.push_str(", \"deprecated\": true");
                }
                out.push_str(" }");
            }
            out.push_str(if l.inputs.is_empty() { "],\n" } else { "\n      ],\n" });
            let outputs: Vec<String> = l.outputs.iter().map(|o| s(o)).collect();
            out.push_str(&format!("      \"outputs\": [{}]\n    }}", outputs.join(", ")));
        }
        out.push_str(if self.actions.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
        out
    }
}

/// A default as JSON: strings, booleans and numbers as themselves; a number
/// JSON cannot hold (`.inf`, `.nan`) as its YAML text.
fn json_of(d: &Scalar) -> String {
    match d {
        Scalar::Bool(b) => b.to_string(),
        Scalar::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.to_string(),
            (None, Some(i)) => i.to_string(),
            _ => serde_json::Number::from_f64(n.as_f64())
                .map_or_else(|| Value::from(d.to_text().into_owned()).to_string(), |f| f.to_string()),
        },
        other => Value::from(other.to_text().into_owned()).to_string(),
    }
}

fn scalar_of(v: &Value, at: &str) -> Result<Scalar, LockError> {
    match v {
        Value::String(s) => Ok(Scalar::from(s.as_str())),
        Value::Bool(b) => Ok(Scalar::Bool(*b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Ok(Scalar::Number(Number::from(u)))
            } else if let Some(i) = n.as_i64() {
                Ok(Scalar::Number(Number::from(i)))
            } else {
                Ok(Scalar::Number(Number::from(n.as_f64().unwrap_or(f64::NAN))))
            }
        }
        _ => Err(LockError(format!("{at}: a default is a string, a boolean or a number"))),
    }
}

type Object = serde_json::Map<String, Value>;

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Object, LockError> {
    v.as_object().ok_or_else(|| LockError(format!("{at}: expected an object")))
}

fn known(o: &Object, at: &str, keys: &[&str]) -> Result<(), LockError> {
    match o.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(k) => Err(LockError(format!("{at}: unknown key `{k}`; known: {}", keys.join(", ")))),
        None => Ok(()),
    }
}

fn text<'a>(o: &'a Object, key: &str, at: &str) -> Result<&'a str, LockError> {
    match o.get(key) {
        None => Err(LockError(format!("{at}: no `{key}`"))),
        Some(v) => v.as_str().ok_or_else(|| LockError(format!("{at}.{key}: expected a string"))),
    }
}

fn flag(o: &Object, key: &str, at: &str) -> Result<bool, LockError> {
    match o.get(key) {
        None => Ok(false),
        Some(v) => v.as_bool().ok_or_else(|| LockError(format!("{at}.{key}: expected true or false"))),
    }
}

/// Whether `text` is a full commit SHA (40 hex digits, lower case).
pub(crate) fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `action` is `owner/repo[/path]` in the form `uses:` takes: no
/// empty, `.` or `..` segment, no `@`, whitespace or control character.
pub(crate) fn is_action_name(action: &str) -> bool {
    let segments: Vec<&str> = action.split('/').collect();
    segments.len() >= 2
        && segments.iter().all(|s| !s.is_empty() && *s != "." && *s != "..")
        && !action.chars().any(|c| c == '@' || c == '\\' || c.is_whitespace() || c.is_control())
}

fn entry_of(v: &Value, at: &str) -> Result<Locked, LockError> {
    let o = object(v, at)?;
    known(o, at, &["action", "tag", "commit", "runs", "inputs", "outputs"])?;
    let action = text(o, "action", at)?;
    if !is_action_name(action) {
        return Err(LockError(format!("{at}.action: `{action}` is not `owner/repo[/path]`")));
    }
    let tag = text(o, "tag", at)?;
    if tag.is_empty() || tag.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LockError(format!("{at}.tag: `{tag}` is not a tag")));
    }
    let commit = text(o, "commit", at)?;
    if !is_sha(commit) {
        return Err(LockError(format!("{at}.commit: `{commit}` is not a 40-hex commit SHA in lower case")));
    }
    let runs = o.get("runs").ok_or_else(|| LockError(format!("{at}: no `runs`")))?;
    let runs = object(runs, &format!("{at}.runs"))?;
    let runs = match runs.iter().next() {
        Some((k, Value::String(v))) if runs.len() == 1 => (k.clone(), v.clone()),
        _ => {
            return Err(LockError(format!(
                "{at}.runs: expected one key with a string, as `{{ \"using\": \"node24\" }}`"
            )));
        }
    };
    let mut inputs = Vec::new();
    let list = o.get("inputs").and_then(Value::as_array).ok_or_else(|| LockError(format!("{at}: no `inputs` list")))?;
    for (j, input) in list.iter().enumerate() {
        let at = format!("{at}.inputs[{j}]");
        let i = object(input, &at)?;
        known(i, &at, &["name", "required", "default", "deprecated"])?;
        let name = text(i, "name", &at)?.to_owned();
        if inputs.iter().any(|x: &InputFacts| x.name == name) {
            return Err(LockError(format!("{at}: a second input `{name}`")));
        }
        let default = match i.get("default") {
            None => None,
            Some(d) => Some(scalar_of(d, &at)?),
        };
        inputs.push(InputFacts {
            name,
            required: flag(i, "required", &at)?,
            default,
            deprecated: flag(i, "deprecated", &at)?,
        });
    }
    let list =
        o.get("outputs").and_then(Value::as_array).ok_or_else(|| LockError(format!("{at}: no `outputs` list")))?;
    let mut outputs = Vec::new();
    for (j, output) in list.iter().enumerate() {
        let name = output.as_str().ok_or_else(|| LockError(format!("{at}.outputs[{j}]: expected a string")))?;
        if outputs.iter().any(|x| x == name) {
            return Err(LockError(format!("{at}.outputs[{j}]: a second output `{name}`")));
        }
        outputs.push(name.to_owned());
    }
    Ok(Locked { action: action.to_owned(), tag: tag.to_owned(), commit: commit.to_owned(), runs, inputs, outputs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_reads_back_as_itself() {
        let action = Action::parse(
            "name: x\ndescription: y\ninputs:\n  a:\n    description: d\n    required: 'true'\n  b:\n    description: d\n    default: false\n    deprecationMessage: gone\n  c:\n    description: d\n    default: 3\n  d:\n    description: d\n    default: '4'\n  e:\n    description: d\n    default: 1.5\n  f:\n    description: d\n    default: ~\noutputs:\n  o:\n    description: d\nruns:\n  using: docker\n  image: Dockerfile\n",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let mut lock = Lock::default();
        lock.put(Locked::from_action("o/r", "v1.0.0", &"a".repeat(40), &action));
        let text = lock.to_json();
        assert!(text.contains("{ \"name\": \"a\", \"required\": true }"), "{text}");
        assert!(text.contains("{ \"name\": \"b\", \"default\": false, \"deprecated\": true }"), "{text}");
        assert!(text.contains("{ \"name\": \"c\", \"default\": 3 }"), "{text}");
        assert!(text.contains("{ \"name\": \"d\", \"default\": \"4\" }"), "{text}");
        assert!(text.contains("{ \"name\": \"e\", \"default\": 1.5 }"), "{text}");
        assert!(text.contains("{ \"name\": \"f\" }"), "{text}");
        assert!(!text.contains("description") && !text.contains("gone"), "no prose: {text}");
        let back = Lock::parse(&text).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(back, lock);
        assert_eq!(back.to_json(), text);
    }

    #[test]
    fn bad_locks_are_refused() {
        let e = |t: &str| Lock::parse(t).map(|_| ()).unwrap_err().to_string();
        assert!(e("{\"lock\": 1}").contains("no `actions`"));
        assert!(e("{\"lock\": 1, \"actions\": [], \"x\": 1}").contains("unknown key `x`"));
        let entry = |commit: &str| {
            format!(
                "{{\"lock\": 1, \"actions\": [{{\"action\": \"a/b\", \"tag\": \"v1\", \"commit\": \"{commit}\", \"runs\": {{\"using\": \"node24\"}}, \"inputs\": [], \"outputs\": []}}]}}"
            )
        };
        assert!(Lock::parse(&entry(&"a".repeat(40))).is_ok());
        assert!(e(&entry("abc")).contains("not a 40-hex commit SHA"));
    }

    #[test]
    fn action_names() {
        assert!(is_action_name("a/b"));
        assert!(is_action_name("a/b/c/d"));
        assert!(!is_action_name("a"));
        assert!(!is_action_name("a//b"));
        assert!(!is_action_name("a/b@v1"));
        assert!(!is_action_name("a/../b"));
        assert_eq!(split_action("a/b/c/d"), ("a/b", Some("c/d")));
    }
}
