//! Property tests: the canonical YAML of a model reads back as exactly that
//! model.
//!
//! (a) Arbitrary strings (unicode, control characters, line breaks, leading
//! and trailing spaces, `#`, `: `, quotes, YAML keywords, numbers as strings)
//! in every place a free-form string goes: a `run:` script, an `env:` value, a
//! `with:` value, a job name, a matrix value.
//!
//! (b) Arbitrary models (and action metadata of the four kinds): jobs of both kinds with `needs` among them, steps of
//! both kinds, `env:` maps of every scalar kind, matrices of nested values,
//! triggers with filters in both the one-value and the list form, and keys the
//! model does not know.
//!
//! Each case checks `Workflow::parse(wf.to_yaml()) == wf`, that the parsed
//! model writes the same bytes again (model equality ignores the order of
//! mapping keys; the bytes do not), and that an independent YAML reader
//! (yaml_serde's own `Value`) sees the same strings where (a) put them.
//! Comments are left out of (a) and (b).
//!
//! (c) The models of (b) with comments everywhere a model holds them (job
//! and step comments, allow reasons, `uses:` pin and cron comments, the
//! header, comments kept from a file) and hostile keys (`<<`, keys longer
//! than a reader takes), all through the builders, with any character in
//! them. Either `validate` reports an `unwritable` problem, or the model
//! reads back exactly; either way the text has exactly the model's jobs and
//! steps, for the crate's parser and for yaml_serde's `Value`.

use ci_model::lint::Lint;
use ci_model::{
    Action, ActionInput, ActionOutput, Activity, Branding, CallJob, CallSecrets, CompositeRuns, Concurrency,
    ConcurrencySpec, Container, ContainerSpec, Cron, DispatchInput, DockerRuns, Environment, EnvironmentSpec, Expr,
    Filter, InputKind, Job, LitOrExpr, Matrix, NodeRuns, NormalJob, NullOr, Number, On, OneOrMany, PluginRuns,
    PullRequestFilter, PushFilter, Run, RunnerGroup, Runs, RunsOn, Scalar, Step, StepBody, Strategy as JobStrategy,
    Triggers, Uses, Workflow, WorkflowDispatch, Yaml,
};
use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Pieces that trip YAML writers: indicators, keywords that YAML 1.1 or 1.2
/// reads as something else, numbers, line breaks of every kind, characters
/// only escapes can hold.
const TRAPS: &[&str] = &[
    "on",
    "off",
    "yes",
    "no",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "NULL",
    "3.10",
    "0755",
    "0x1F",
    "0o17",
    "1e3",
    "-1",
    "+1",
    ".5",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "1:30",
    "2026-01-14",
    "2026-01-14 09:00:00",
    "<<",
    "=",
    "-",
    "- ",
    "?",
    "? ",
    ":",
    ": ",
    " :",
    "#",
    " #",
    "# ",
    "'",
    "''",
    "\"",
    "\\",
    "\\n",
    "{",
    "}",
    "[",
    "]",
    ",",
    "*",
    "&",
    "!",
    "!!str",
    "|",
    "|-",
    ">",
    "%",
    "@",
    "`",
    "---",
    "...",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\0",
    "\u{7}",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{80}",
    "\u{86}",
    "\u{9f}",
    "\u{fffe}",
    "\u{ffff}",
    "\r      - run: curl https://example.com | sh",
    "\n  evil:\n    runs-on: x",
    "é",
    "✓",
    "😀",
    "ß",
    "${{ matrix.os }}",
    "${{",
    "}}",
    "x",
    "abc",
    "0",
    "12",
];

/// Strings of every kind: fully arbitrary, printable ASCII with line breaks,
/// and concatenations of traps.
fn tricky_string() -> BoxedStrategy<String> {
    prop_oneof![
        2 => any::<String>(),
        2 => "[ -~\t\n]{0,30}",
        4 => proptest::collection::vec(proptest::sample::select(TRAPS), 0..6).prop_map(|parts| parts.concat()),
    ]
    .boxed()
}

/// A float YAML can write exactly: no NaN payloads (`.nan` is one value).
fn float() -> BoxedStrategy<f64> {
    prop_oneof![
        6 => any::<f64>().prop_filter("NaN payloads cannot be written", |f| !f.is_nan()),
        1 => Just(f64::NAN),
        1 => Just(-0.0),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e-7),
        1 => Just(3.0),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Scalar> {
    prop_oneof![
        4 => tricky_string().prop_map(Scalar::String),
        1 => any::<bool>().prop_map(Scalar::Bool),
        1 => any::<u64>().prop_map(Scalar::from),
        1 => any::<i64>().prop_map(Scalar::from),
        1 => float().prop_map(Scalar::from),
        1 => Just(Scalar::Null),
    ]
    .boxed()
}

/// A mapping key: any string but `<<`, which the parser reads as a merge key
/// whether or not it is quoted (the deserializer does not tell the two apart).
fn key() -> BoxedStrategy<String> {
    tricky_string().prop_filter("`<<` reads as a merge key", |k| k != "<<").boxed()
}

fn yaml() -> BoxedStrategy<Yaml> {
    scalar()
        .prop_map(Yaml::Scalar)
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Yaml::Seq),
                proptest::collection::vec((key(), inner), 0..4).prop_map(|kv| Yaml::Map(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Keys the model does not know, kept in `extra`.
fn extra() -> BoxedStrategy<IndexMap<String, Yaml>> {
    proptest::collection::vec(("x-[a-z]{1,6}", yaml()), 0..2).prop_map(|kv| kv.into_iter().collect()).boxed()
}

fn env() -> BoxedStrategy<IndexMap<String, Scalar>> {
    proptest::collection::vec((key(), scalar()), 0..5).prop_map(|kv| kv.into_iter().collect()).boxed()
}

fn one_or_many<T: std::fmt::Debug + Clone + 'static>(item: BoxedStrategy<T>) -> BoxedStrategy<OneOrMany<T>> {
    prop_oneof![item.clone().prop_map(OneOrMany::One), proptest::collection::vec(item, 0..4).prop_map(OneOrMany::Many)]
        .boxed()
}

fn lit_or_expr<T: std::fmt::Debug + Clone + 'static>(lit: BoxedStrategy<T>) -> BoxedStrategy<LitOrExpr<T>> {
    prop_oneof![
        4 => lit.prop_map(LitOrExpr::Lit),
        1 => "[a-z.]{1,12}".prop_map(|body| LitOrExpr::Expr(Expr::new(body))),
    ]
    .boxed()
}

fn word(pattern: &'static str) -> BoxedStrategy<String> {
    pattern.boxed()
}

fn filter() -> BoxedStrategy<Filter> {
    let patterns = one_or_many(scalar());
    prop_oneof![patterns.clone().prop_map(Filter::Only), patterns.prop_map(Filter::Ignore)].boxed()
}

fn dispatch_input() -> BoxedStrategy<DispatchInput> {
    let kind = prop_oneof![
        Just(InputKind::Untyped),
        Just(InputKind::String),
        Just(InputKind::Boolean),
        Just(InputKind::Number),
        Just(InputKind::Environment),
        proptest::option::of(proptest::collection::vec(scalar(), 0..3))
            .prop_map(|options| InputKind::Choice { options }),
        word("[a-z]{1,8}")
            .prop_filter("a known type reads back as that kind", |t| {
                !["string", "boolean", "number", "environment", "choice"].contains(&t.as_str())
            })
            .prop_map(|t| InputKind::Other(Scalar::from(t))),
    ];
    (proptest::option::of(scalar()), proptest::option::of(any::<bool>()), proptest::option::of(scalar()), kind)
        .prop_map(|(description, required, default, kind)| {
            let mut i = DispatchInput::string();
            i.description = description;
            i.required = required;
            i.default = default;
            i.kind = kind;
            i
        })
        .boxed()
}

fn on() -> BoxedStrategy<On> {
    let event = proptest::sample::select(Triggers::EVENTS).prop_map(str::to_owned);
    let push = proptest::option::of(prop_oneof![
        Just(NullOr::Null),
        (proptest::option::of(filter()), proptest::option::of(filter()), proptest::option::of(filter()), extra())
            .prop_map(|(branches, tags, paths, extra)| NullOr::Value(PushFilter { branches, tags, paths, extra })),
    ]);
    let pull_request = proptest::option::of(prop_oneof![
        Just(NullOr::Null),
        (
            proptest::option::of(one_or_many(word("[a-z_]{1,12}"))),
            proptest::option::of(filter()),
            proptest::option::of(filter())
        )
            .prop_map(|(types, branches, paths)| NullOr::Value(PullRequestFilter {
                types,
                branches,
                tags: None,
                paths,
                extra: IndexMap::new(),
            })),
    ]);
    let schedule = proptest::option::of(proptest::collection::vec(
        (tricky_string(), proptest::option::of(scalar()))
            .prop_map(|(cron, timezone)| Cron { timezone, ..Cron::new(cron) }),
        0..3,
    ));
    let dispatch = proptest::option::of(prop_oneof![
        Just(NullOr::Null),
        proptest::option::of(proptest::collection::vec((key(), dispatch_input()), 0..3)).prop_map(|inputs| {
            NullOr::Value(WorkflowDispatch {
                inputs: inputs.map(|kv| kv.into_iter().collect()),
                extra: IndexMap::new(),
            })
        }),
    ]);
    let release = proptest::option::of(prop_oneof![
        Just(NullOr::Null),
        proptest::option::of(one_or_many(word("[a-z]{1,10}")))
            .prop_map(|types| NullOr::Value(Activity { types, extra: IndexMap::new() })),
    ]);
    let triggers = (push, pull_request, schedule, dispatch, release).prop_map(
        |(push, pull_request, schedule, workflow_dispatch, release)| {
            On::Map(Triggers { push, pull_request, schedule, workflow_dispatch, release, ..Triggers::default() })
        },
    );
    prop_oneof![
        1 => event.clone().prop_map(On::Event),
        1 => proptest::collection::vec(event, 0..4).prop_map(On::Events),
        4 => triggers,
    ]
    .boxed()
}

fn step() -> BoxedStrategy<Step> {
    let uses = (word("[a-z]{1,8}/[a-z]{1,8}@v[0-9]"), proptest::option::of(lit_or_expr(env())))
        .prop_map(|(uses, with)| StepBody::Uses { uses: Uses::new(uses), with });
    let run = (scalar(), proptest::option::of(scalar()), proptest::option::of(scalar()))
        .prop_map(|(script, shell, working_directory)| StepBody::Run(Run { script, shell, working_directory }));
    (
        prop_oneof![uses, run],
        proptest::option::of(scalar()),
        proptest::option::of(word("[a-z_][a-z0-9_-]{0,8}")),
        proptest::option::of(scalar()),
        proptest::option::of(lit_or_expr(any::<bool>().boxed())),
        proptest::option::of(lit_or_expr((1u32..500).prop_map(Number::from).boxed())),
        proptest::option::of(lit_or_expr(env())),
        extra(),
    )
        .prop_map(|(body, name, id, condition, continue_on_error, timeout_minutes, env, extra)| {
            let mut s = Step::new(body);
            s.name = name;
            s.id = id;
            s.r#if = condition;
            s.continue_on_error = continue_on_error;
            s.timeout_minutes = timeout_minutes;
            s.env = env;
            s.extra = extra;
            s
        })
        .boxed()
}

fn matrix() -> BoxedStrategy<Matrix> {
    let axis = key().prop_filter("`include` and `exclude` are not axes", |k| k != "include" && k != "exclude");
    let row = proptest::collection::vec((key(), yaml()), 0..3).prop_map(|kv| kv.into_iter().collect());
    let rows = proptest::option::of(lit_or_expr(proptest::collection::vec(row, 0..3).boxed()));
    let axes = proptest::collection::vec((axis, lit_or_expr(proptest::collection::vec(yaml(), 0..4).boxed())), 0..3);
    (axes, rows.clone(), rows)
        .prop_map(|(axes, include, exclude)| Matrix { axes: axes.into_iter().collect(), include, exclude })
        .boxed()
}

fn runs_on() -> BoxedStrategy<RunsOn> {
    prop_oneof![
        3 => one_or_many(scalar()).prop_map(RunsOn::Labels),
        1 => (proptest::option::of(scalar()), proptest::option::of(one_or_many(scalar())))
            .prop_map(|(group, labels)| RunsOn::Group(RunnerGroup { group, labels, extra: IndexMap::new() })),
    ]
    .boxed()
}

fn container() -> BoxedStrategy<Container> {
    prop_oneof![
        scalar().prop_map(Container::Image),
        (proptest::option::of(scalar()), proptest::option::of(env()), proptest::option::of(scalar())).prop_map(
            |(image, env, options)| Container::Spec(ContainerSpec { image, env, options, ..ContainerSpec::default() })
        ),
    ]
    .boxed()
}

fn environment() -> BoxedStrategy<Environment> {
    prop_oneof![
        scalar().prop_map(Environment::Name),
        (scalar(), proptest::option::of(scalar())).prop_map(|(name, url)| Environment::Spec(EnvironmentSpec {
            name,
            url,
            deployment: None,
            extra: IndexMap::new()
        })),
    ]
    .boxed()
}

fn concurrency() -> BoxedStrategy<Concurrency> {
    prop_oneof![
        scalar().prop_map(Concurrency::Group),
        (scalar(), proptest::option::of(lit_or_expr(any::<bool>().boxed()))).prop_map(|(group, cancel_in_progress)| {
            Concurrency::Spec(ConcurrencySpec { group, cancel_in_progress, queue: None, extra: IndexMap::new() })
        }),
    ]
    .boxed()
}

fn strategy() -> BoxedStrategy<LitOrExpr<JobStrategy>> {
    (proptest::option::of(lit_or_expr(matrix())), proptest::option::of(lit_or_expr(any::<bool>().boxed())))
        .prop_map(|(matrix, fail_fast)| LitOrExpr::Lit(JobStrategy { matrix, fail_fast, ..JobStrategy::default() }))
        .boxed()
}

fn normal_job() -> BoxedStrategy<NormalJob> {
    let head = (runs_on(), proptest::option::of(scalar()), proptest::option::of(scalar()));
    let limits = (
        proptest::option::of(lit_or_expr((1u32..1000).prop_map(Number::from).boxed())),
        proptest::option::of(lit_or_expr(any::<bool>().boxed())),
        proptest::option::of(strategy()),
    );
    let places =
        (proptest::option::of(container()), proptest::option::of(environment()), proptest::option::of(concurrency()));
    let body = (
        proptest::option::of(
            proptest::collection::vec((key(), scalar()), 0..3).prop_map(|kv| kv.into_iter().collect()),
        ),
        proptest::option::of(lit_or_expr(env())),
        proptest::option::of(proptest::collection::vec(step(), 0..4)),
        extra(),
    );
    (head, limits, places, body)
        .prop_map(
            |(
                (runs_on, name, condition),
                (timeout_minutes, continue_on_error, strategy),
                (container, environment, concurrency),
                (outputs, env, steps, extra),
            )| {
                let mut j = NormalJob::on(runs_on);
                j.name = name;
                j.r#if = condition;
                j.timeout_minutes = timeout_minutes;
                j.continue_on_error = continue_on_error;
                j.strategy = strategy;
                j.container = container;
                j.environment = environment;
                j.concurrency = concurrency;
                j.outputs = outputs;
                j.env = env;
                j.steps = steps;
                j.extra = extra;
                j
            },
        )
        .boxed()
}

fn call_job() -> BoxedStrategy<CallJob> {
    (
        word(
            "(\\./\\.github/workflows/[a-z]{1,8}\\.yml)|([a-z]{1,6}/[a-z]{1,6}/\\.github/workflows/[a-z]{1,6}\\.yaml@v[0-9])",
        ),
        proptest::option::of(scalar()),
        proptest::option::of(env()),
        proptest::option::of(prop_oneof![Just(CallSecrets::Inherit), env().prop_map(CallSecrets::Map)]),
    )
        .prop_map(|(uses, name, with, secrets)| {
            let mut j = CallJob::new(uses.as_str());
            j.name = name;
            j.with = with;
            j.secrets = secrets;
            j
        })
        .boxed()
}

/// One to five jobs with distinct ids; each may need any of them (itself
/// included: validation reports that, the round trip must keep it).
fn jobs() -> BoxedStrategy<IndexMap<String, Job>> {
    let job = prop_oneof![3 => normal_job().prop_map(Job::Normal), 1 => call_job().prop_map(Job::Call)];
    let spec = (
        word("[a-z_][a-z0-9_-]{0,6}"),
        job,
        proptest::collection::vec(any::<proptest::sample::Index>(), 0..3),
        any::<bool>(),
    );
    proptest::collection::vec(spec, 1..5)
        .prop_map(|specs| {
            let mut jobs: IndexMap<String, Job> = IndexMap::new();
            let mut picks = Vec::new();
            for (id, job, needs, one) in specs {
                if !jobs.contains_key(&id) {
                    jobs.insert(id, job);
                    picks.push((needs, one));
                }
            }
            let ids: Vec<String> = jobs.keys().cloned().collect();
            for ((_, job), (needs, one)) in jobs.iter_mut().zip(picks) {
                let chosen: Vec<String> = needs.iter().map(|i| i.get(&ids).clone()).collect();
                let needs = match (one, chosen.as_slice()) {
                    (_, []) => None,
                    (true, [single]) => Some(OneOrMany::One(single.clone())),
                    _ => Some(OneOrMany::Many(chosen)),
                };
                match job {
                    Job::Normal(j) => j.needs = needs,
                    Job::Call(j) => j.needs = needs,
                }
            }
            jobs
        })
        .boxed()
}

fn workflow() -> BoxedStrategy<Workflow> {
    (proptest::option::of(scalar()), on(), proptest::option::of(lit_or_expr(env())), jobs(), extra())
        .prop_map(|(name, on, env, jobs, extra)| Workflow { name, on, env, jobs, extra, ..Workflow::default() })
        .boxed()
}

fn runs() -> BoxedStrategy<Runs> {
    let composite = (proptest::collection::vec(step(), 0..3), extra())
        .prop_map(|(steps, extra)| Runs::Composite(CompositeRuns { steps, extra }));
    let docker = (
        scalar(),
        proptest::option::of(scalar()),
        proptest::option::of(proptest::collection::vec(scalar(), 0..3)),
        proptest::option::of(env()),
    )
        .prop_map(|(image, entrypoint, args, env)| {
            Runs::Docker(DockerRuns {
                image,
                entrypoint,
                args,
                env,
                pre_entrypoint: None,
                pre_if: None,
                post_entrypoint: None,
                post_if: None,
                extra: IndexMap::new(),
            })
        });
    let using = prop_oneof![
        word("node(12|16|20|24)").prop_map(Scalar::String),
        scalar().prop_filter("`composite` and `docker` read back as those kinds", |s| {
            s.as_str().is_none_or(|u| u != "composite" && u != "docker")
        }),
    ];
    let node = (using, proptest::option::of(scalar()), proptest::option::of(scalar()), proptest::option::of(scalar()))
        .prop_map(|(using, main, post, post_if)| {
            Runs::Node(NodeRuns { using, main, pre: None, pre_if: None, post, post_if, extra: IndexMap::new() })
        });
    let plugin = scalar().prop_map(|plugin| Runs::Plugin(PluginRuns { plugin, extra: IndexMap::new() }));
    prop_oneof![composite, docker, node, plugin].boxed()
}

fn action() -> BoxedStrategy<Action> {
    let input = (proptest::option::of(scalar()), proptest::option::of(scalar()), proptest::option::of(scalar()))
        .prop_map(|(description, required, default)| ActionInput {
            description,
            required,
            default,
            ..<ActionInput as Default>::default()
        });
    let output = (proptest::option::of(scalar()), proptest::option::of(scalar()))
        .prop_map(|(description, value)| ActionOutput { description, value, extra: IndexMap::new() });
    (
        (proptest::option::of(scalar()), proptest::option::of(scalar()), proptest::option::of(scalar())),
        proptest::option::of(proptest::collection::vec((key(), input), 0..3)),
        proptest::option::of(proptest::collection::vec((key(), output), 0..2)),
        runs(),
        proptest::option::of((proptest::option::of(scalar()), proptest::option::of(scalar()))),
        extra(),
    )
        .prop_map(|((name, author, description), inputs, outputs, runs, branding, extra)| {
            let mut a = Action::composite("x", []);
            a.name = name;
            a.author = author;
            a.description = description;
            a.inputs = inputs.map(|kv| kv.into_iter().collect());
            a.outputs = outputs.map(|kv| kv.into_iter().collect());
            a.runs = runs;
            a.branding = branding.map(|(icon, color)| Branding { icon, color, extra: IndexMap::new() });
            a.extra = extra;
            a
        })
        .boxed()
}

/// `to_yaml`, `parse`, compare; and the parsed model writes the same bytes.
fn round_trip(wf: &Workflow) -> Result<String, TestCaseError> {
    let yaml = wf.to_yaml();
    let back = match Workflow::parse(&yaml) {
        Ok(back) => back,
        Err(e) => return Err(TestCaseError::fail(format!("the output does not parse:\n{e}\n--- output:\n{yaml}"))),
    };
    prop_assert_eq!(&back, wf, "the model changed; output:\n{}", yaml);
    prop_assert_eq!(back.to_yaml(), yaml.clone(), "the parsed model writes different bytes");
    Ok(yaml)
}

/// Characters that end a line or that a YAML reader refuses, and a few that
/// mean something in YAML.
const HOSTILE_CHARS: &[char] = &[
    '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\t', '\0', '\u{1}', '\u{b}', '\u{1f}', '\u{7f}',
    '\u{80}', '\u{9f}', '\u{a0}', '\u{fffe}', '\u{ffff}', ' ', '#', ':', '-', '\'', '"',
];

/// Whether a YAML reader refuses `c` anywhere in the stream.
fn refused(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || (('\u{7f}'..='\u{9f}').contains(&c) && c != '\u{85}')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Whether a YAML reader ends a line at `c`.
fn line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How hostile the comments and keys of one generated model are.
#[derive(Clone, Copy, Debug)]
enum Hostility {
    /// Anything: refused characters, line breaks in one-line comments,
    /// comment lines that read as allowances, `<<` and over-long keys.
    Any,
    /// Only what can be written exactly (line breaks of every kind in
    /// comment blocks, but not in a comment that has one line).
    Writable,
}

/// Comment text: a block (`one_line` false) or a comment that has one line.
fn comment_text(hostility: Hostility, one_line: bool) -> BoxedStrategy<String> {
    let chars = proptest::collection::vec(
        prop_oneof![2 => any::<char>(), 2 => proptest::sample::select(HOSTILE_CHARS), 3 => proptest::char::range('a', 'z')],
        0..16,
    )
    .prop_map(String::from_iter);
    match hostility {
        Hostility::Any => prop_oneof![
            3 => tricky_string(),
            3 => chars,
            1 => Just("ci-model: allow(permissions): looks like one".to_owned()),
            1 => Just("reviewed\r      - run: curl https://example.com | sh".to_owned()),
        ]
        .boxed(),
        Hostility::Writable => prop_oneof![tricky_string(), chars]
            .prop_map(move |s| s.chars().filter(|&c| !(refused(c) || (one_line && line_break(c)))).collect())
            .boxed(),
    }
}

/// What one job or step gets: a comment, allowed lints with reasons, and a
/// comment after its `uses:`.
#[derive(Clone, Debug)]
struct Notes {
    comment: Option<String>,
    allows: Vec<(Lint, String)>,
    pin: Option<String>,
}

fn notes(hostility: Hostility) -> BoxedStrategy<Notes> {
    (
        proptest::option::of(comment_text(hostility, false)),
        proptest::collection::vec((proptest::sample::select(&Lint::ALL[..]), comment_text(hostility, true)), 0..2),
        proptest::option::of(comment_text(hostility, true)),
    )
        .prop_map(|(comment, allows, pin)| Notes { comment, allows, pin })
        .boxed()
}

/// A key of any kind: with [`Hostility::Any`], `<<` and keys too long for a
/// reader included.
fn hostile_key(hostility: Hostility) -> BoxedStrategy<String> {
    match hostility {
        Hostility::Any => prop_oneof![
            4 => tricky_string(),
            1 => Just("<<".to_owned()),
            1 => (1000usize..1030).prop_map(|n| "k".repeat(n)),
            1 => (500usize..520).prop_map(|n| "\u{e9}".repeat(n)),
            1 => (200usize..300).prop_map(|n| "\u{7}".repeat(n)),
        ]
        .boxed(),
        Hostility::Writable => prop_oneof![4 => key(), 1 => (1000usize..1023).prop_map(|n| "k".repeat(n))].boxed(),
    }
}

/// Adds `notes` to a step, through its builders.
fn annotate_step(step: &mut Step, n: Notes) {
    let mut s = step.clone();
    if let Some(c) = n.comment {
        s = s.comment(c);
    }
    for (lint, reason) in n.allows {
        s = s.allow(lint, reason);
    }
    if let (StepBody::Uses { uses, .. }, Some(pin)) = (&mut s.body, n.pin) {
        *uses = uses.clone().with_comment(pin);
    }
    *step = s;
}

/// The models of [`workflow`] with comments and hostile keys everywhere:
/// half of them only what can be written exactly.
fn commented_workflow() -> BoxedStrategy<Workflow> {
    prop_oneof![commented_workflow_of(Hostility::Any), commented_workflow_of(Hostility::Writable)].boxed()
}

fn commented_workflow_of(hostility: Hostility) -> BoxedStrategy<Workflow> {
    let text = || proptest::option::of(comment_text(hostility, false));
    let place = (text(), text(), proptest::option::of(comment_text(hostility, true)), text(), text());
    let keys = proptest::collection::vec((hostile_key(hostility), scalar()), 0..3);
    (workflow(), proptest::collection::vec(notes(hostility), 8), place, keys)
        .prop_map(|(mut wf, notes, (header, above_on, after_name, after_jobs, footer), keys)| {
            let mut notes = notes.into_iter().cycle();
            let mut next = || notes.next().unwrap_or(Notes { comment: None, allows: Vec::new(), pin: None });
            let mut keys = keys.into_iter();
            // A job (either kind) with the comment and allowances of `n`.
            macro_rules! annotated {
                ($job:expr, $n:expr) => {{
                    let mut built = $job;
                    if let Some(c) = $n.comment {
                        built = built.comment(c);
                    }
                    for (lint, reason) in $n.allows {
                        built = built.allow(lint, reason);
                    }
                    built
                }};
            }
            for job in wf.jobs.values_mut() {
                match job {
                    Job::Normal(j) => {
                        let n = next();
                        let mut built = annotated!(j.clone(), n);
                        for (k, v) in keys.by_ref() {
                            built = built.env(k, v);
                        }
                        for step in built.steps.iter_mut().flatten() {
                            annotate_step(step, next());
                        }
                        *j = built;
                    }
                    Job::Call(j) => {
                        let n = next();
                        let mut built = annotated!(j.clone(), n);
                        if let Some(pin) = n.pin {
                            built.uses = built.uses.clone().with_comment(pin);
                        }
                        *j = built;
                    }
                }
            }
            if let On::Map(t) = &mut wf.on {
                for cron in t.schedule.iter_mut().flatten() {
                    if let Some(c) = next().pin {
                        *cron = cron.clone().comment(c);
                    }
                }
            }
            if let Some(h) = header {
                wf = wf.header(h);
            }
            let root = ci_model::Path::root();
            if let Some(c) = above_on {
                wf.comments.insert_above(root.key("on"), c);
            }
            if let Some(c) = after_name.filter(|_| wf.name.is_some()) {
                wf.comments.insert_trailing(root.key("name"), c);
            }
            if let Some(c) = after_jobs {
                wf.comments.insert_trailing(root.key("jobs"), c);
            }
            if let Some(c) = footer {
                wf.comments.set_footer(c);
            }
            wf
        })
        .boxed()
}

/// The number of steps of each job of `wf`, by id.
fn step_counts(wf: &Workflow) -> Vec<(String, usize)> {
    wf.jobs
        .iter()
        .map(|(id, job)| {
            let steps = match job {
                Job::Normal(j) => j.steps.as_ref().map_or(0, Vec::len),
                Job::Call(_) => 0,
            };
            (id.clone(), steps)
        })
        .collect()
}

/// `cases` cases, or `PROPTEST_CASES` when set (for a longer run by hand).
fn config(cases: u32) -> Config {
    let default = Config::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() { default.cases } else { cases };
    Config { cases, failure_persistence: None, ..default }
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn any_string_survives_every_free_form_place(s in tricky_string()) {
        let wf = Workflow::new("strings").on_push().job(
            "job",
            Job::new("ubuntu-latest")
                .name(s.as_str())
                .env("VALUE", s.as_str())
                .strategy(JobStrategy::matrix(Matrix::new().axis("value", [s.as_str()])))
                .step(Step::run(s.as_str()))
                .step(Step::uses("actions/checkout@v4").with("value", s.as_str())),
        );
        let yaml = round_trip(&wf)?;
        // An independent reader finds the string where it was put.
        let data: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .map_err(|e| TestCaseError::fail(format!("yaml_serde cannot read the output: {e}\n{yaml}")))?;
        let job = &data["jobs"]["job"];
        let expected = serde_yaml::Value::String(s.clone());
        prop_assert_eq!(&job["name"], &expected);
        prop_assert_eq!(&job["env"]["VALUE"], &expected);
        prop_assert_eq!(&job["strategy"]["matrix"]["value"][0], &expected);
        prop_assert_eq!(&job["steps"][0]["run"], &expected);
        prop_assert_eq!(&job["steps"][1]["with"]["value"], &expected);
    }

    #[test]
    fn any_string_survives_as_a_key(k in key()) {
        let wf = Workflow::new("keys").on_push().env(k.as_str(), 1).job(
            "job",
            Job::new("ubuntu-latest").step(Step::uses("actions/checkout@v4").with(k.as_str(), true)),
        );
        round_trip(&wf)?;
    }
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn any_model_round_trips(wf in workflow()) {
        round_trip(&wf)?;
    }

    #[test]
    fn any_action_round_trips(action in action()) {
        let yaml = action.to_yaml();
        let back = Action::parse(&yaml)
            .map_err(|e| TestCaseError::fail(format!("the output does not parse:\n{e}\n--- output:\n{yaml}")))?;
        prop_assert_eq!(&back, &action, "the model changed; output:\n{}", yaml);
        prop_assert_eq!(back.to_yaml(), yaml, "the parsed model writes different bytes");
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_commented_model_is_written_exactly_or_refused(wf in commented_workflow()) {
        let refused = wf.validate().iter().any(|d| d.rule() == "unwritable");
        let yaml = wf.to_yaml();
        let expected = step_counts(&wf);
        // An independent reader finds the model's jobs and steps, whatever
        // the model holds.
        let data: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .map_err(|e| TestCaseError::fail(format!("yaml_serde cannot read the output: {e}\n{yaml}")))?;
        let jobs = data["jobs"].as_mapping().map_or(0, |m| m.len());
        prop_assert_eq!(jobs, expected.len(), "jobs, as yaml_serde reads them:\n{}", yaml);
        for (id, steps) in &expected {
            let found = data["jobs"][id.as_str()]["steps"].as_sequence().map_or(0, Vec::len);
            prop_assert_eq!(found, *steps, "steps of `{}`, as yaml_serde reads them:\n{}", id, yaml);
        }
        match Workflow::parse(&yaml) {
            Ok(back) => {
                prop_assert_eq!(step_counts(&back), expected, "jobs and steps, as parsed:\n{}", yaml);
                if !refused {
                    prop_assert_eq!(&back, &wf, "the model changed; output:\n{}", yaml);
                    prop_assert_eq!(back.to_yaml(), yaml.clone(), "the parsed model writes different bytes");
                }
            }
            // Only a `<<` key keeps the text from parsing: the parser reads
            // it as a merge key, which validation refuses.
            Err(e) => prop_assert!(
                refused && e.diagnostics().iter().all(|d| d.problem == ci_model::Problem::MergeKey),
                "the output does not parse:\n{}\n--- output:\n{}", e, yaml
            ),
        }
        if refused {
            prop_assert!(wf.checked_yaml(None).is_err());
        }
    }
}

/// Every node of `value` by path, the root first.
fn node_paths(value: &serde_yaml::Value, at: ci_model::Path, out: &mut Vec<ci_model::Path>) {
    match value {
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                if let serde_yaml::Value::String(k) = k {
                    let p = at.key(k.as_str());
                    out.push(p.clone());
                    node_paths(v, p, out);
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = at.index(i);
                out.push(p.clone());
                node_paths(v, p, out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(config(192))]

    /// Comments put through the public API at any node of a model (or at a
    /// path it does not have), above or after it: either `validate` refuses
    /// one as `unwritable`, or the model reads back exactly.
    #[test]
    fn any_source_comment_reads_back_or_is_refused(
        wf in workflow(),
        picks in proptest::collection::vec(
            (any::<proptest::sample::Index>(), any::<bool>(), comment_text(Hostility::Writable, true)),
            1..5,
        ),
    ) {
        let yaml = wf.to_yaml();
        let data: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .map_err(|e| TestCaseError::fail(format!("yaml_serde cannot read the output: {e}\n{yaml}")))?;
        let mut paths = vec![ci_model::Path::root(), ci_model::Path::root().key("nowhere")];
        node_paths(&data, ci_model::Path::root(), &mut paths);
        let mut wf = wf;
        for (index, above, text) in picks {
            let path = index.get(&paths).clone();
            if above {
                wf.comments.insert_above(path, text);
            } else {
                wf.comments.insert_trailing(path, text);
            }
        }
        let refused = wf.validate().iter().any(|d| d.rule() == "unwritable");
        if !refused {
            round_trip(&wf)?;
        }
    }
}

// Bugs these properties found, kept as plain cases.

/// `?x` is plain in block context, but libyaml reads a leading `?` in a flow
/// sequence as a key indicator: `[?on]` is a sequence holding a mapping.
#[test]
fn a_leading_question_mark_is_quoted_in_flow_sequences() {
    let wf = Workflow::new("x").on_push().job(
        "j",
        Job::new("ubuntu-latest")
            .strategy(JobStrategy::matrix(Matrix::new().axis("v", ["?on", ":x", "-x"])))
            .step(Step::run("?on")),
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains("v: ['?on', ':x', -x]\n") || yaml.contains("- '?on'\n"), "{yaml}");
    assert!(yaml.contains("- run: ?on\n"), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
}

/// A `|+` block keeps the empty lines after it, so the blank line before the
/// next top-level key (or job) must not follow it.
#[test]
fn no_blank_line_follows_a_kept_block() {
    let wf = Workflow::new("on\n\n")
        .on_push()
        .job("a", Job::new("x").step(Step::run("echo\n\n")))
        .job("b", Job::new("x").step(Step::run("true")));
    let yaml = wf.to_yaml();
    assert!(yaml.starts_with("name: |+\n  on\n\non:\n"), "{yaml}");
    assert!(yaml.contains("      - run: |+\n          echo\n\n  b:\n"), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
}

/// A `'` doubled inside single quotes, a `\"` inside double quotes and a
/// quote inside a plain key are not where a comment could start.
#[test]
fn quotes_inside_scalars_do_not_start_comments() {
    for text in [
        "on: push\njobs:\n  j:\n    name: '''\" #'\n    runs-on: x\n",
        "on: push\njobs:\n  j:\n    name: \"\\\\\" # real\n    runs-on: \"\\\" #\"\n",
        "on: push\nenv:\n  a{': ' #'\njobs:\n  j:\n    runs-on: x\n",
    ] {
        let wf = Workflow::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let yaml = wf.to_yaml();
        let again = Workflow::parse(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        assert_eq!(again, wf, "{yaml}");
        assert_eq!(again.to_yaml(), yaml);
    }
    let wf = Workflow::parse("on: push\njobs:\n  j:\n    name: '''\" #'\n    runs-on: x\n").ok();
    assert!(wf.is_some_and(|w| w.comments.is_empty()));
    let text = "on: push\njobs:\n  j:\n    name: \"\\\\\" # real\n    runs-on: x\n";
    let wf = Workflow::parse(text).ok();
    let name = ci_model::Path::root().key("jobs").key("j").key("name");
    assert_eq!(wf.as_ref().and_then(|w| w.comments.trailing(&name)), Some("real"));
}

/// Comments found by the no-panic run: a comment above a key that has to be
/// double-quoted (`"a\tb"`) stays above it, and a comment block right above
/// the first key (no header) stays there instead of becoming a header the
/// second time round.
#[test]
fn comments_keep_their_place_when_formatted_twice() {
    for text in [
        "on: push\nenv:\n  # about the tab\n  \"a\\tb\": 1\n  # about the quote\n  'it''s': 2\njobs:\n  j:\n    runs-on: x\n",
        "# about on\non: push\njobs:\n  j:\n    runs-on: x\n",
        "# a header\n\n# about on\non: push\njobs:\n  j:\n    runs-on: x\n",
        "# about extra\nx-extra: 1\n# about on\non: push\njobs:\n  j:\n    runs-on: x\n",
    ] {
        let wf = Workflow::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let yaml = wf.to_yaml();
        let again = Workflow::parse(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        assert_eq!(again.to_yaml(), yaml, "{text:?}");
        assert_eq!(again.comments, wf.comments, "{text:?}");
        assert_eq!(again.header, wf.header, "{text:?}");
    }
    let env = ci_model::Path::root().key("env");
    let wf = Workflow::parse(
        "on: push\nenv:\n  # about the tab\n  \"a\\tb\": 1\n  # about the quote\n  'it''s': 2\njobs: {j: {runs-on: x}}\n",
    )
    .ok();
    let comments = wf.map(|w| w.comments).unwrap_or_default();
    assert_eq!(comments.above(&env.key("a\tb")), Some("about the tab"));
    assert_eq!(comments.above(&env.key("it's")), Some("about the quote"));
    let wf = Workflow::parse("# about on\non: push\njobs: {j: {runs-on: x}}\n").ok();
    assert!(wf.as_ref().is_some_and(|w| w.header.is_none()), "{wf:?}");
    let yaml = wf.map(|w| w.to_yaml()).unwrap_or_default();
    assert!(yaml.starts_with("# about on\non: push\n"), "{yaml}");
}
