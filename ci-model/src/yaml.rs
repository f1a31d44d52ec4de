//! [`Yaml`]: a plain YAML value, for the few places GitHub leaves free-form.
//!
//! Matrix values can be any YAML, and keys the model does not know are kept as
//! `Yaml` so that nothing in a parsed file is lost. Everywhere else the model has
//! its own types.

use indexmap::IndexMap;

use crate::Scalar;

/// A YAML value: a scalar, a sequence, or a mapping with string keys in the order
/// they were written.
///
/// ```
/// use ci_model::Yaml;
///
/// let row = Yaml::map([("name", Yaml::from("signal_service")), ("port", Yaml::from(8001))]);
/// assert_eq!(row.get("port"), Some(&Yaml::from(8001)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Yaml {
    /// A string, number, boolean or null.
    Scalar(Scalar),
    /// A sequence (`[a, b]` or a `- ` list).
    Seq(Vec<Yaml>),
    /// A mapping, in written order.
    Map(IndexMap<String, Yaml>),
}

impl Yaml {
    /// A mapping from `(key, value)` pairs, in order.
    ///
    /// ```
    /// # use ci_model::Yaml;
    /// let row = Yaml::map([("os", Yaml::from("ubuntu-latest")), ("node", Yaml::from(22))]);
    /// let Yaml::Map(m) = &row else { unreachable!() };
    /// assert_eq!(m.keys().collect::<Vec<_>>(), ["os", "node"]);
    /// ```
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Yaml)>) -> Self {
        Yaml::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A sequence of values.
    pub fn seq<T: Into<Yaml>>(items: impl IntoIterator<Item = T>) -> Self {
        Yaml::Seq(items.into_iter().map(Into::into).collect())
    }

    /// The value under `key`, when this is a mapping that has it.
    ///
    /// ```
    /// # use ci_model::Yaml;
    /// let row = Yaml::map([("os", Yaml::from("ubuntu-latest"))]);
    /// assert_eq!(row.get("os"), Some(&Yaml::from("ubuntu-latest")));
    /// assert_eq!(row.get("node"), None);
    /// assert_eq!(Yaml::from("os").get("os"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(m) => m.get(key),
            _ => None,
        }
    }

    /// The scalar, when this is one.
    ///
    /// ```
    /// # use ci_model::{Scalar, Yaml};
    /// assert_eq!(Yaml::from(8001).as_scalar(), Some(&Scalar::from(8001)));
    /// assert_eq!(Yaml::seq([1, 2]).as_scalar(), None);
    /// ```
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The string, when this is a string scalar.
    ///
    /// ```
    /// # use ci_model::Yaml;
    /// assert_eq!(Yaml::from("linux").as_str(), Some("linux"));
    /// assert_eq!(Yaml::from(true).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().and_then(Scalar::as_str)
    }

    /// A short description of the value's kind for messages: `a string`,
    /// `a mapping`, `null`, ...
    ///
    /// ```
    /// # use ci_model::Yaml;
    /// assert_eq!(Yaml::seq([1]).kind(), "a sequence");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Yaml::Scalar(Scalar::String(_)) => "a string",
            Yaml::Scalar(Scalar::Bool(_)) => "a boolean",
            Yaml::Scalar(Scalar::Number(_)) => "a number",
            Yaml::Scalar(Scalar::Null) => "null",
            Yaml::Seq(_) => "a sequence",
            Yaml::Map(_) => "a mapping",
        }
    }
}

macro_rules! yaml_from_scalar_like {
    ($($t:ty),*) => {$(
        impl From<$t> for Yaml {
            fn from(v: $t) -> Self { Yaml::Scalar(v.into()) }
        }
    )*};
}

yaml_from_scalar_like!(
    Scalar,
    crate::Number,
    &str,
    String,
    &String,
    bool,
    u8,
    u16,
    u32,
    u64,
    usize,
    i8,
    i16,
    i32,
    i64,
    f32,
    f64
);
