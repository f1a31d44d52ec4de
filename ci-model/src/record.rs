//! One declaration per record type: [`record!`] declares a mapping of
//! GitHub's syntax (a struct whose fields are YAML keys) once, and each layer
//! above derives its part from that declaration.
//!
//! ```text
//! record! {
//!     /// `defaults.run:`.
//!     #[derive(Clone, Debug, Default, PartialEq)]
//!     pub struct RunDefaults: "a mapping" as run_defaults_fields {
//!         /// `shell:`.
//!         pub shell: Option<Scalar> = "shell",
//!         /// `working-directory:`.
//!         pub working_directory: Option<Scalar> = "working-directory",
//!     }
//! }
//! ```
//!
//! expands to the struct (its docs, the listed derives, the JSON Schema
//! derive with each field renamed to its key, and `extra` for the keys the
//! model does not know), to an impl of [`Declared`] (each field with its
//! key, for [`key_of!`]) and to a macro, `run_defaults_fields!`, that hands
//! the field list to another macro. `records!` (in the crate root) calls one
//! macro with every record declared this way, and each layer passes its own:
//! `parse/records.rs` derives the parser (`Raise`), `emit/records.rs` the
//! emitter (`Lower`), `validate/records.rs` the known keys and the key
//! checks (`Known`), `schema.rs` the properties of the records whose schema
//! it writes (`Properties`), and `diagnostic.rs` collects the hints of the
//! missing-key message. So the model modules import nothing from the layers
//! above them, and each key is spelled once, in its record. Outside the
//! crate, `ci-gen import` derives the code that rebuilds a record from the
//! same list, exported as the hidden `__records!` (not API).
//!
//! The text in quotes after the name is what a file must hold there, for
//! messages (`expected a mapping, found ...`). A field's key may be followed
//! by options in brackets (none: an `Option` the file may leave out):
//!
//! - `[required]`: the field is not an `Option`; a file without the key is
//!   refused, naming the closest key written instead, if any; the JSON
//!   Schema lists it as required.
//! - `[required = "hint"]`: `[required]`, and the missing-key message adds
//!   the hint (`missing required key `runs-on`; add the runner ...`). A key
//!   has one hint, wherever it is declared (the message knows the key, not
//!   the record).
//! - `[section = "hint"]`: `[required = "hint"]`, written after an empty
//!   line: the parts of a file (`on:`, `jobs:`).
//! - `[needed = "hint"]`: an `Option` the parser accepts unset, which
//!   validation reports missing with the hint (a container's `image`); an
//!   `[own schema]` record's schema lists it as required (a JavaScript
//!   action's `main`), a derived one does not.
//! - `[required, commented]`: a required key whose entry carries, as the
//!   comment after its value, the record's `comment` (a field in
//!   `also { .. }`), such as a schedule's `cron`.
//! - `[filter]`: an `Option<Filter>` written as `key` or `key-ignore`
//!   (GitHub's exclusive pairs such as `branches`/`branches-ignore`); both
//!   keys are known and in the JSON Schema, and a file with both is
//!   refused. The record needs `[own schema]`.
//! - `[schema only]`, `[filter, schema only]`: a key SchemaStore's schema
//!   has but GitHub's parser rejects (`tags` under `pull_request:`): it is
//!   read, written and in the JSON Schema, but it is not among the known
//!   keys validation offers, and validation reports it when written.
//! - `[positive]`: a number (or expression) that must be above zero, such
//!   as `timeout-minutes`.
//! - `[count]`: a number (or expression) that must be at least 1, such as
//!   `max-parallel`.
//! - `[service]`: a key only some uses of the record take: a service
//!   container takes `entrypoint` and `command`, a job's `container:` (the
//!   same record) refuses them; validation derives both key sets.
//! - `[kind "second"]`: one value written under two keys, such as a
//!   `workflow_dispatch` input's `type:` and, for `type: choice` only, its
//!   `options:` ([`InputKind`](crate::InputKind)); the field's type
//!   implements [`Kind`], and the record needs `[own schema]`. The parser
//!   builds it from the name under the key and reads `second` only for the
//!   kinds that take it (for the others it stays in `extra`, an unknown
//!   key); keys are read by name, so the order in which a file writes them
//!   does not matter. The emitter writes the name in the field's place and
//!   `second` after the field that follows (the canonical order `type`,
//!   `default`, `options`). Validation knows `second` only for the kinds
//!   that take it (the keys its messages list change with the kind),
//!   requires it for them, and reports a name outside [`Kind::NAMES`]; the
//!   JSON Schema lists those names.
//!
//! Each layer's macro has one arm per option (`@take`/`@value` in the
//! parser, `@put` in the emitter, `@keys`, `@pairs`, `@check`, `@set`,
//! `@allow`, `@refuse`, `@service` in validation, `@prop`, `@required` in the
//! schema, `@one` for the hints). `macro_rules!` takes the first arm that
//! matches, so an option's own arm comes before any arm that also matches
//! it: `[$($opt:ident)?]` takes no option or any one word (`[positive]`),
//! `[$opt:ident = $hint:literal]` any hint (`[needed = ..]` has its own arm
//! before it wherever it differs from `[required = ..]`). An option no arm
//! of a layer matches does not compile.
//!
//! A layer that names one field (validation walking into `runs-on:`, the
//! step parser) finds its key without spelling it again with
//! `key_of!(NormalJob.runs_on)`, a constant looked up in the declaration.
//!
//! Fields that are not keys of the mapping (the comment written above a
//! job, the lints it allows) follow the keyed ones in a block `also { .. }`;
//! a file never sets them, so the parser leaves them at their default.
//!
//! A field (keyed or in `also`) may end with builder options in braces,
//! after its key and options: `= "timeout-minutes" [positive] {
//! set(LitOrExpr<Number>) }`. Each option generates one method on the
//! record, documented by the field's own doc comment (so a method is
//! documented once, where its field is); the layers never see them.
//!
//! - `set(T)`: `fn field(self, value: impl Into<T>) -> Self` sets
//!   `Some(value.into())` on an `Option<T>` field. `T` is written in the
//!   option so that the docs show the signature as callers write it (a
//!   `T` the field does not hold fails to compile).
//! - `push(T)`: `fn field(self, value: impl Into<T>) -> Self` adds one
//!   item to an `Option<OneOrMany<T>>` (written as a list), such as
//!   `needs("build").needs("test")`.
//! - `list(T)`: `fn field<S: Into<T>>(self, items: impl IntoIterator<Item = S>)`
//!   sets an `Option<OneOrMany<T>>` to the whole list (`types([..])`).
//! - `one(method: T)`: `fn method(self, value: impl Into<T>) -> Self` sets an
//!   `Option<OneOrMany<T>>` to one value written as a scalar
//!   (`needs_one("build")` writes `needs: build`).
//! - `only`: on a `[filter]` field, `fn field(self, patterns)` sets
//!   [`Filter::only`](crate::Filter::only) (`branches([..])`);
//!   `ignore(method)`: `fn method(self, patterns)` sets
//!   [`Filter::ignore`](crate::Filter::ignore) (`paths_ignore([..])`).
//! - `only_one(method)`, `ignore_one(method)`: on a `[filter]` field, one
//!   pattern written as a scalar (`branches_one("main")` writes
//!   `branches: main`).
//! - `empty(method)`: `fn method(self) -> Self` sets an
//!   `Option<OneOrMany<T>>` to an empty list (`needs: []`).
//! - `when` (an `if:` field `Option<Scalar>`): `fn when(self, condition)`
//!   sets it from a typed [`Condition`](crate::Condition) or its text.
//! - `comment` (an `also` field `Option<String>`): `fn field(self, text)`
//!   sets the comment written above the value, its line breaks and line
//!   ends normalised as a comment reads back.
//! - `allow` (an `also` field `Vec<Allow>`): `fn field(self, lint, reason)`
//!   allows a lint for a reason (trimmed).
//!
//! Options are separated by commas (`{ only, ignore(paths_ignore) }`).
//! Every record also gets `unknown_key(key, value)`, which adds to `extra`.
//! A builder that does more than set its field (`env(key, value)`, which
//! adds one entry, or `service(name, container)`) is written by hand next
//! to the record.
//!
//! The JSON Schema of a record is derived (schemars) from the struct, each
//! field renamed to its key. A record whose YAML shape the derive cannot
//! describe (a field written under one of two keys: `[filter]`, `[kind]`) is
//! marked `[own schema]` after its name: its schema is written in
//! `schema.rs` from the properties the declaration lists (`Properties`), so
//! the keys are still spelled once.
//!
//! A step is declared with `record!` for its common keys but is not in
//! `records!`: its body is one of several kinds, so its parser and emitter
//! are written by hand (`parse/model.rs`, `emit/model.rs`, naming each key
//! with `key_of!`); validation and the schema derive its part from
//! `step_fields!`, so of the options only those they alone implement
//! (`[positive]`) apply to it.
//!
//! A mapping that is one of several records, told apart by the value of one
//! key (an action's `runs:`, by `using`), is declared as a tagged union:
//!
//! ```text
//! record! {
//!     /// `runs:`.
//!     #[derive(Clone, Debug, PartialEq)]
//!     pub enum Runs: tagged "using" [required = "add the action's runtime"] as runs_variants {
//!         /// A composite action.
//!         Composite(CompositeRuns) = ["composite"],
//!         /// A JavaScript action.
//!         Node(NodeRuns) = ["node20", "node24"] in using,
//!         /// A plugin of the runner.
//!         Plugin(PluginRuns) = by plugin,
//!     }
//! }
//! ```
//!
//! The tag key is spelled once, in the union, with the options of a field
//! (of which only a hint, `[required = "hint"]`, is read: the tag is always
//! required); each variant names its record (declared with `record!` and
//! listed in `records!`, which lists its own keys only), has one doc line,
//! and says what chooses it:
//!
//! - `= ["value", ..]`: the tag values that choose it. A variant with one
//!   value writes it.
//! - `= [..] in field`: the last variant with tag values holds the value it
//!   was read with in `field` of its record (a [`Scalar`](crate::Scalar) in
//!   its `also { .. }`): it takes every value no other variant lists, and
//!   validation reports a value outside its list. (Without such a variant
//!   the parser's `match` on the tag misses values and does not compile;
//!   with it before another tagged variant the arms after it are
//!   unreachable, a warning the workspace's `-D warnings` refuses.)
//! - `= by field`: no tag value; the variant is chosen when the tag key is
//!   absent and the key of `field` (a keyed [`Scalar`](crate::Scalar)
//!   field of its record, usually `[required]`) is written, such as GitHub's
//!   `runs: { plugin: checkout }`. With the tag written, the tag decides
//!   and this key is an unknown key of the variant it chooses; with
//!   neither, the tag is missing (its message and hint). Such variants are
//!   tried in declared order; the emitter writes the record's keys only,
//!   no tag.
//!
//! The parser reads the tag and then the chosen record's keys; the emitter
//! writes the tag first; validation allows the tag besides the record's
//! keys; the JSON Schema is one object per variant, the tag a `const` (or an
//! `enum` of the held values) and required, described by the variant's one
//! doc line (a `by` variant's object has the record's keys only, and comes
//! after the tagged ones). The union gets `chosen_by()`: the key that chose
//! the variant and its value as written (`("using", "node24")`,
//! `("plugin", "checkout")`), for code outside the crate that describes a
//! value without matching every variant. Each layer handles this form in
//! the same callback as the records (`enum Name: "tag" [options] { tagged
//! variants } by { variants chosen by a key }`).
//!
//! Why a `macro_rules!` macro: a derive would need a proc-macro crate (and
//! syn) compiled by every user of ci-model, and a source generator would
//! spell each key again in the code it commits. The structs this makes are
//! ordinary items: docs.rs shows them with their docs, and go-to-definition
//! leads to the declaration.

use crate::Scalar;

/// Declares a record type; see the [module docs](self).
macro_rules! record {
    // The public form: keyed fields, then (after `also`) fields that are
    // not keys of the mapping; the struct may be marked `[own schema]`.
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $expected:literal as $fields:ident $([$($sopt:tt)*])? {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $key:literal $([$($opt:tt)*])? $({ $($build:tt)* })?
            ),* $(,)?
        }
        $(also {
            $(
                $(#[$pmeta:meta])*
                pub $plain:ident : $pty:ty $({ $($pbuild:tt)* })?
            ),* $(,)?
        })?
    ) => {
        $crate::record::record! {
            @dollar ($) [$($($sopt)*)?]
            $(#[$meta])*
            pub struct $name : $expected as $fields {
                $( $(#[$fmeta])* pub $field : $ty = $key [$($($opt)*)?] { $($($build)*)? } ),*
            }
            also { $($( $(#[$pmeta])* pub $plain : $pty { $($($pbuild)*)? } ),*)? }
        }

        // The builder methods the declaration asks for (`{ .. }` after a
        // field), each documented by the field's own doc comment.
        impl $name {
            $( $crate::record::record!(@build [$(#[$fmeta])*] $field [$key] $({ $($build)* })?); )*
            $($( $crate::record::record!(@build [$(#[$pmeta])*] $plain [] $({ $($pbuild)* })?); )*)?

            /// Adds a key the model does not know, written after the known
            /// ones in the order added (validation reports it as unknown,
            /// with the closest known key): what a file read as it is keeps
            /// in `extra`.
            pub fn unknown_key(mut self, key: impl Into<String>, value: impl Into<$crate::Yaml>) -> Self {
                self.extra.insert(key.into(), value.into());
                self
            }
        }
    };
    (
        @dollar ($d:tt) []
        $(#[$meta:meta])*
        pub struct $name:ident : $expected:literal as $fields:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $key:literal [$($opt:tt)*] { $($build:tt)* } ),*
        }
        also { $( $(#[$pmeta:meta])* pub $plain:ident : $pty:ty { $($pbuild:tt)* } ),* }
    ) => {
        #[derive(schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$pmeta])*
                #[schemars(skip)]
                pub $plain: $pty,
            )*
            $(
                $(#[$fmeta])*
                #[serde(rename = $key)]
                pub $field: $ty,
            )*
            /// Keys the model does not know, in written order.
            #[schemars(skip)]
            pub extra: $crate::common::Extra,
        }

        impl $crate::record::Declared for $name {
            const FIELDS: &'static [(&'static str, &'static str)] = &[$( (stringify!($field), $key) ),*];
        }

        $crate::record::record!(@callback ($d) $name $expected $fields { $( $field : $ty = $key [$($opt)*] { $($build)* } ),* } { $( $plain { $($pbuild)* } ),* });
    };
    (
        @dollar ($d:tt) [own schema]
        $(#[$meta:meta])*
        pub struct $name:ident : $expected:literal as $fields:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $key:literal [$($opt:tt)*] { $($build:tt)* } ),*
        }
        also { $( $(#[$pmeta:meta])* pub $plain:ident : $pty:ty { $($pbuild:tt)* } ),* }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$pmeta])*
                pub $plain: $pty,
            )*
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            /// Keys the model does not know, in written order.
            pub extra: $crate::common::Extra,
        }

        impl $crate::record::Declared for $name {
            const FIELDS: &'static [(&'static str, &'static str)] = &[$( (stringify!($field), $key) ),*];
        }

        $crate::record::record!(@callback ($d) $name $expected $fields { $( $field : $ty = $key [$($opt)*] { $($build)* } ),* } { $( $plain { $($pbuild)* } ),* });
    };
    // A tagged union of records (see the module docs): its variants are
    // read one at a time (`@variants`), into the enum's items, the variants
    // chosen by a tag value and those chosen by their own key.
    (
        $(#[$meta:meta])*
        pub enum $name:ident : tagged $tag:literal [$($topt:tt)*] as $variants:ident { $($body:tt)* }
    ) => {
        $crate::record::record!(@variants ($(#[$meta])*) $name $tag [$($topt)*] $variants [] [] [] $($body)*);
    };
    (
        @variants $attrs:tt $name:ident $tag:literal $topt:tt $variants:ident [$($items:tt)*] [$($tagged:tt)*] [$($keyed:tt)*]
        #[doc = $vdoc:literal]
        $var:ident ( $rec:ident ) = [$($value:literal),+ $(,)?] $(in $held:ident)? $(, $($rest:tt)*)?
    ) => {
        $crate::record::record!(
            @variants $attrs $name $tag $topt $variants
            [$($items)* #[doc = $vdoc] $var($rec),]
            [$($tagged)* $vdoc $var ( $rec ) = [$($value),+] [$($held)?],]
            [$($keyed)*]
            $($($rest)*)?
        );
    };
    (
        @variants $attrs:tt $name:ident $tag:literal $topt:tt $variants:ident [$($items:tt)*] [$($tagged:tt)*] [$($keyed:tt)*]
        #[doc = $vdoc:literal]
        $var:ident ( $rec:ident ) = by $field:ident $(, $($rest:tt)*)?
    ) => {
        $crate::record::record!(
            @variants $attrs $name $tag $topt $variants
            [$($items)* #[doc = $vdoc] $var($rec),]
            [$($tagged)*]
            [$($keyed)* $vdoc $var ( $rec ) = by $field,]
            $($($rest)*)?
        );
    };
    (
        @variants ($(#[$meta:meta])*) $name:ident $tag:literal [$($topt:tt)*] $variants:ident [$($items:tt)*]
        [$( $vdoc:literal $var:ident ( $rec:ident ) = [$($value:literal),+] [$($held:ident)?], )+]
        [$( $kdoc:literal $kvar:ident ( $krec:ident ) = by $kfield:ident, )*]
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($items)*
        }

        impl $name {
            /// The key that chose this variant and its value as written:
            /// the tag and its value or, for a variant chosen without the
            /// tag, its own key and that key's value.
            ///
            /// ```
            /// # use ci_model::Action;
            /// let action = Action::parse("runs:\n  using: node24\n  main: index.js\n").unwrap();
            /// assert_eq!(action.runs.chosen_by(), ("using", "node24".into()));
            /// ```
            pub fn chosen_by(&self) -> (&'static str, std::borrow::Cow<'_, str>) {
                match self {
                    $(
                        #[allow(unused_variables)] // read only by the variant that holds the value
                        $name::$var(r) => ($tag, $crate::record::record!(@held r [$($value),+] [$($held)?])),
                    )+
                    $( $name::$kvar(r) => ($crate::key_of!($krec.$kfield), r.$kfield.to_text()), )*
                }
            }
        }

        $crate::record::record!(@union ($) $name $tag [$($topt)*] $variants {
            $( $vdoc $var ( $rec ) = [$($value),+] [$($held)?], )+
        } by {
            $( $kdoc $kvar ( $krec ) = by $kfield, )*
        });
    };
    (@held $r:ident [$value:literal $(, $more:literal)*] []) => { std::borrow::Cow::Borrowed($value) };
    (@held $r:ident [$($value:literal),+] [$held:ident]) => { $r.$held.to_text() };
    (@union ($d:tt) $name:ident $tag:literal [$($topt:tt)*] $variants:ident { $($decl:tt)* } by { $($keyed:tt)* }) => {
        /// Hands the declaration of the union to the macro `cb`; with
        /// `@all`, adds it to those gathered so far (see `records!`).
        macro_rules! $variants {
            ($d cb:path) => {
                $d cb! { enum $name : $tag [$($topt)*] { $($decl)* } by { $($keyed)* } }
            };
            (@all [$d($d acc:tt)*] [$d($d next:path),*] $d cb:path) => {
                $crate::record::record!(@next [$d($d acc)* { enum $name : $tag [$($topt)*] { $($decl)* } by { $($keyed)* } }] [$d($d next),*] $d cb);
            };
        }
        pub(crate) use $variants;
    };
    // Builder methods, one option at a time (see the module docs): the
    // field's docs, its name, its key (none for an `also` field), then the
    // options still to expand.
    (@build $docs:tt $field:ident [$($key:literal)?] $({})?) => {};
    (@build [$($doc:tt)*] $field:ident $key:tt { set($t:ty) $(, $($rest:tt)*)? }) => {
        $($doc)*
        pub fn $field(mut self, value: impl Into<$t>) -> Self {
            self.$field = Some(value.into());
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { push($t:ty) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// Each call adds one (written as a list).
        pub fn $field(mut self, value: impl Into<$t>) -> Self {
            match &mut self.$field {
                Some(list) => list.push(value.into()),
                None => self.$field = Some($crate::OneOrMany::Many(vec![value.into()])),
            }
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { one($method:ident : $t:ty) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// One value, written as a scalar rather than a list of one (GitHub
        /// reads both alike; a later call replaces it).
        pub fn $method(mut self, value: impl Into<$t>) -> Self {
            self.$field = Some($crate::OneOrMany::One(value.into()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { list($t:ty) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// Sets the whole list (written as a list).
        pub fn $field<S: Into<$t>>(mut self, items: impl IntoIterator<Item = S>) -> Self {
            self.$field = Some($crate::OneOrMany::Many(items.into_iter().map(Into::into).collect()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident [$key:literal] { only $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        #[doc = concat!("Only these patterns: `", $key, ":` (see [`Filter::only`](crate::Filter::only)).")]
        pub fn $field<S: Into<$crate::Scalar>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
            self.$field = Some($crate::record::Patterns::only(patterns));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field [$key] { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident [$key:literal] { ignore($method:ident) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        #[doc = concat!("Not these patterns: `", $key, "-ignore:` (see [`Filter::ignore`](crate::Filter::ignore)); ")]
        #[doc = "it replaces the other side of the pair, if set."]
        pub fn $method<S: Into<$crate::Scalar>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
            self.$field = Some($crate::record::Patterns::ignore(patterns));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field [$key] { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident [$key:literal] { only_one($method:ident) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        #[doc = concat!("Only this pattern, written as a scalar (`", $key, ": main`).")]
        pub fn $method(mut self, pattern: impl Into<$crate::Scalar>) -> Self {
            self.$field = Some($crate::record::Patterns::only_one(pattern.into()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field [$key] { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident [$key:literal] { ignore_one($method:ident) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        #[doc = concat!("Not this pattern, written as a scalar (`", $key, "-ignore: main`).")]
        pub fn $method(mut self, pattern: impl Into<$crate::Scalar>) -> Self {
            self.$field = Some($crate::record::Patterns::ignore_one(pattern.into()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field [$key] { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { empty($method:ident) $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// An empty list, written `[]`.
        pub fn $method(mut self) -> Self {
            self.$field = Some($crate::OneOrMany::Many(Vec::new()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { when $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// Takes a typed condition (built with [`ex`](crate::ex)) or its
        /// text; the `${{ }}` around it is optional and left out, as GitHub
        /// allows.
        ///
        /// ```
        /// use ci_model::ex::github;
        /// use ci_model::{Job, Step};
        ///
        /// let job = Job::new("ubuntu-latest").when(github().ref_().eq("refs/heads/main"));
        /// assert_eq!(job.r#if.unwrap(), "github.ref == 'refs/heads/main'");
        /// assert_eq!(Step::run("make clean").when("always()").r#if.unwrap(), "always()");
        /// ```
        pub fn when(mut self, condition: impl Into<$crate::Condition>) -> Self {
            self.$field = Some(condition.into().0);
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { comment $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// Every line break (CRLF, CR, NEL, LS, PS) is kept as `\n` and the
        /// whitespace at the end of each line is dropped: a comment line of
        /// the YAML file holds neither, so the model holds what reads back.
        pub fn $field(mut self, text: impl Into<String>) -> Self {
            self.$field = Some($crate::comment::normalise_block(text.into()));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build [$($doc:tt)*] $field:ident $key:tt { allow $(, $($rest:tt)*)? }) => {
        $($doc)*
        ///
        /// Each call allows one lint, for a reason a reviewer reads in the
        /// YAML as `# ci-model: allow(<lint>): <reason>`. The whitespace at
        /// both ends of the reason is dropped (the comment is read back
        /// trimmed); the reason is one comment line, so validation refuses
        /// one that holds a line break.
        pub fn $field(mut self, lint: $crate::allow::Lint, reason: impl Into<String>) -> Self {
            self.$field.push($crate::allow::Allow::new(lint, reason));
            self
        }
        $crate::record::record!(@build [$($doc)*] $field $key { $($($rest)*)? });
    };
    (@build $docs:tt $field:ident $key:tt { $($other:tt)* }) => {
        compile_error!(concat!("record!: unknown builder option on `", stringify!($field), "`: ", stringify!($($other)*)));
    };
    (
        @callback ($d:tt) $name:ident $expected:literal $fields:ident
        { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] { $($build:tt)* } ),* }
        { $( $plain:ident { $($pbuild:tt)* } ),* }
    ) => {
        /// Hands the declaration of the record to the macro `cb`; with
        /// `@all`, adds it to those gathered so far (see `records!`), each
        /// field with its builder options too (`{ set(Scalar) }`, for
        /// `ci-gen import`).
        macro_rules! $fields {
            ($d cb:path) => {
                $d cb! { $name : $expected { $( $field : $ty = $key [$($opt)*] ),* } also { $($plain),* } }
            };
            (@all [$d($d acc:tt)*] [$d($d next:path),*] $d cb:path) => {
                $crate::record::record!(
                    @next [$d($d acc)* {
                        $name : $expected { $( $field : $ty = $key [$($opt)*] { $($build)* } ),* }
                        also { $( $plain { $($pbuild)* } ),* }
                    }] [$d($d next),*] $d cb
                );
            };
        }
        pub(crate) use $fields;
    };
    // Gathering every declaration into one invocation of `cb` (`@all`, for
    // the table exported to ci-gen): the next record's macro adds its own,
    // and `cb` gets them all, each in braces, once none is left.
    (@next [$($acc:tt)*] [$next:path $(, $rest:path)*] $cb:path) => {
        $next!(@all [$($acc)*] [$($rest),*] $cb);
    };
    (@next [$($acc:tt)*] [] $cb:path) => {
        $cb! { $($acc)* }
    };
}

pub(crate) use record;

/// What every declared record states about itself, for the layers that
/// name a field rather than its key ([`key_of!`](crate::key_of)).
///
/// ```
/// use ci_model::{__Declared, Cron};
/// assert_eq!(<Cron as __Declared>::FIELDS[0], ("cron", "cron"));
/// ```
#[doc(hidden)]
pub trait Declared {
    /// Each field's name with its key, in declared order (see [`key_of!`]).
    const FIELDS: &'static [(&'static str, &'static str)];
}

/// The YAML key of a field of the model, found at compile time from the
/// field's one declaration, so that code that names a key (a tool reading
/// YAML, a path to point at) never spells it again: `key_of!(NormalJob.runs_on)`
/// is `"runs-on"`, and a field that is not declared fails to compile. The
/// record's type must be in scope by that name.
///
/// ```
/// use ci_model::{NormalJob, Step, key_of};
///
/// assert_eq!(key_of!(NormalJob.timeout_minutes), "timeout-minutes");
/// assert_eq!(key_of!(Step.continue_on_error), "continue-on-error");
/// ```
#[macro_export]
macro_rules! key_of {
    ($name:ident . $field:ident) => {{
        const KEY: &str = $crate::__field_key(<$name as $crate::__Declared>::FIELDS, stringify!($field));
        const _: () = assert!(!KEY.is_empty(), "key_of!: no such declared field");
        KEY
    }};
}

/// The key of the field `name` in `fields`, or `""` (see [`key_of!`](crate::key_of)).
///
/// ```
/// assert_eq!(ci_model::__field_key(&[("runs_on", "runs-on")], "runs_on"), "runs-on");
/// assert_eq!(ci_model::__field_key(&[("runs_on", "runs-on")], "steps"), "");
/// ```
#[doc(hidden)]
pub const fn field_key(fields: &[(&'static str, &'static str)], name: &str) -> &'static str {
    let mut i = 0;
    while i < fields.len() {
        let (field, key) = fields[i];
        if same(field.as_bytes(), name.as_bytes()) {
            return key;
        }
        i += 1;
    }
    ""
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The value of a field with the builder options `only` and `ignore(..)`
/// (see the [module docs](self)): the two sides of a filter, so that the
/// builders name no type of the `workflow` module.
pub(crate) trait Patterns: Sized {
    /// Only these patterns (`Filter::only`).
    fn only<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self;
    /// Not these patterns (`Filter::ignore`).
    fn ignore<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self;
    /// Only this pattern, written as a scalar.
    fn only_one(pattern: Scalar) -> Self;
    /// Not this pattern, written as a scalar.
    fn ignore_one(pattern: Scalar) -> Self;
}

/// The type of a `[kind "second"]` field (see the [module docs](self)): a
/// kind named under the field's key, with what only some kinds have under
/// a second key.
///
/// ```text
/// InputKind::read(Some("choice".into()), read_options) // Choice { options: read_options() }
/// InputKind::read(Some("string".into()), read_options) // String; `options:` left unread
/// InputKind::read(Some("int".into()), read_options)    // Other("int"), reported
/// ```
pub(crate) trait Kind: Sized {
    /// What the second key holds.
    type Detail;

    /// The names GitHub defines, as written: what validation offers for
    /// another name and the JSON Schema lists.
    const NAMES: &'static [&'static str];

    /// The kind written as `name` (`None`: the key is not written);
    /// `detail` reads the second key, and is called only by the kinds that
    /// take it.
    fn read(name: Option<Scalar>, detail: impl FnOnce() -> Option<Self::Detail>) -> Self;

    /// The name to write (`None`: the key is not written).
    fn name(&self) -> Option<Named<'_>>;

    /// For a kind that takes the second key, its value (`None` inside:
    /// not written); `None` for the others.
    fn detail(&self) -> Option<&Option<Self::Detail>>;
}

/// The name of a [`Kind`] as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Named<'a> {
    /// One of [`Kind::NAMES`].
    Known(&'static str),
    /// Another value, kept as written; validation reports it.
    Other(&'a Scalar),
}
