//! `strategy:` and its `matrix:` of job variations.
//!
//! See GitHub's [matrix] documentation.
//!
//! [matrix]: https://docs.github.com/actions/using-jobs/using-a-matrix-for-your-jobs

use indexmap::IndexMap;

use crate::common::LitOrExpr;
use crate::record::record;
use crate::{Number, Yaml};

/// One `include:` or `exclude:` entry: axis (or extra) keys to values.
///
/// ```
/// use ci_model::{Matrix, MatrixRow, Yaml};
///
/// let m = Matrix::new().axis("os", ["ubuntu-latest"]).include([("os", "windows-latest")]);
/// let rows: Vec<MatrixRow> = m.combinations();
/// assert_eq!(rows[1]["os"], Yaml::from("windows-latest"));
/// ```
pub type MatrixRow = IndexMap<String, Yaml>;

record! {
    /// `strategy:` of a job.
    ///
    /// ```
    /// use ci_model::{Matrix, Strategy, Yaml};
    ///
    /// let s = Strategy::matrix(Matrix::new().axis("os", ["ubuntu-latest", "macos-latest"]))
    ///     .fail_fast(false);
    /// assert_eq!(s.fail_fast.unwrap().literal(), Some(&false));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Strategy: "a mapping" as strategy_fields {
        /// `matrix:` (or one expression that yields it).
        pub matrix: Option<LitOrExpr<Matrix>> = "matrix",
        /// `fail-fast:` (default `true`).
        pub fail_fast: Option<LitOrExpr<bool>> = "fail-fast" { set(LitOrExpr<bool>) },
        /// `max-parallel:`.
        pub max_parallel: Option<LitOrExpr<Number>> = "max-parallel" [count] { set(LitOrExpr<Number>) },
    }
}

/// A literal strategy, for the builders that take a strategy or an
/// expression.
impl From<Strategy> for LitOrExpr<Strategy> {
    fn from(s: Strategy) -> Self {
        LitOrExpr::Lit(s)
    }
}

/// A literal matrix, for the builders that take a matrix or an expression.
impl From<Matrix> for LitOrExpr<Matrix> {
    fn from(m: Matrix) -> Self {
        LitOrExpr::Lit(m)
    }
}

impl Strategy {
    /// A strategy with a matrix: one built with [`Matrix`]'s builders, or
    /// an expression that yields one (`${{ fromJSON(needs.plan.outputs.matrix) }}`).
    ///
    /// ```
    /// # use ci_model::{Expr, Matrix, Strategy};
    /// let built = Strategy::matrix(Matrix::new().axis("os", ["ubuntu-latest"]));
    /// assert!(built.matrix.unwrap().literal().is_some());
    /// let computed = Strategy::matrix(Expr::new("fromJSON(needs.plan.outputs.matrix)"));
    /// assert!(computed.matrix.unwrap().literal().is_none());
    /// ```
    pub fn matrix(matrix: impl Into<LitOrExpr<Matrix>>) -> Self {
        Strategy { matrix: Some(matrix.into()), ..Strategy::default() }
    }
}

/// `matrix:`: axes (each a list of values, or an expression yielding one),
/// then `include:` and `exclude:`.
///
/// ```
/// use ci_model::{Matrix, Yaml};
///
/// let services = Matrix::new().axis(
///     "service",
///     [
///         Yaml::map([("name", Yaml::from("signal_service")), ("port", Yaml::from(8001))]),
///         Yaml::map([("name", Yaml::from("orchestrator")), ("port", Yaml::from(8003))]),
///     ],
/// );
/// assert_eq!(services.combinations().len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    /// The axes, in order.
    pub axes: IndexMap<String, LitOrExpr<Vec<Yaml>>>,
    /// `include:`.
    pub include: Option<LitOrExpr<Vec<MatrixRow>>>,
    /// `exclude:`.
    pub exclude: Option<LitOrExpr<Vec<MatrixRow>>>,
}

impl Matrix {
    /// An empty matrix.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an axis.
    ///
    /// ```
    /// # use ci_model::Matrix;
    /// let m = Matrix::new().axis("os", ["ubuntu-latest", "macos-latest"]).axis("node", [20, 22]);
    /// assert_eq!(m.axes.keys().collect::<Vec<_>>(), ["os", "node"]);
    /// assert_eq!(m.combinations().len(), 4);
    /// ```
    pub fn axis<T: Into<Yaml>>(mut self, name: impl Into<String>, values: impl IntoIterator<Item = T>) -> Self {
        self.axes.insert(name.into(), LitOrExpr::Lit(values.into_iter().map(Into::into).collect()));
        self
    }

    /// Adds an axis whose values an expression gives at run time
    /// (`os: ${{ fromJSON(vars.OSES) }}`).
    ///
    /// ```
    /// # use ci_model::{ex, Matrix, Strategy, Workflow, Job};
    /// let m = Matrix::new().axis_expr("os", ex::from_json(ex::vars("OSES")));
    /// assert!(m.axes["os"].literal().is_none());
    /// ```
    pub fn axis_expr(mut self, name: impl Into<String>, values: impl Into<LitOrExpr<Vec<Yaml>>>) -> Self {
        self.axes.insert(name.into(), values.into());
        self
    }

    /// Writes `include: []`.
    pub fn empty_include(mut self) -> Self {
        self.include = Some(LitOrExpr::Lit(Vec::new()));
        self
    }

    /// Writes `exclude: []`.
    pub fn empty_exclude(mut self) -> Self {
        self.exclude = Some(LitOrExpr::Lit(Vec::new()));
        self
    }

    /// Sets `include:` to an expression that yields the entries at run time.
    pub fn include_expr(mut self, rows: impl Into<LitOrExpr<Vec<MatrixRow>>>) -> Self {
        self.include = Some(rows.into());
        self
    }

    /// Sets `exclude:` to an expression that yields the entries at run time.
    pub fn exclude_expr(mut self, rows: impl Into<LitOrExpr<Vec<MatrixRow>>>) -> Self {
        self.exclude = Some(rows.into());
        self
    }

    /// Adds an `include:` entry whose values are of different kinds: a
    /// tuple of `(key, value)` pairs, each value anything that converts
    /// into [`Yaml`] (a string, a number, a boolean, a `Yaml`). An array
    /// of pairs of one kind is taken too.
    ///
    /// ```
    /// # use ci_model::{Matrix, Yaml};
    /// let m = Matrix::new()
    ///     .axis("os", ["ubuntu-latest"])
    ///     .include_row((("os", "windows-latest"), ("experimental", true), ("retries", 2)))
    ///     .exclude_row([("os", "ubuntu-latest")]);
    /// let rows = m.combinations();
    /// assert_eq!(rows.len(), 1);
    /// assert_eq!(rows[0]["experimental"], Yaml::from(true));
    /// ```
    pub fn include_row(mut self, row: impl IntoMatrixRow) -> Self {
        let row = row.into_matrix_row();
        match &mut self.include {
            Some(LitOrExpr::Lit(rows)) => rows.push(row),
            _ => self.include = Some(LitOrExpr::Lit(vec![row])),
        }
        self
    }

    /// Adds an `exclude:` entry whose values are of different kinds (see
    /// [`Matrix::include_row`]).
    ///
    /// ```
    /// # use ci_model::Matrix;
    /// let m = Matrix::new().axis("node", [20, 22]).axis("lts", [true, false]).exclude_row((("node", 22), ("lts", false)));
    /// assert_eq!(m.combinations().len(), 3);
    /// ```
    pub fn exclude_row(mut self, row: impl IntoMatrixRow) -> Self {
        let row = row.into_matrix_row();
        match &mut self.exclude {
            Some(LitOrExpr::Lit(rows)) => rows.push(row),
            _ => self.exclude = Some(LitOrExpr::Lit(vec![row])),
        }
        self
    }

    /// Adds an `include:` entry.
    ///
    /// ```
    /// # use ci_model::{Matrix, Yaml};
    /// let m = Matrix::new()
    ///     .axis("node", [20, 22])
    ///     .include([("node", Yaml::from(22)), ("coverage", Yaml::from(true))]);
    /// let rows = m.combinations();
    /// assert_eq!(rows.len(), 2);
    /// assert_eq!(rows[1].get("coverage"), Some(&Yaml::from(true)));
    /// ```
    pub fn include<K: Into<String>, V: Into<Yaml>>(mut self, row: impl IntoIterator<Item = (K, V)>) -> Self {
        let row = row.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        match &mut self.include {
            Some(LitOrExpr::Lit(rows)) => rows.push(row),
            _ => self.include = Some(LitOrExpr::Lit(vec![row])),
        }
        self
    }

    /// Adds an `exclude:` entry.
    ///
    /// ```
    /// # use ci_model::Matrix;
    /// let m = Matrix::new()
    ///     .axis("os", ["ubuntu-latest", "windows-latest"])
    ///     .axis("shell", ["bash", "pwsh"])
    ///     .exclude([("os", "ubuntu-latest"), ("shell", "pwsh")]);
    /// assert_eq!(m.combinations().len(), 3);
    /// ```
    pub fn exclude<K: Into<String>, V: Into<Yaml>>(mut self, row: impl IntoIterator<Item = (K, V)>) -> Self {
        let row = row.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        match &mut self.exclude {
            Some(LitOrExpr::Lit(rows)) => rows.push(row),
            _ => self.exclude = Some(LitOrExpr::Lit(vec![row])),
        }
        self
    }

    /// The jobs this matrix expands to, following GitHub's rules: the cross
    /// product of the axes, minus rows matching an `exclude` entry (a partial
    /// match suffices), then each `include` entry is merged into every
    /// combination it does not contradict on an original axis, or added as a
    /// new combination when it fits none. Axes or entries given as expressions
    /// are unknown until run time and are skipped.
    ///
    /// ```
    /// # use ci_model::{Matrix, Yaml};
    /// let m = Matrix::new()
    ///     .axis("os", ["ubuntu-latest", "windows-latest"])
    ///     .axis("node", [20, 22])
    ///     .exclude([("os", Yaml::from("windows-latest")), ("node", Yaml::from(20))])
    ///     .include([("os", Yaml::from("macos-latest")), ("node", Yaml::from(22))]);
    /// let rows: Vec<String> = m
    ///     .combinations()
    ///     .iter()
    ///     .map(|r| format!("{}/{}", r["os"].as_str().unwrap(), r["node"].as_scalar().unwrap()))
    ///     .collect();
    /// assert_eq!(rows, ["ubuntu-latest/20", "ubuntu-latest/22", "windows-latest/22", "macos-latest/22"]);
    /// ```
    pub fn combinations(&self) -> Vec<MatrixRow> {
        let mut rows: Vec<MatrixRow> = vec![MatrixRow::new()];
        for (name, values) in &self.axes {
            let Some(values) = values.literal() else {
                continue;
            };
            let mut next = Vec::with_capacity(rows.len() * values.len());
            for row in &rows {
                for v in values {
                    let mut r = row.clone();
                    r.insert(name.clone(), v.clone());
                    next.push(r);
                }
            }
            rows = next;
        }
        if self.axes.is_empty() {
            rows.clear();
        }
        if let Some(LitOrExpr::Lit(excludes)) = &self.exclude {
            rows.retain(|row| !excludes.iter().any(|ex| row_matches(row, ex)));
        }
        if let Some(LitOrExpr::Lit(includes)) = &self.include {
            let original: Vec<&String> = self.axes.keys().collect();
            let base_len = rows.len();
            for inc in includes {
                let mut merged = false;
                for row in rows.iter_mut().take(base_len) {
                    let conflicts =
                        inc.iter().any(|(k, v)| original.contains(&k) && row.get(k).is_some_and(|rv| rv != v));
                    if !conflicts {
                        for (k, v) in inc {
                            row.insert(k.clone(), v.clone());
                        }
                        merged = true;
                    }
                }
                if !merged {
                    rows.push(inc.clone());
                }
            }
        }
        rows
    }
}

/// A matrix entry as [`Matrix::include_row`] and [`Matrix::exclude_row`]
/// take it: an array of `(key, value)` pairs of one kind, or a tuple of up
/// to twelve pairs of any kinds.
///
/// ```
/// use ci_model::{IntoMatrixRow, Yaml};
///
/// let row = (("os", "macos-latest"), ("node", 22), ("coverage", false)).into_matrix_row();
/// assert_eq!(row["node"], Yaml::from(22));
/// assert_eq!([("os", "linux")].into_matrix_row().len(), 1);
/// ```
pub trait IntoMatrixRow {
    /// The entry.
    fn into_matrix_row(self) -> MatrixRow;
}

impl<K: Into<String>, V: Into<Yaml>, const N: usize> IntoMatrixRow for [(K, V); N] {
    fn into_matrix_row(self) -> MatrixRow {
        self.into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    }
}

impl<K: Into<String>, V: Into<Yaml>> IntoMatrixRow for Vec<(K, V)> {
    fn into_matrix_row(self) -> MatrixRow {
        self.into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    }
}

/// An empty entry (`{}`).
impl IntoMatrixRow for () {
    fn into_matrix_row(self) -> MatrixRow {
        MatrixRow::new()
    }
}

macro_rules! matrix_row_tuples {
    ($( ($($k:ident $v:ident $i:tt),+) )*) => {$(
        impl<$($k: Into<String>, $v: Into<Yaml>),+> IntoMatrixRow for ($(($k, $v),)+) {
            fn into_matrix_row(self) -> MatrixRow {
                let mut row = MatrixRow::new();
                $( row.insert((self.$i).0.into(), (self.$i).1.into()); )+
                row
            }
        }
    )*};
}

matrix_row_tuples! {
    (K0 V0 0)
    (K0 V0 0, K1 V1 1)
    (K0 V0 0, K1 V1 1, K2 V2 2)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6, K7 V7 7)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6, K7 V7 7, K8 V8 8)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6, K7 V7 7, K8 V8 8, K9 V9 9)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6, K7 V7 7, K8 V8 8, K9 V9 9, K10 V10 10)
    (K0 V0 0, K1 V1 1, K2 V2 2, K3 V3 3, K4 V4 4, K5 V5 5, K6 V6 6, K7 V7 7, K8 V8 8, K9 V9 9, K10 V10 10, K11 V11 11)
}

/// Whether every key of `pattern` has the same value in `row`.
pub(crate) fn row_matches(row: &MatrixRow, pattern: &MatrixRow) -> bool {
    pattern.iter().all(|(k, v)| {
        row.get(k) == Some(v) || matches!((row.get(k), v), (Some(Yaml::Map(r)), Yaml::Map(p)) if row_matches(r, p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> MatrixRow {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Yaml::from(*v))).collect()
    }

    #[test]
    fn include_merges_or_adds_and_exclude_removes() {
        // GitHub's documented example: fruit x animal, include extends and adds.
        let m = Matrix::new()
            .axis("fruit", ["apple", "pear"])
            .axis("animal", ["cat", "dog"])
            .include([("color", "green")])
            .include([("color", "pink"), ("animal", "cat")])
            .include([("fruit", "apple"), ("shape", "circle")])
            .include([("fruit", "banana")])
            .include([("fruit", "banana"), ("animal", "cat")]);
        let rows = m.combinations();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0], row(&[("fruit", "apple"), ("animal", "cat"), ("color", "pink"), ("shape", "circle")]));
        assert_eq!(rows[1], row(&[("fruit", "apple"), ("animal", "dog"), ("color", "green"), ("shape", "circle")]));
        assert_eq!(rows[4], row(&[("fruit", "banana")]));
        let m = Matrix::new().axis("os", ["a", "b"]).axis("v", ["1", "2"]).exclude([("os", "a"), ("v", "2")]);
        assert_eq!(m.combinations().len(), 3);
    }
}
