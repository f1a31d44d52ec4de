//! What an action's input takes, as its typed binding says: a leaf module
//! the generated bindings (`actions`) and the checks that read them
//! ([`ActionTable`](crate::ActionTable)) both use.

/// Each typed input of an action with its type, as
/// [`ActionTable::input_types_of`] gives them.
///
/// ```
/// let types: ci_model::TypedInputs = ci_model::actions::input_types_of("actions/checkout").unwrap();
/// assert!(types.contains(&("persist-credentials", ci_model::InputType::Boolean)));
/// ```
pub type TypedInputs = &'static [(&'static str, InputType)];

/// What an action's input takes, as its binding types it.
///
/// ```
/// use ci_model::InputType;
///
/// let types = ci_model::actions::input_types_of("actions/upload-artifact").unwrap();
/// let found = types.iter().find(|(name, _)| *name == "if-no-files-found").map(|(_, t)| *t);
/// assert_eq!(found, Some(InputType::Choice(&["warn", "error", "ignore"])));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// One of these words.
    Choice(&'static [&'static str]),
}
