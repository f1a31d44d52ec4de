//! The JSON Schema of the model (schemars).
//!
//! Most types derive `JsonSchema` next to their definition, with serde
//! attributes naming the YAML keys; the types whose YAML shape is not their
//! Rust shape (a scalar that remembers its kind, one-or-many lists, values
//! that may be expressions, exclusive filter pairs, steps with one body) are
//! written out here.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::common::{Expr, LitOrExpr, OneOrMany, Uses};
use crate::step::Step;
use crate::workflow::{
    CallInputType, CallSecrets, DispatchInput, Matrix, MergeGroupFilter, NullOr, On, Permissions, PullRequestFilter,
    PushFilter, WorkflowRunFilter,
};
use crate::{Action, Number, Scalar, Workflow, Yaml};

/// The JSON Schema of a workflow file, as pretty-printed JSON.
///
/// ```
/// let schema = ci_model::workflow_schema();
/// assert!(schema.contains("\"runs-on\""));
/// ```
pub fn workflow_schema() -> String {
    pretty(schemars::schema_for!(Workflow))
}

/// The JSON Schema of an `action.yml`, as pretty-printed JSON.
///
/// ```
/// let schema = ci_model::action_schema();
/// assert!(schema.contains("\"deprecationMessage\""));
/// ```
pub fn action_schema() -> String {
    pretty(schemars::schema_for!(Action))
}

/// The properties a record declares (see [`crate::record`]), for the
/// records marked `[own schema]`, whose schema is written here.
pub(crate) trait Properties {
    /// Each key with the schema of its value, in declared order.
    fn properties(g: &mut SchemaGenerator) -> Vec<(&'static str, Schema)>;
    /// The keys a file must write.
    const REQUIRED: &'static [&'static str];
}

/// The type whose schema describes an optional field's value.
trait Optional {
    type Value: JsonSchema;
}

impl<T: JsonSchema> Optional for Option<T> {
    type Value = T;
}

macro_rules! properties {
    // A tagged union: one object per variant, the tag first and required;
    // a variant chosen by its own key has its keys only.
    (
        enum $name:ident : $tag:literal [$($topt:tt)*]
        { $( $vdoc:literal $var:ident ( $rec:ident ) = [$($value:literal),+] [$($held:ident)?], )+ }
        by { $( $kdoc:literal $kvar:ident ( $krec:ident ) = by $kfield:ident, )* }
    ) => {
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(g: &mut SchemaGenerator) -> Schema {
                let variants = vec![
                    $( variant::<$rec>(g, Some(($tag, properties!(@tag [$($value),+] [$($held)?]))), $vdoc), )+
                    $( variant::<$krec>(g, None, $kdoc), )*
                ];
                json_schema!({ "oneOf": variants })
            }
        }
    };
    (@tag [$value:literal] []) => { json_schema!({ "const": $value }) };
    (@tag [$($value:literal),+] [$held:ident]) => { json_schema!({ "type": "string", "enum": [$($value),+] }) };
    (
        $name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }
        also { $($plain:ident),* }
    ) => {
        impl Properties for $name {
            #[allow(clippy::vec_init_then_push)] // one push per declared field
            #[inline] // used by the `[own schema]` records only: not compiled for the others
            fn properties(g: &mut SchemaGenerator) -> Vec<(&'static str, Schema)> {
                let mut props = Vec::new();
                $( properties!(@prop props g $ty, $key [$($opt)*]); )*
                props
            }
            const REQUIRED: &'static [&'static str] = properties!(@required [] $( $key [$($opt)*] )*);
        }
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [required]) => {
        $props.push(($key, $g.subschema_for::<$ty>()));
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [filter]) => {
        $props.push(($key, $g.subschema_for::<OneOrMany<Scalar>>()));
        $props.push((concat!($key, "-ignore"), $g.subschema_for::<OneOrMany<Scalar>>()));
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [$($opt:ident)?]) => {
        $props.push(($key, $g.subschema_for::<<$ty as Optional>::Value>()));
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [required, commented]) => {
        properties!(@prop $props $g $ty, $key [required])
    };
    // The names GitHub defines under the key; the second key's value.
    (@prop $props:ident $g:ident $ty:ty, $key:literal [kind $second:literal]) => {
        $props.push(($key, json_schema!({ "type": "string", "enum": <$ty as Kind>::NAMES })));
        $props.push(($second, $g.subschema_for::<<$ty as Kind>::Detail>()));
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [schema only]) => {
        properties!(@prop $props $g $ty, $key [])
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [filter, schema only]) => {
        properties!(@prop $props $g $ty, $key [filter])
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [needed = $hint:literal]) => {
        $props.push(($key, $g.subschema_for::<<$ty as Optional>::Value>()));
    };
    (@prop $props:ident $g:ident $ty:ty, $key:literal [$opt:ident = $hint:literal]) => {
        $props.push(($key, $g.subschema_for::<$ty>()));
    };
    (@required [$($done:tt)*]) => { &[$($done)*] };
    (@required [$($done:tt)*] $key:literal [required] $($rest:tt)*) => {
        properties!(@required [$($done)* $key,] $($rest)*)
    };
    (@required [$($done:tt)*] $key:literal [required, commented] $($rest:tt)*) => {
        properties!(@required [$($done)* $key,] $($rest)*)
    };
    (@required [$($done:tt)*] $key:literal [$opt:ident = $hint:literal] $($rest:tt)*) => {
        properties!(@required [$($done)* $key,] $($rest)*)
    };
    (@required [$($done:tt)*] $key:literal [$($opt:tt)*] $($rest:tt)*) => {
        properties!(@required [$($done)*] $($rest)*)
    };
}

#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
mod declared {
    use indexmap::IndexMap;

    use super::*;
    use crate::record::Kind;
    use crate::*;
    records!(properties);
    crate::step::step_fields!(properties);
}

fn pretty(schema: Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

const EXPR_PATTERN: &str = r"^.*\$\{\{(.|[\r\n])*\}\}.*$";

impl JsonSchema for Scalar {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean", "null"] })
    }
}

impl JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
    }
}

impl JsonSchema for Yaml {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Yaml".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!(true)
    }
}

impl JsonSchema for Expr {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Expression".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": EXPR_PATTERN })
    }
}

impl JsonSchema for Uses {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Uses".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "`owner/repo[/path]@ref`, `./path`, `$/path` or `docker://image`"
        })
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one = g.subschema_for::<T>();
        json_schema!({ "anyOf": [one.clone(), { "type": "array", "items": one }] })
    }
}

impl<T: JsonSchema> JsonSchema for LitOrExpr<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("LitOrExpr_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let lit = g.subschema_for::<T>();
        let expr = g.subschema_for::<Expr>();
        json_schema!({ "anyOf": [lit, expr] })
    }
}

impl<T: JsonSchema> JsonSchema for NullOr<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("NullOr_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let value = g.subschema_for::<T>();
        json_schema!({ "anyOf": [{ "type": "null" }, value] })
    }
}

impl JsonSchema for On {
    fn schema_name() -> Cow<'static, str> {
        "On".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let map = g.subschema_for::<crate::workflow::Triggers>();
        json_schema!({
            "description": "The events that trigger the workflow: one name, a list of names, or a mapping.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
                map
            ]
        })
    }
}

/// The object schema of a record marked `[own schema]`: its declared
/// properties, the required ones, and no others.
fn record_object<T: Properties>(g: &mut SchemaGenerator, description: &str) -> Schema {
    let mut o = object(T::properties(g), description);
    if !T::REQUIRED.is_empty() {
        o.insert("required".to_owned(), serde_json::json!(T::REQUIRED));
    }
    o
}

/// The object schema of one variant of a union: the tag (with the schema of
/// its values; `None` for a variant chosen by its own key) and the variant's
/// properties; the tag and the variant's required keys are required. `doc`
/// is the variant's doc line.
fn variant<T: Properties>(g: &mut SchemaGenerator, tag: Option<(&'static str, Schema)>, doc: &str) -> Schema {
    let tag_key = tag.as_ref().map(|(key, _)| *key);
    let mut props: Vec<(&str, Schema)> = tag.into_iter().collect();
    props.extend(T::properties(g));
    let mut o = object(props, doc.trim());
    let required: Vec<&str> = tag_key.into_iter().chain(T::REQUIRED.iter().copied()).collect();
    o.insert("required".to_owned(), serde_json::json!(required));
    o
}

/// An object schema with the given `(key, schema)` properties and no others.
fn object(props: Vec<(&str, Schema)>, description: &str) -> Schema {
    let mut properties = serde_json::Map::new();
    for (k, v) in props {
        properties.insert(k.to_owned(), v.to_value());
    }
    json_schema!({
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": false
    })
}

impl JsonSchema for PushFilter {
    fn schema_name() -> Cow<'static, str> {
        "PushFilter".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        record_object::<PushFilter>(g, "Filters of `push`; each filter and its `-ignore` form exclude each other.")
    }
}

impl JsonSchema for PullRequestFilter {
    fn schema_name() -> Cow<'static, str> {
        "PullRequestFilter".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        record_object::<PullRequestFilter>(g, "Filters of `pull_request` and `pull_request_target`.")
    }
}

impl JsonSchema for MergeGroupFilter {
    fn schema_name() -> Cow<'static, str> {
        "MergeGroupFilter".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        record_object::<MergeGroupFilter>(g, "Filters of `merge_group`.")
    }
}

impl JsonSchema for WorkflowRunFilter {
    fn schema_name() -> Cow<'static, str> {
        "WorkflowRunFilter".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        record_object::<WorkflowRunFilter>(g, "Filters of `workflow_run`.")
    }
}

impl JsonSchema for DispatchInput {
    fn schema_name() -> Cow<'static, str> {
        "DispatchInput".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        record_object::<DispatchInput>(g, "A `workflow_dispatch` input; `options` only with `type: choice`.")
    }
}

impl JsonSchema for CallInputType {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "CallInputType".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": CallInputType::NAMES })
    }
}

impl JsonSchema for Permissions {
    fn schema_name() -> Cow<'static, str> {
        "Permissions".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let scopes = g.subschema_for::<crate::workflow::Scopes>();
        json_schema!({
            "description": "`read-all`, `write-all`, or a mapping of scopes (`{}` grants nothing).",
            "anyOf": [{ "type": "string", "enum": ["read-all", "write-all"] }, scopes]
        })
    }
}

impl JsonSchema for CallSecrets {
    fn schema_name() -> Cow<'static, str> {
        "CallSecrets".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let scalar = g.subschema_for::<Scalar>();
        json_schema!({
            "anyOf": [
                { "type": "string", "const": "inherit" },
                { "type": "object", "additionalProperties": scalar }
            ]
        })
    }
}

impl JsonSchema for Matrix {
    fn schema_name() -> Cow<'static, str> {
        "Matrix".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let axis = g.subschema_for::<LitOrExpr<Vec<Yaml>>>();
        let rows = g.subschema_for::<LitOrExpr<Vec<crate::workflow::MatrixRow>>>();
        json_schema!({
            "type": "object",
            "description": "Matrix axes (each a list of values), `include` and `exclude`.",
            "properties": { "include": rows.clone(), "exclude": rows },
            "additionalProperties": axis
        })
    }
}

impl JsonSchema for Step {
    fn schema_name() -> Cow<'static, str> {
        "Step".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        use crate::step::key;
        // The keys every step may write, then each kind's own (the first
        // required); which common keys a kind takes is left to validation.
        let common = <Step as Properties>::properties(g);
        let kind = |own: Vec<(&'static str, Schema)>| {
            let required: Vec<&str> = own.iter().take(1).map(|(k, _)| *k).collect();
            let mut props = common.clone();
            props.extend(own);
            let mut o = object(props, "");
            o.insert("required".to_owned(), serde_json::json!(required));
            o.remove("description");
            o
        };
        let scalar = g.subschema_for::<Scalar>();
        let variants = vec![
            kind(vec![
                (key::USES, g.subschema_for::<Uses>()),
                (key::WITH, g.subschema_for::<LitOrExpr<crate::With>>()),
            ]),
            kind(vec![(key::RUN, scalar.clone()), (key::SHELL, scalar.clone()), (key::WORKING_DIRECTORY, scalar)]),
            kind(vec![(key::WAIT, g.subschema_for::<OneOrMany<String>>())]),
            kind(vec![(key::WAIT_ALL, json_schema!({ "type": ["boolean", "null"] }))]),
            kind(vec![(key::CANCEL, json_schema!({ "type": "string" }))]),
            kind(vec![(key::PARALLEL, g.subschema_for::<Vec<Step>>())]),
        ];
        json_schema!({
            "description": "One step: exactly one of `uses`, `run`, `wait`, `wait-all`, `cancel` or `parallel`.",
            "oneOf": variants
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_deterministic_json() {
        let a = workflow_schema();
        assert_eq!(a, workflow_schema());
        let v: serde_json::Value = serde_json::from_str(&a).unwrap_or_default();
        assert_eq!(v["title"], "Workflow");
        assert!(action_schema().contains("\"composite\""));
    }
}
