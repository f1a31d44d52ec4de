//! `concurrency:`: at most one run (or job) per group at a time.
//!
//! See GitHub's [concurrency] syntax.
//!
//! [concurrency]: https://docs.github.com/actions/using-jobs/using-concurrency

use crate::Scalar;
use crate::common::{Extra, LitOrExpr};
use crate::record::record;

/// `concurrency:`, a group name or a mapping.
///
/// ```
/// use ci_model::{Concurrency, Expr};
///
/// let c = Concurrency::group("deploy-staging").cancel_in_progress(false);
/// let pr = Concurrency::group("${{ github.workflow }}-${{ github.ref }}")
///     .cancel_in_progress(Expr::new("github.event_name == 'pull_request'"));
/// assert!(matches!(c, Concurrency::Spec(_)));
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Concurrency {
    /// `concurrency: group-name`.
    Group(Scalar),
    /// `concurrency:` with `group` and options.
    Spec(ConcurrencySpec),
}

record! {
    /// The mapping form of [`Concurrency`].
    ///
    /// ```
    /// use ci_model::{Concurrency, LitOrExpr};
    ///
    /// let Concurrency::Spec(spec) = Concurrency::group("deploy").cancel_in_progress(false) else { unreachable!() };
    /// assert_eq!(spec.group, "deploy");
    /// assert_eq!(spec.cancel_in_progress, Some(LitOrExpr::Lit(false)));
    /// assert_eq!(spec.queue, None);
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct ConcurrencySpec: "a mapping with `group`" as concurrency_spec_fields {
        /// `group:`.
        pub group: Scalar = "group" [required],
        /// `cancel-in-progress:`: cancel the running member of the group.
        pub cancel_in_progress: Option<LitOrExpr<bool>> = "cancel-in-progress",
        /// `queue:` (`single` or `max`).
        pub queue: Option<Scalar> = "queue",
    }
}

impl Concurrency {
    /// The mapping form with just a group.
    ///
    /// ```
    /// # use ci_model::{Concurrency, Workflow};
    /// let wf = Workflow::new("Deploy").on_push().concurrency(Concurrency::group("deploy-production"));
    /// assert!(wf.to_yaml().contains("concurrency:\n  group: deploy-production\n"));
    /// ```
    pub fn group(group: impl Into<Scalar>) -> Self {
        Concurrency::Spec(ConcurrencySpec {
            group: group.into(),
            cancel_in_progress: None,
            queue: None,
            extra: Extra::new(),
        })
    }

    /// Sets `cancel-in-progress:` (a group name becomes a mapping).
    ///
    /// ```
    /// # use ci_model::{Concurrency, Scalar};
    /// // A bare group name becomes the mapping form.
    /// let c = Concurrency::Group(Scalar::from("ci")).cancel_in_progress(true);
    /// let Concurrency::Spec(spec) = c else { unreachable!() };
    /// assert_eq!(spec.cancel_in_progress.unwrap().literal(), Some(&true));
    /// ```
    pub fn cancel_in_progress(self, cancel: impl Into<LitOrExpr<bool>>) -> Self {
        let mut spec = match self {
            Concurrency::Spec(s) => s,
            Concurrency::Group(g) => {
                ConcurrencySpec { group: g, cancel_in_progress: None, queue: None, extra: Extra::new() }
            }
        };
        spec.cancel_in_progress = Some(cancel.into());
        Concurrency::Spec(spec)
    }

    /// `concurrency: <group>`, the group's name alone.
    ///
    /// ```
    /// # use ci_model::{Concurrency, Workflow};
    /// let wf = Workflow::new("CI").on_push().concurrency(Concurrency::named("ci"));
    /// assert!(wf.to_yaml().contains("\nconcurrency: ci\n"));
    /// ```
    pub fn named(group: impl Into<Scalar>) -> Self {
        Concurrency::Group(group.into())
    }

    /// Sets `queue:` (`single` or `max`; a group name becomes a mapping).
    ///
    /// ```
    /// # use ci_model::Concurrency;
    /// let Concurrency::Spec(spec) = Concurrency::named("deploy").queue("max") else { unreachable!() };
    /// assert_eq!(spec.queue.unwrap(), "max");
    /// ```
    pub fn queue(self, queue: impl Into<Scalar>) -> Self {
        let mut spec = self.into_spec();
        spec.queue = Some(queue.into());
        Concurrency::Spec(spec)
    }

    /// Adds a key the model does not know to the mapping form (a group
    /// name becomes a mapping); validation reports it.
    ///
    /// ```
    /// # use ci_model::{Concurrency, Yaml};
    /// let Concurrency::Spec(spec) = Concurrency::named("ci").unknown_key("x-note", 1) else { unreachable!() };
    /// assert_eq!(spec.extra["x-note"], Yaml::from(1));
    /// ```
    pub fn unknown_key(self, key: impl Into<String>, value: impl Into<crate::Yaml>) -> Self {
        Concurrency::Spec(self.into_spec().unknown_key(key, value))
    }

    /// The mapping form.
    fn into_spec(self) -> ConcurrencySpec {
        match self {
            Concurrency::Spec(s) => s,
            Concurrency::Group(g) => {
                ConcurrencySpec { group: g, cancel_in_progress: None, queue: None, extra: Extra::new() }
            }
        }
    }

    /// The group, whichever form is written.
    ///
    /// ```
    /// # use ci_model::{Concurrency, Scalar};
    /// assert_eq!(Concurrency::Group(Scalar::from("ci")).group_name(), "ci");
    /// assert_eq!(Concurrency::group("ci").cancel_in_progress(true).group_name(), "ci");
    /// ```
    pub fn group_name(&self) -> &Scalar {
        match self {
            Concurrency::Group(g) => g,
            Concurrency::Spec(s) => &s.group,
        }
    }
}
