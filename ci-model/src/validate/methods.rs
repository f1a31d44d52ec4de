//! The validating methods of the model types: [`Workflow::validate`],
//! [`Workflow::checked_yaml`] (validate and write, lowering once),
//! [`Workflow::infer_needs`], the same for [`Action`], and
//! [`Document::validate`]. They are written here, in the layer that
//! validates, so the model modules below it import nothing from it.

use crate::emit::{self, Lower};
use crate::{Action, Diagnostic, Document, Job, OneOrMany, Runners, Workflow};

impl Workflow {
    /// Adds to each job's `needs` the jobs its expressions refer to through
    /// `needs.<id>` but does not list yet, so handles can be used without
    /// repeating the dependency.
    ///
    /// ```
    /// use ci_model::{Job, JobRef, Step, Workflow};
    ///
    /// let build = JobRef::new("build");
    /// let wf = Workflow::new("CI")
    ///     .on_push()
    ///     .job("build", Job::new("ubuntu-latest").timeout_minutes(5).output("image", "x").step(Step::run("make")))
    ///     .job("deploy", Job::new("ubuntu-latest").timeout_minutes(5).env("IMAGE", build.output("image")).step(Step::run("deploy")));
    /// assert_eq!(wf.validate()[0].rule(), "reference");
    /// let wf = wf.infer_needs();
    /// assert_eq!(wf.jobs["deploy"].needs(), ["build"]);
    /// assert!(wf.validate().is_empty());
    /// ```
    pub fn infer_needs(mut self) -> Self {
        let ids: Vec<String> = self.jobs.keys().cloned().collect();
        for id in ids {
            let wanted = super::expressions::referenced_needs(&self, &id);
            let Some(job) = self.jobs.get_mut(&id) else { continue };
            let needs = match job {
                Job::Normal(j) => &mut j.needs,
                Job::Call(j) => &mut j.needs,
            };
            for w in wanted {
                if !needs.as_ref().is_some_and(|n| n.iter().any(|x| x.eq_ignore_ascii_case(&w))) {
                    match needs {
                        Some(n) => n.push(w),
                        None => *needs = Some(OneOrMany::Many(vec![w])),
                    }
                }
            }
        }
        self
    }

    /// Every problem in the workflow, at once. An empty list means GitHub will
    /// accept it as far as the model can tell.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
    /// assert!(wf.validate().is_empty());
    /// let broken = wf.job("deploy", Job::new("ubuntu-latest").needs("tests").step(Step::run("make deploy")));
    /// assert_eq!(broken.validate()[0].to_string(), "jobs.deploy.needs: no job `tests`; did you mean `test`? [needs]");
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        super::workflow(self, &Runners::default())
    }

    /// [`validate`](Self::validate), with the repository's own runners
    /// declared: a `runs-on:` label is accepted when GitHub hosts it or
    /// `runners` declares it (see [`Runners`]).
    ///
    /// ```
    /// # use ci_model::{Job, Runners, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("linux-16-core").step(Step::run("make")));
    /// assert_eq!(wf.validate()[0].rule(), "runner-label");
    /// assert!(wf.validate_with(&Runners::new().self_hosted(["linux-16-core"])).is_empty());
    /// ```
    pub fn validate_with(&self, runners: &Runners) -> Vec<Diagnostic> {
        super::workflow(self, runners)
    }

    /// What a generator does before writing the file: validates the workflow
    /// and, when nothing is wrong, gives its canonical YAML. The same as
    /// [`validate`](Self::validate) then [`to_yaml`](Self::to_yaml), but the
    /// model is walked once instead of twice. `header` replaces the model's
    /// own header comment when given.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
    /// let yaml = wf.checked_yaml(Some("Generated; do not edit.")).unwrap();
    /// assert!(yaml.starts_with("# Generated; do not edit.\n\nname: CI\n"));
    /// let broken = wf.job("deploy", Job::new("ubuntu-latest").needs("tests").step(Step::run("make deploy")));
    /// let problems = broken.checked_yaml(None).unwrap_err();
    /// assert_eq!(problems[0].to_string(), "jobs.deploy.needs: no job `tests`; did you mean `test`? [needs]");
    /// ```
    pub fn checked_yaml(&self, header: Option<&str>) -> Result<String, Vec<Diagnostic>> {
        self.checked_yaml_with(header, &Runners::default())
    }

    /// [`checked_yaml`](Self::checked_yaml), with the repository's own
    /// runners declared (see [`validate_with`](Self::validate_with)).
    ///
    /// ```
    /// # use ci_model::{Job, Runners, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("gpu").step(Step::run("make")));
    /// assert!(wf.checked_yaml(None).is_err());
    /// assert!(wf.checked_yaml_with(None, &Runners::new().self_hosted(["gpu"])).is_ok());
    /// ```
    pub fn checked_yaml_with(&self, header: Option<&str>, runners: &Runners) -> Result<String, Vec<Diagnostic>> {
        let node = emit::with_comments(self.lower(), &self.comments, emit::Model::Workflow(self));
        let header = header.or(self.header.as_deref());
        written_if_valid(super::workflow_lowered(self, &node, header, runners), &node, header, self.comments.footer())
    }
}

impl Action {
    /// Every problem at once.
    ///
    /// ```
    /// # use ci_model::{Action, ActionOutput, Step};
    /// let ok = Action::composite("Hi", [Step::run("echo hi").shell("bash")]);
    /// assert!(ok.validate().is_empty());
    /// let out = ActionOutput { value: Some("${{ steps.missing.outputs.x }}".into()), ..Default::default() };
    /// let problems = ok.output("x", out).validate();
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].path.to_string(), "outputs.x.value");
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        super::action(self)
    }

    /// Validates the metadata and, when nothing is wrong, gives its canonical
    /// YAML, walking the model once (see [`Workflow::checked_yaml`](crate::Workflow::checked_yaml)).
    /// `header` replaces the model's own header comment when given.
    ///
    /// ```
    /// # use ci_model::{Action, Step};
    /// let action = Action::composite("Hi", [Step::run("echo hi").shell("bash")]);
    /// assert_eq!(action.checked_yaml(None).unwrap(), action.to_yaml());
    /// let broken = Action::composite("Hi", [Step::run("echo ${{ steps.nope.outputs.x }}").shell("bash")]);
    /// assert_eq!(broken.checked_yaml(None).unwrap_err().len(), 1);
    /// ```
    pub fn checked_yaml(&self, header: Option<&str>) -> Result<String, Vec<Diagnostic>> {
        let node = emit::with_comments(self.lower(), &self.comments, emit::Model::Action(self));
        let header = header.or(self.header.as_deref());
        written_if_valid(super::action_lowered(self, &node, header), &node, header, self.comments.footer())
    }
}

impl Document {
    /// Every validation problem.
    ///
    /// ```
    /// # use ci_model::Document;
    /// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: b\n    steps: [{run: y}]\n";
    /// let doc = Document::parse(text, None).unwrap();
    /// let problems = doc.validate();
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].to_string(), "jobs.a.needs: no job `b` [needs]");
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_with(&Runners::default())
    }

    /// Every validation problem, with the repository's own runners declared
    /// (see [`Workflow::validate_with`]).
    ///
    /// ```
    /// # use ci_model::{Document, Runners};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: [self-hosted, gpu]\n    steps: [{run: y}]\n";
    /// let doc = Document::parse(text, None).unwrap();
    /// assert_eq!(doc.validate()[0].rule(), "runner-label");
    /// assert!(doc.validate_with(&Runners::new().self_hosted(["gpu"])).is_empty());
    /// ```
    pub fn validate_with(&self, runners: &Runners) -> Vec<Diagnostic> {
        match self {
            Document::Workflow(w) => w.validate_with(runners),
            Document::Action(a) => a.validate(),
        }
    }
}

/// The text of a lowered document when validation found nothing, else
/// the problems: what both `checked_yaml` methods end with.
fn written_if_valid(
    problems: Vec<Diagnostic>,
    node: &emit::Commented<'_>,
    header: Option<&str>,
    footer: Option<&str>,
) -> Result<String, Vec<Diagnostic>> {
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(emit::write_with(header, &node.root, footer))
}
