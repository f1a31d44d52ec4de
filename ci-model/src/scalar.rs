//! Scalars: the leaves of a workflow, kept exactly as YAML typed them.
//!
//! GitHub reads every scalar as a string where it expects one (`name: 123` names a
//! job `"123"`), but a YAML reader does not: `123`, `'123'` and `true` are three
//! different values. [`Scalar`] remembers which one was written, so a parsed file
//! re-emits to the same data, while [`Scalar::to_text`] gives GitHub's string view.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A YAML scalar: a string, a boolean, a number or null, as written.
///
/// Builders accept anything that converts into a `Scalar`, so plain Rust values
/// read naturally:
///
/// ```
/// use ci_model::Scalar;
///
/// assert_eq!(Scalar::from("ubuntu-latest"), Scalar::String("ubuntu-latest".into()));
/// assert_eq!(Scalar::from(0).to_text(), "0");
/// assert_eq!(Scalar::from(true).to_text(), "true");
/// // A string that merely looks like a boolean stays a string.
/// assert_ne!(Scalar::from("true"), Scalar::from(true));
/// // The default is null, the value of an empty YAML node.
/// assert_eq!(Scalar::default(), Scalar::Null);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// A string (plain or quoted in YAML).
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// An integer or a float.
    Number(Number),
    /// `null`, `~` or nothing at all.
    #[default]
    Null,
}

impl Scalar {
    /// The string, when this scalar is one.
    ///
    /// ```
    /// # use ci_model::Scalar;
    /// assert_eq!(Scalar::from("x").as_str(), Some("x"));
    /// assert_eq!(Scalar::from(1).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this scalar is one.
    ///
    /// ```
    /// # use ci_model::Scalar;
    /// assert_eq!(Scalar::from(false).as_bool(), Some(false));
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text GitHub sees where it expects a string: strings as they are,
    /// `true`/`false`, numbers in their shortest form, and `""` for null.
    ///
    /// ```
    /// # use ci_model::Scalar;
    /// assert_eq!(Scalar::from(3.5).to_text(), "3.5");
    /// assert_eq!(Scalar::Null.to_text(), "");
    /// ```
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Scalar::String(s) => Cow::Borrowed(s),
            Scalar::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Scalar::Number(n) => Cow::Owned(n.to_string()),
            Scalar::Null => Cow::Borrowed(""),
        }
    }

    /// Whether this is a string that holds a `${{ }}` expression.
    ///
    /// ```
    /// # use ci_model::Scalar;
    /// assert!(Scalar::from("${{ matrix.os }}").has_expression());
    /// assert!(!Scalar::from("ubuntu-latest").has_expression());
    /// ```
    pub fn has_expression(&self) -> bool {
        self.as_str().is_some_and(crate::expression::template::has_expression)
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl From<&str> for Scalar {
    fn from(s: &str) -> Self {
        Scalar::String(s.to_owned())
    }
}

impl From<String> for Scalar {
    fn from(s: String) -> Self {
        Scalar::String(s)
    }
}

impl From<&String> for Scalar {
    fn from(s: &String) -> Self {
        Scalar::String(s.clone())
    }
}

impl From<bool> for Scalar {
    fn from(b: bool) -> Self {
        Scalar::Bool(b)
    }
}

impl From<Number> for Scalar {
    fn from(n: Number) -> Self {
        Scalar::Number(n)
    }
}

impl PartialEq<str> for Scalar {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Scalar {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// A YAML number: an integer or a float, compared bit for bit.
///
/// ```
/// use ci_model::Number;
///
/// assert_eq!(Number::from(8001).to_string(), "8001");
/// assert_eq!(Number::from(-2).as_i64(), Some(-2));
/// assert_eq!(Number::from(2.5).as_f64(), 2.5);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Number(N);

#[derive(Clone, Copy, Debug)]
enum N {
    /// Zero or more.
    Pos(u64),
    /// Less than zero.
    Neg(i64),
    Float(f64),
}

impl Number {
    /// The value as an `i64`, when it is an integer that fits.
    ///
    /// ```
    /// # use ci_model::Number;
    /// assert_eq!(Number::from(-3).as_i64(), Some(-3));
    /// assert_eq!(Number::from(u64::MAX).as_i64(), None);
    /// assert_eq!(Number::from(1.5).as_i64(), None);
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::Pos(u) => i64::try_from(u).ok(),
            N::Neg(i) => Some(i),
            N::Float(_) => None,
        }
    }

    /// The value as an `u64`, when it is a non-negative integer.
    ///
    /// ```
    /// # use ci_model::Number;
    /// assert_eq!(Number::from(8080).as_u64(), Some(8080));
    /// assert_eq!(Number::from(-1).as_u64(), None);
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::Pos(u) => Some(u),
            _ => None,
        }
    }

    /// The value as an `f64` (integers convert, possibly rounding).
    ///
    /// ```
    /// # use ci_model::Number;
    /// assert_eq!(Number::from(2).as_f64(), 2.0);
    /// assert_eq!(Number::from(0.25).as_f64(), 0.25);
    /// ```
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            N::Pos(u) => u as f64,
            N::Neg(i) => i as f64,
            N::Float(f) => f,
        }
    }

    /// Whether the number was written as a float (`1.0`, `.5`, `1e3`).
    ///
    /// ```
    /// # use ci_model::Number;
    /// assert!(Number::from(1.0).is_float());
    /// assert!(!Number::from(1).is_float());
    /// // Equal in value, but not the same YAML number.
    /// assert_ne!(Number::from(1.0), Number::from(1));
    /// ```
    pub fn is_float(&self) -> bool {
        matches!(self.0, N::Float(_))
    }

    /// The number as YAML writes it so that it reads back as the same value:
    /// integers in decimal, floats always with a fraction or exponent
    /// (`1.0`, not `1`), and `.inf`, `-.inf`, `.nan`.
    ///
    /// ```
    /// # use ci_model::Number;
    /// assert_eq!(Number::from(1.0).to_yaml(), "1.0");
    /// assert_eq!(Number::from(f64::INFINITY).to_yaml(), ".inf");
    /// assert_eq!(Number::from(42).to_yaml(), "42");
    /// ```
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        self.write_yaml(&mut out);
        out
    }

    /// [`to_yaml`](Self::to_yaml), appended to `out` (integers without a
    /// temporary string).
    pub(crate) fn write_yaml(&self, out: &mut String) {
        use std::fmt::Write;
        // Writing to a `String` cannot fail.
        let _ = match self.0 {
            N::Pos(u) => write!(out, "{u}"),
            N::Neg(i) => write!(out, "{i}"),
            N::Float(f) => {
                out.push_str(&float_yaml(f));
                Ok(())
            }
        };
    }
}

/// A float as YAML reads it back: `.nan`, `.inf`, or the shortest exact text.
fn float_yaml(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let s = format!("{f:?}");
    // `{:?}` prints the shortest text that reads back exactly, and
    // always with a `.` or an exponent: `1.0`, `0.1`, `1e-7`.
    // YAML 1.2 wants a sign after `e` only optionally, but YAML 1.1
    // readers need a dot before the exponent: `1.0e-7`.
    match s.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => format!("{mantissa}.0e{exp}"),
        _ => s,
    }
}

impl fmt::Display for Number {
    /// GitHub's string view: like JavaScript, integral floats print without `.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            N::Pos(u) => write!(f, "{u}"),
            N::Neg(i) => write!(f, "{i}"),
            N::Float(x) if x.is_nan() => f.write_str("NaN"),
            N::Float(x) if x.is_infinite() => f.write_str(if x > 0.0 { "Infinity" } else { "-Infinity" }),
            N::Float(x) => write!(f, "{x}"),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (N::Pos(a), N::Pos(b)) => a == b,
            (N::Neg(a), N::Neg(b)) => a == b,
            (N::Float(a), N::Float(b)) => a.to_bits() == b.to_bits() || (a == b && a != 0.0),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.0 {
            N::Pos(u) => (0u8, u).hash(state),
            N::Neg(i) => (1u8, i).hash(state),
            N::Float(f) => (2u8, f.to_bits()).hash(state),
        }
    }
}

macro_rules! number_from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Self { Number(N::Pos(u64::from(n))) }
        }
        impl From<$t> for Scalar {
            fn from(n: $t) -> Self { Scalar::Number(n.into()) }
        }
    )*};
}

macro_rules! number_from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Self {
                let n = i64::from(n);
                match u64::try_from(n) {
                    Ok(u) => Number(N::Pos(u)),
                    Err(_) => Number(N::Neg(n)),
                }
            }
        }
        impl From<$t> for Scalar {
            fn from(n: $t) -> Self { Scalar::Number(n.into()) }
        }
    )*};
}

number_from_unsigned!(u8, u16, u32, u64);
number_from_signed!(i8, i16, i32, i64);

impl From<usize> for Number {
    fn from(n: usize) -> Self {
        Number(N::Pos(n as u64))
    }
}
impl From<usize> for Scalar {
    fn from(n: usize) -> Self {
        Scalar::Number(n.into())
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Self {
        Number(N::Float(f))
    }
}
impl From<f64> for Scalar {
    fn from(n: f64) -> Self {
        Scalar::Number(n.into())
    }
}

impl From<f32> for Number {
    fn from(f: f32) -> Self {
        Number(N::Float(f64::from(f)))
    }
}
impl From<f32> for Scalar {
    fn from(n: f32) -> Self {
        Scalar::Number(n.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_a_fraction_so_they_read_back_as_floats() {
        assert_eq!(Number::from(3.0).to_yaml(), "3.0");
        assert_eq!(Number::from(3.1).to_yaml(), "3.1");
        assert_eq!(Number::from(1e-7).to_yaml(), "1.0e-7");
        assert_eq!(Number::from(1.5e300).to_yaml(), "1.5e300");
        assert_eq!(Number::from(-0.0).to_yaml(), "-0.0");
    }

    #[test]
    fn github_text_of_numbers_follows_javascript() {
        assert_eq!(Number::from(3.0).to_string(), "3");
        assert_eq!(Number::from(-7).to_string(), "-7");
        assert_eq!(Number::from(u64::MAX).to_string(), "18446744073709551615");
    }

    #[test]
    fn ints_and_floats_differ() {
        assert_ne!(Number::from(1), Number::from(1.0));
        assert_eq!(Number::from(1u8), Number::from(1i64));
        assert_eq!(Number::from(f64::NAN), Number::from(f64::NAN));
    }
}
