//! `ci-gen graph`: the job dependency graph of a workflow, as a Mermaid
//! flowchart (the form the CI/CD guide draws its pipeline in, and which
//! GitHub renders in Markdown) or as Graphviz DOT.
//!
//! Rendering is a pure function of the model ([`mermaid`], [`dot`],
//! [`render`]): same workflow, same text. It lives in `ci-gen`, beside the
//! other commands, rather than in `ci-model`, which describes workflows and
//! leaves presenting them to its users.
//!
//! Each job is a node labelled with its id, its `name:` when it has one, its
//! matrix (each axis with its number of values, and the number of jobs when
//! that is not simply the one axis's size) and, for a reusable-workflow call,
//! what it `uses:`. An edge runs from each job in `needs:` to the job that
//! needs it. Jobs with an `if:` are drawn dashed; calls of reusable workflows
//! are drawn as subroutines (Mermaid) or components (DOT), matrix jobs as
//! stacked boxes in DOT.
//!
//! ```
//! use ci_model::{Job, Matrix, Step, Strategy, Workflow};
//!
//! let wf = Workflow::new("CI")
//!     .on_push()
//!     .job("build", Job::new("ubuntu-latest")
//!         .strategy(Strategy::matrix(Matrix::new().axis("os", ["linux", "macos"])))
//!         .step(Step::run("make")))
//!     .job("release", Job::call("./.github/workflows/release.yml").needs("build"));
//! assert_eq!(
//!     ci_gen::graph::mermaid(&wf),
//!     "graph TB\n    build[\"build<br/>matrix: os (2)\"]\n    release[[\"release<br/>uses: ./.github/workflows/release.yml\"]]\n    build --> release\n"
//! );
//! ```

use std::io::Write;

use ci_model::{Job, LitOrExpr, Workflow};
use clap::{Arg, ArgMatches, Command};

use crate::affected::workflows;
use crate::cli::escape_controls;
use crate::files::Files;

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A Mermaid flowchart.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// What a node shows.
struct Node {
    id: String,
    lines: Vec<String>,
    call: bool,
    matrix: bool,
    conditional: bool,
}

fn nodes(wf: &Workflow) -> Vec<Node> {
    wf.jobs
        .iter()
        .map(|(id, job)| {
            let mut lines = vec![id.clone()];
            if let Some(name) = job.name() {
                let name = name.to_text();
                if name != *id {
                    lines.push(name.into_owned());
                }
            }
            let matrix = matrix_line(job);
            let has_matrix = matrix.is_some();
            lines.extend(matrix);
            let (call, conditional) = match job {
                Job::Normal(n) => (false, n.r#if.is_some()),
                Job::Call(c) => {
                    lines.push(format!("uses: {}", c.uses.as_str()));
                    (true, c.r#if.is_some())
                }
            };
            Node { id: id.clone(), lines, call, matrix: has_matrix, conditional }
        })
        .collect()
}

/// `matrix: service (3)`, `matrix: os (2) × rust (3) = 6 jobs`, or the
/// expression a matrix or strategy is given by.
fn matrix_line(job: &Job) -> Option<String> {
    let strategy = match job.strategy()? {
        LitOrExpr::Lit(s) => s,
        LitOrExpr::Expr(e) => return Some(format!("strategy: {e}")),
    };
    let matrix = match strategy.matrix.as_ref()? {
        LitOrExpr::Lit(m) => m,
        LitOrExpr::Expr(e) => return Some(format!("matrix: {e}")),
    };
    let axes: Vec<String> = matrix
        .axes
        .iter()
        .map(|(name, values)| match values {
            LitOrExpr::Lit(v) => format!("{name} ({})", v.len()),
            LitOrExpr::Expr(e) => format!("{name} ({e})"),
        })
        .collect();
    let all_literal = matrix.axes.values().all(|v| v.literal().is_some());
    let simple = axes.len() == 1 && matrix.include.is_none() && matrix.exclude.is_none();
    let mut line =
        if axes.is_empty() { "matrix: include only".to_owned() } else { format!("matrix: {}", axes.join(" × ")) };
    if all_literal && !simple {
        let n = matrix.combinations().len();
        line.push_str(&format!(" = {n} job{}", if n == 1 { "" } else { "s" }));
    }
    Some(line)
}

/// The workflow's graph as a Mermaid flowchart.
pub fn mermaid(wf: &Workflow) -> String {
    let mut s = String::from("graph TB\n");
    let conditional = mermaid_body(wf, "", "    ", &mut s);
    mermaid_classes(&conditional, &mut s);
    s
}

/// Draws conditional jobs dashed.
fn mermaid_classes(conditional: &[String], s: &mut String) {
    if !conditional.is_empty() {
        s.push_str("    classDef conditional stroke-dasharray: 5 5\n");
        s.push_str(&format!("    class {} conditional\n", conditional.join(",")));
    }
}

/// Words Mermaid's flowchart grammar reads as keywords where a node id is
/// expected (checked against mermaid 11's parser; `end` is the well-known one).
const MERMAID_KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classDef",
    "linkStyle",
    "click",
    "call",
    "href",
    "interpolate",
];

/// Node ids safe in Mermaid: letters, digits and `_`, not a keyword, unique.
fn mermaid_ids(wf: &Workflow, prefix: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in wf.jobs.keys() {
        let clean: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let mut candidate = format!("{prefix}{clean}");
        if MERMAID_KEYWORDS.contains(&candidate.as_str()) {
            candidate.push('_');
        }
        let base = candidate.clone();
        let mut n = 2;
        while ids.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        ids.push(candidate);
    }
    ids
}

/// Writes the nodes and edges; returns the ids of conditional jobs.
fn mermaid_body(wf: &Workflow, prefix: &str, indent: &str, s: &mut String) -> Vec<String> {
    let ids = mermaid_ids(wf, prefix);
    let id_of = |job: &str| wf.jobs.get_index_of(job).and_then(|i| ids.get(i));
    let nodes = nodes(wf);
    for (node, id) in nodes.iter().zip(&ids) {
        let label = node.lines.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br/>");
        let (open, close) = if node.call { ("[[", "]]") } else { ("[", "]") };
        s.push_str(&format!("{indent}{id}{open}\"{label}\"{close}\n"));
    }
    for (job_id, job) in &wf.jobs {
        for need in job.needs() {
            if let (Some(from), Some(to)) = (id_of(need), id_of(job_id)) {
                s.push_str(&format!("{indent}{from} --> {to}\n"));
            }
        }
    }
    nodes.iter().zip(ids).filter(|(n, _)| n.conditional).map(|(_, id)| id).collect()
}

/// Text inside a quoted Mermaid label, with its special characters as
/// entity codes and other control characters as `\u{..}` (a file name or a
/// job name cannot move the cursor or start a line of the output).
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' => out.push_str("<br/>"),
            c if is_escaped(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// The workflow's graph in Graphviz DOT, named after `file`.
pub fn dot(file: &str, wf: &Workflow) -> String {
    let mut s = format!("digraph {} {{\n    node [shape=box];\n", dot_string(file));
    dot_body(wf, "", "    ", &mut s);
    s.push_str("}\n");
    s
}

fn dot_body(wf: &Workflow, prefix: &str, indent: &str, s: &mut String) {
    for node in nodes(wf) {
        let label = node.lines.iter().map(|l| dot_escape(l)).collect::<Vec<_>>().join("\\n");
        let mut attrs = vec![format!("label=\"{label}\"")];
        if node.call {
            attrs.push("shape=component".to_owned());
        } else if node.matrix {
            attrs.push("shape=box3d".to_owned());
        }
        if node.conditional {
            attrs.push("style=dashed".to_owned());
        }
        s.push_str(&format!("{indent}{} [{}];\n", dot_string(&format!("{prefix}{}", node.id)), attrs.join(", ")));
    }
    for (job_id, job) in &wf.jobs {
        for need in job.needs() {
            if wf.jobs.contains_key(need) {
                let from = dot_string(&format!("{prefix}{need}"));
                let to = dot_string(&format!("{prefix}{job_id}"));
                s.push_str(&format!("{indent}{from} -> {to};\n"));
            }
        }
    }
}

/// Text inside a quoted DOT string: `\`, `"` and line feeds escaped as DOT
/// reads them, other control characters written as `\u{..}` (its
/// backslash doubled, so that DOT shows it as written).
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if is_escaped(c) => {
                out.push('\\');
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// The characters [`escape_controls`] escapes.
fn is_escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

fn dot_string(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

/// One picture of several workflows (by file name), each in its own
/// subgraph (Mermaid) or cluster (DOT); a single workflow is drawn alone.
pub fn render(workflows: &[(&str, &Workflow)], format: Format) -> String {
    if let [(file, wf)] = workflows {
        return match format {
            Format::Mermaid => mermaid(wf),
            Format::Dot => dot(file, wf),
        };
    }
    let title = |file: &str, wf: &Workflow| match &wf.name {
        Some(n) => format!("{file}: {}", n.to_text()),
        None => file.to_owned(),
    };
    match format {
        Format::Mermaid => {
            let mut s = String::from("graph TB\n");
            let mut conditional = Vec::new();
            for (file, wf) in workflows {
                let stem = file.trim_end_matches(".yml").trim_end_matches(".yaml");
                let prefix: String =
                    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>() + "__";
                let sub = format!("{}wf", prefix);
                s.push_str(&format!("    subgraph {sub}[\"{}\"]\n", mermaid_text(&title(file, wf))));
                conditional.extend(mermaid_body(wf, &prefix, "        ", &mut s));
                s.push_str("    end\n");
            }
            mermaid_classes(&conditional, &mut s);
            s
        }
        Format::Dot => {
            let mut s = String::from("digraph workflows {\n    node [shape=box];\n");
            for (file, wf) in workflows {
                s.push_str(&format!(
                    "    subgraph {} {{\n        label={};\n",
                    dot_string(&format!("cluster_{file}")),
                    dot_string(&title(file, wf))
                ));
                dot_body(wf, &format!("{file}/"), "        ", &mut s);
                s.push_str("    }\n");
            }
            s.push_str("}\n");
            s
        }
    }
}

/// `graph`'s arguments, for the command line and its help.
pub(crate) fn subcommand() -> Command {
    crate::cli::with_help(Command::new("graph"))
        .about("print the job dependency graph as a Mermaid flowchart or Graphviz DOT")
        .long_about(
            "print the jobs of one workflow or of all of them and their `needs:` (matrix axes, reusable-workflow \
             calls, and dashed conditional jobs included), as a Mermaid flowchart or Graphviz DOT",
        )
        .arg(
            Arg::new("workflow")
                .value_name("WORKFLOW")
                .help("the workflow's file name, with or without .yml (default: every workflow)"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["mermaid", "dot"])
                .default_value("mermaid")
                .help("a Mermaid flowchart (GitHub draws it in Markdown) or Graphviz DOT"),
        )
}

/// Runs `graph` with the arguments after it: every workflow of `files`, or
/// the one named (`docker-build.yml`, `docker-build` or
/// `.github/workflows/docker-build.yml`).
///
/// ```
/// use ci_model::{Job, Permissions, Step, Workflow};
///
/// let files = ci_gen::Files::new("cargo run -p my-ci").workflow(
///     "docker-build.yml",
///     Workflow::new("Docker")
///         .on_push()
///         .permissions(Permissions::none())
///         .job("build", Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("make image"))),
/// );
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let args = ["docker-build".to_owned(), "--format".to_owned(), "dot".to_owned()];
/// assert_eq!(ci_gen::graph::command(&files, &args, &mut out, &mut err), 0);
/// assert!(String::from_utf8_lossy(&out).starts_with("digraph \"docker-build.yml\" {"));
/// ```
pub fn command(files: &Files, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match crate::cli::parse(&mut subcommand(), args, out, err) {
        Ok(m) => run(files, &m, out, err),
        Err(code) => code,
    }
}

/// Runs `graph` with its parsed arguments.
pub(crate) fn run(files: &Files, m: &ArgMatches, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let format = match m.get_one::<String>("format").map(String::as_str) {
        Some("dot") => Format::Dot,
        _ => Format::Mermaid,
    };
    let wanted = m.get_one::<String>("workflow").map(String::as_str);
    let built = workflows(files);
    let all: Vec<(&str, &Workflow)> = built.iter().map(|(file, w)| (*file, w.as_ref())).collect();
    let chosen: Vec<(&str, &Workflow)> = match wanted {
        None => all,
        Some(w) => {
            let name = w.rsplit('/').next().unwrap_or(w);
            let found: Vec<_> = all
                .iter()
                .filter(|(file, _)| {
                    *file == name || file.strip_suffix(".yml").or_else(|| file.strip_suffix(".yaml")) == Some(name)
                })
                .copied()
                .collect();
            if found.is_empty() {
                let names: Vec<_> = all.iter().map(|(f, _)| escape_controls(f)).collect();
                let _ = writeln!(
                    err,
                    "error: no generated workflow `{}`; the workflows are: {}",
                    escape_controls(w),
                    names.join(", ")
                );
                return 2;
            }
            found
        }
    };
    let _ = write!(out, "{}", render(&chosen, format));
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use ci_model::{Expr, Matrix, Step, Strategy};

    fn step() -> Step {
        Step::run("true")
    }

    #[test]
    fn ids_avoid_mermaid_keywords_and_collisions() {
        let wf = Workflow::new("W")
            .on_push()
            .job("end", Job::new("x").step(step()))
            .job("call", Job::new("x").step(step()))
            .job("a-b", Job::new("x").step(step()))
            .job("a_b", Job::new("x").needs("a-b").needs("end").step(step()));
        assert_eq!(mermaid_ids(&wf, ""), ["end_", "call_", "a_b", "a_b_2"]);
        assert_eq!(
            mermaid(&wf),
            "graph TB\n    end_[\"end\"]\n    call_[\"call\"]\n    a_b[\"a-b\"]\n    a_b_2[\"a_b\"]\n    a_b --> a_b_2\n    end_ --> a_b_2\n"
        );
    }

    #[test]
    fn labels_escape_what_mermaid_and_dot_would_read() {
        let wf = Workflow::new("W")
            .on_push()
            .job("a", Job::new("x").name("Say \"hi\" #1 <b> & \\n").when("always()").step(step()));
        assert_eq!(
            mermaid(&wf),
            "graph TB\n    a[\"a<br/>Say #quot;hi#quot; #35;1 #lt;b#gt; #amp; \\n\"]\n    classDef conditional stroke-dasharray: 5 5\n    class a conditional\n"
        );
        assert_eq!(
            dot("w.yml", &wf),
            "digraph \"w.yml\" {\n    node [shape=box];\n    \"a\" [label=\"a\\nSay \\\"hi\\\" #1 <b> & \\\\n\", style=dashed];\n}\n"
        );
    }

    #[test]
    fn control_characters_in_file_and_job_names_are_escaped() {
        let wf = Workflow::new("W").on_push().job("a", Job::new("x").name("b\u{1b}[2Jc\u{9b}d").step(step()));
        let mermaid = mermaid(&wf);
        assert!(mermaid.contains("a<br/>b\\u{1b}[2Jc\\u{9b}d"), "{mermaid}");
        let dot = dot("w\u{1b}]0;t\u{7}.yml", &wf);
        assert!(dot.starts_with("digraph \"w\\\\u{1b}]0;t\\\\u{7}.yml\" {"), "{dot}");
        assert!(dot.contains("b\\\\u{1b}[2Jc\\\\u{9b}d"), "{dot}");
        let both = render(&[("x\u{1b}.yml", &wf), ("y.yml", &wf)], Format::Mermaid);
        for text in [mermaid.as_str(), dot.as_str(), both.as_str()] {
            assert!(!text.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{text:?}");
        }
    }

    #[test]
    fn matrices_show_axes_and_job_counts() {
        let line = |m: Matrix| matrix_line(&Job::new("x").strategy(Strategy::matrix(m)).into());
        assert_eq!(line(Matrix::new().axis("os", ["a", "b"])), Some("matrix: os (2)".to_owned()));
        assert_eq!(
            line(Matrix::new().axis("os", ["a", "b"]).axis("rust", ["1", "2", "3"])),
            Some("matrix: os (2) × rust (3) = 6 jobs".to_owned())
        );
        assert_eq!(
            line(Matrix::new().axis("os", ["a", "b"]).exclude([("os", "a")]).include([("os", "c")])),
            Some("matrix: os (2) = 2 jobs".to_owned())
        );
        let mut m = Matrix::new();
        m.axes.insert("os".to_owned(), LitOrExpr::Expr(Expr::new("fromJSON(inputs.os)")));
        assert_eq!(line(m), Some("matrix: os (${{ fromJSON(inputs.os) }})".to_owned()));
        let s = Strategy {
            matrix: Some(LitOrExpr::Expr(Expr::new("fromJSON(needs.plan.outputs.matrix)"))),
            ..Strategy::default()
        };
        let job: Job = Job::new("x").strategy(s).into();
        assert_eq!(matrix_line(&job), Some("matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}".to_owned()));
        assert_eq!(matrix_line(&Job::new("x").into()), None);
    }

    #[test]
    fn calls_are_subroutines_and_components() {
        let wf = Workflow::new("W")
            .on_push()
            .job("build", Job::new("x").strategy(Strategy::matrix(Matrix::new().axis("os", ["a"]))).step(step()))
            .job("release", Job::call("./.github/workflows/release.yml").needs("build"));
        assert_eq!(
            dot("ci.yml", &wf),
            "digraph \"ci.yml\" {\n    node [shape=box];\n    \"build\" [label=\"build\\nmatrix: os (1)\", shape=box3d];\n    \"release\" [label=\"release\\nuses: ./.github/workflows/release.yml\", shape=component];\n    \"build\" -> \"release\";\n}\n"
        );
    }

    #[test]
    fn several_workflows_get_a_subgraph_each() {
        let a = Workflow::new("A").on_push().job("end", Job::new("x").when("always()").step(step()));
        let b = Workflow::new("B").on_push().job("end", Job::new("x").step(step()));
        let m = render(&[("a.yml", &a), ("b-c.yml", &b)], Format::Mermaid);
        assert_eq!(
            m,
            "graph TB\n    subgraph a__wf[\"a.yml: A\"]\n        a__end[\"end\"]\n    end\n    subgraph b_c__wf[\"b-c.yml: B\"]\n        b_c__end[\"end\"]\n    end\n    classDef conditional stroke-dasharray: 5 5\n    class a__end conditional\n"
        );
        let d = render(&[("a.yml", &a), ("b-c.yml", &b)], Format::Dot);
        assert!(d.contains("    subgraph \"cluster_b-c.yml\" {\n        label=\"b-c.yml: B\";\n        \"b-c.yml/end\" [label=\"end\"];\n    }\n"), "{d}");
    }
}
