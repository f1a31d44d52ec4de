//! Names looked up as GitHub looks them up: ignoring ASCII case.
//!
//! GitHub resolves the property names of its contexts case-insensitively
//! (`matrix.rustflags` finds the matrix key `RUSTFLAGS`,
//! `steps.x.outputs.COMMENT_FILE_WRITTEN` the output `comment_file_written`,
//! `secrets.banana` the secret `BANANA`), and job and step ids with them
//! (`needs: Build` is the job `build`). Every reference the validator
//! resolves goes through [`Caseless`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::hash::FastHash;

/// Lists up to this long are searched; longer ones are indexed.
const SEARCHED: usize = 16;

/// A list of declared names, in order, found by a name in any ASCII case;
/// the first of names equal but for case wins.
#[derive(Default)]
pub(crate) struct Caseless<'a> {
    names: Vec<&'a str>,
    /// Each name in ASCII lower case with its first position, when there
    /// are many.
    lower: Option<HashMap<String, usize, FastHash>>,
}

impl<'a> Caseless<'a> {
    pub(crate) fn new(names: Vec<&'a str>) -> Self {
        let lower = (names.len() > SEARCHED).then(|| {
            let mut map: HashMap<String, usize, FastHash> = HashMap::default();
            for (i, n) in names.iter().enumerate() {
                map.entry(n.to_ascii_lowercase()).or_insert(i);
            }
            map
        });
        Caseless { names, lower }
    }

    /// The position of the name declared as `name` in any ASCII case.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        match &self.lower {
            None => self.names.iter().position(|d| d.eq_ignore_ascii_case(name)),
            Some(map) => map.get(lower(name).as_ref()).copied(),
        }
    }

    /// The name as declared, found by `name` in any ASCII case.
    pub(crate) fn find(&self, name: &str) -> Option<&'a str> {
        self.position(name).and_then(|i| self.names.get(i).copied())
    }

    /// Whether `name` is declared, in any ASCII case.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The names, as declared.
    pub(crate) fn names(&self) -> &[&'a str] {
        &self.names
    }
}

/// `name` in ASCII lower case, copied only when it has an upper-case letter.
pub(crate) fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_lists_find_names_in_any_case() {
        let short = Caseless::new(vec!["RUSTFLAGS", "name", "Name"]);
        let many: Vec<String> = (0..40).map(|i| format!("Key{i}")).collect();
        let long = Caseless::new(many.iter().map(String::as_str).chain(["RUSTFLAGS", "name", "Name"]).collect());
        for list in [&short, &long] {
            assert_eq!(list.find("rustflags"), Some("RUSTFLAGS"));
            assert_eq!(list.find("NAME"), Some("name"), "the first spelling wins");
            assert!(!list.contains("rustflag"));
        }
        assert_eq!(long.find("key7"), Some("Key7"));
        assert_eq!(long.position("KEY39"), Some(39));
    }
}
