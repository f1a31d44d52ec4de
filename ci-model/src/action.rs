//! Action metadata: `action.yml` of a composite, Docker or JavaScript action.
//!
//! See GitHub's [metadata syntax] and the SchemaStore [`github-action.json`]
//! schema.
//!
//! [metadata syntax]: https://docs.github.com/actions/creating-actions/metadata-syntax-for-github-actions
//! [`github-action.json`]: https://json.schemastore.org/github-action.json

use indexmap::IndexMap;

use crate::common::{Env, Extra, SourceComments};
use crate::record::record;
use crate::{Scalar, Step};

record! {
    /// An `action.yml`.
    ///
    /// ```
    /// use ci_model::{Action, ActionInput, Runs, Step};
    ///
    /// let action = Action::composite("Wait for services", [Step::run("./wait.sh").shell("bash")])
    ///     .description("Waits until services answer")
    ///     .input("timeout", ActionInput::new("Seconds to wait").default("120"));
    /// let yaml = action.to_yaml();
    /// assert!(yaml.contains("runs:\n  using: composite\n  steps:\n"));
    /// assert_eq!(Action::parse(&yaml).unwrap(), action);
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct Action: "action metadata (a mapping)" as action_fields {
        /// `name:`.
        pub name: Option<Scalar> = "name" { set(Scalar) },
        /// `author:`.
        pub author: Option<Scalar> = "author" { set(Scalar) },
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `branding:` for the Marketplace.
        pub branding: Option<Branding> = "branding" { set(Branding) },
        /// `inputs:`.
        pub inputs: Option<IndexMap<String, ActionInput>> = "inputs",
        /// `outputs:`.
        pub outputs: Option<IndexMap<String, ActionOutput>> = "outputs",
        /// `runs:`.
        pub runs: Runs = "runs" [section = "add how the action runs, e.g. `using: composite` with its `steps`"],
    }
    also {
        /// A comment at the top of the file.
        pub header: Option<String> { comment },
        /// Comments read from a file that no field holds.
        pub comments: SourceComments,
    }
}

record! {
    /// One action input. GitHub accepts other keys here too; they are kept.
    ///
    /// ```
    /// use ci_model::{Action, ActionInput, Step};
    ///
    /// let token = ActionInput::new("The token").required(true);
    /// let action = Action::composite("Deploy", [Step::run("./deploy.sh")]).input("token", token);
    /// assert!(action.to_yaml().contains("inputs:\n  token:\n    description: The token\n    required: true\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    #[schemars(extend("additionalProperties" = true))]
    pub struct ActionInput: "an input definition (a mapping)" as action_input_fields {
        /// `description:`.
        pub description: Option<Scalar> = "description",
        /// `required:` (a boolean; some actions write the string `'true'`).
        pub required: Option<Scalar> = "required",
        /// `default:`.
        pub default: Option<Scalar> = "default" { set(Scalar) },
        /// `deprecationMessage:`.
        pub deprecation_message: Option<Scalar> = "deprecationMessage" { set(Scalar) },
    }
}

impl ActionInput {
    /// An input with a description.
    ///
    /// ```
    /// # use ci_model::ActionInput;
    /// let input = ActionInput::new("Seconds to wait");
    /// assert_eq!(input.description.unwrap(), "Seconds to wait");
    /// assert!(input.required.is_none() && input.default.is_none());
    /// ```
    pub fn new(description: impl Into<Scalar>) -> Self {
        ActionInput { description: Some(description.into()), ..<ActionInput as Default>::default() }
    }

    /// Sets `required:`.
    ///
    /// ```
    /// # use ci_model::{ActionInput, Scalar};
    /// let input = ActionInput::new("The token").required(true);
    /// assert_eq!(input.required, Some(Scalar::Bool(true)));
    /// assert!(input.is_required());
    /// ```
    pub fn required(mut self, required: bool) -> Self {
        self.required = Some(Scalar::Bool(required));
        self
    }

    /// Sets `required:` to a value as written, such as the string `'true'`
    /// some actions write (GitHub reads it as the boolean).
    ///
    /// ```
    /// # use ci_model::{ActionInput, Scalar};
    /// let input = ActionInput::new("Quoted").required_as("true");
    /// assert_eq!(input.required, Some(Scalar::from("true")));
    /// assert!(input.is_required());
    /// ```
    pub fn required_as(mut self, required: impl Into<Scalar>) -> Self {
        self.required = Some(required.into());
        self
    }

    /// An input with no description (GitHub asks for one; validation
    /// says so).
    ///
    /// ```
    /// # use ci_model::ActionInput;
    /// assert!(ActionInput::undescribed().default("1").description.is_none());
    /// ```
    pub fn undescribed() -> Self {
        <ActionInput as Default>::default()
    }

    /// Whether the input is required (`true` or the string `'true'`).
    ///
    /// ```
    /// # use ci_model::{ActionInput, Scalar};
    /// assert!(!ActionInput::new("Optional").is_required());
    /// assert!(ActionInput::new("Flag").required(true).is_required());
    /// // Some actions write `required: 'true'`, a string: GitHub reads it the same.
    /// let quoted = ActionInput::new("Quoted").required_as("true");
    /// assert!(quoted.is_required());
    /// ```
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_some_and(|r| r.to_text() == "true")
    }
}

record! {
    /// One action output.
    ///
    /// ```
    /// use ci_model::{Action, ActionOutput, Step};
    ///
    /// let sha = ActionOutput::new("The commit", "${{ steps.rev.outputs.sha }}");
    /// let action = Action::composite("Rev", [Step::run("echo sha=$(git rev-parse HEAD) >> $GITHUB_OUTPUT").shell("bash").id("rev")])
    ///     .output("sha", sha);
    /// assert!(action.to_yaml().contains("outputs:\n  sha:\n    description: The commit\n    value: ${{ steps.rev.outputs.sha }}\n"));
    /// assert!(action.validate().is_empty());
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ActionOutput: "an output definition (a mapping)" as action_output_fields {
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `value:` (composite actions).
        pub value: Option<Scalar> = "value" { set(Scalar) },
    }
}

impl ActionOutput {
    /// An output with its description and value (a composite action's;
    /// a Docker or JavaScript action sets its outputs itself, and declares
    /// them with [`ActionOutput::described`]).
    pub fn new(description: impl Into<Scalar>, value: impl Into<Scalar>) -> Self {
        ActionOutput { description: Some(description.into()), value: Some(value.into()), extra: Extra::new() }
    }

    /// An output with a description and no `value:`.
    pub fn described(description: impl Into<Scalar>) -> Self {
        ActionOutput { description: Some(description.into()), value: None, extra: Extra::new() }
    }
}

record! {
    /// `branding:`.
    ///
    /// ```
    /// use ci_model::{Action, Branding, Step};
    ///
    /// let action = Action::composite("Lint", [Step::run("./lint.sh")]).branding(Branding::new().icon("check").color("green"));
    /// assert!(action.to_yaml().contains("branding:\n  icon: check\n  color: green\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Branding: "a mapping" as branding_fields {
        /// `icon:`, a Feather icon name.
        pub icon: Option<Scalar> = "icon" { set(Scalar) },
        /// `color:`.
        pub color: Option<Scalar> = "color" { set(Scalar) },
    }
}

impl Branding {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// `runs:`: how the action runs; exactly one kind, chosen by `using`.
    ///
    /// ```
    /// use ci_model::{Action, Runs};
    ///
    /// let action = Action::parse("name: Hello\nruns:\n  using: node24\n  main: dist/index.js\n").unwrap();
    /// let Runs::Node(node) = &action.runs else { panic!("a JavaScript action") };
    /// assert_eq!(node.using, "node24");
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub enum Runs: tagged "using" [required = "add the action's runtime: `composite`, `docker` or `node24`"] as runs_variants {
        /// A composite action.
        Composite(CompositeRuns) = ["composite"],
        /// A Docker container action.
        Docker(DockerRuns) = ["docker"],
        /// A JavaScript action.
        Node(NodeRuns) = ["node12", "node16", "node20", "node24"] in using,
        /// A plugin of the runner (`plugin:` instead of `using:`).
        Plugin(PluginRuns) = by plugin,
    }
}

record! {
    /// `runs:` of a composite action (`using: composite`).
    ///
    /// ```
    /// use ci_model::{Action, Runs, Step};
    ///
    /// let action = Action::composite("Build", [Step::run("make")]);
    /// let Runs::Composite(runs) = &action.runs else { unreachable!() };
    /// assert_eq!(runs.steps, [Step::run("make")]);
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct CompositeRuns: "a mapping" as composite_runs_fields [own schema] {
        /// `steps:`.
        pub steps: Vec<Step> = "steps" [required = "add the steps the composite action runs"],
    }
}

record! {
    /// `runs:` of a Docker action (`using: docker`).
    ///
    /// ```
    /// use ci_model::{Action, Runs};
    ///
    /// let yaml = "name: Scan\nruns:\n  using: docker\n  image: Dockerfile\n  args: [--strict]\n";
    /// let action = Action::parse(yaml).unwrap();
    /// let Runs::Docker(docker) = &action.runs else { panic!("a Docker action") };
    /// assert_eq!(docker.image, "Dockerfile");
    /// assert_eq!(docker.args.as_deref(), Some(&["--strict".into()][..]));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct DockerRuns: "a mapping" as docker_runs_fields [own schema] {
        /// `image:`: `Dockerfile`, or `docker://image`.
        pub image: Scalar = "image" [required],
        /// `env:`.
        pub env: Option<Env> = "env",
        /// `entrypoint:`.
        pub entrypoint: Option<Scalar> = "entrypoint" { set(Scalar) },
        /// `args:`.
        pub args: Option<Vec<Scalar>> = "args",
        /// `pre-entrypoint:`.
        pub pre_entrypoint: Option<Scalar> = "pre-entrypoint" { set(Scalar) },
        /// `pre-if:`.
        pub pre_if: Option<Scalar> = "pre-if" { set(Scalar) },
        /// `post-entrypoint:`.
        pub post_entrypoint: Option<Scalar> = "post-entrypoint" { set(Scalar) },
        /// `post-if:`.
        pub post_if: Option<Scalar> = "post-if" { set(Scalar) },
    }
}

record! {
    /// `runs:` of a JavaScript action (`using: node24` or another Node.js
    /// version).
    ///
    /// ```
    /// use ci_model::{Action, Runs};
    ///
    /// let yaml = "name: Hello\nruns:\n  using: node24\n  main: dist/index.js\n  post: dist/cleanup.js\n";
    /// let Runs::Node(node) = Action::parse(yaml).unwrap().runs else { panic!("a JavaScript action") };
    /// assert_eq!(node.main.unwrap(), "dist/index.js");
    /// assert_eq!(node.post.unwrap(), "dist/cleanup.js");
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct NodeRuns: "a mapping" as node_runs_fields [own schema] {
        /// `main:`.
        pub main: Option<Scalar> = "main" [needed = "add the JavaScript file the action runs, e.g. `main: dist/index.js`"] { set(Scalar) },
        /// `pre:`.
        pub pre: Option<Scalar> = "pre" { set(Scalar) },
        /// `pre-if:`.
        pub pre_if: Option<Scalar> = "pre-if" { set(Scalar) },
        /// `post:`.
        pub post: Option<Scalar> = "post" { set(Scalar) },
        /// `post-if:`.
        pub post_if: Option<Scalar> = "post-if" { set(Scalar) },
    }
    also {
        /// `using:`, e.g. `node24` (the value [`Runs`] was read with).
        pub using: Scalar,
    }
}

record! {
    /// `runs:` of an action the runner implements itself (`plugin:` instead
    /// of `using:`), as some early first-party actions were, such as
    /// `actions/checkout@v1`.
    ///
    /// ```
    /// use ci_model::{Action, Runs};
    ///
    /// let yaml = "name: Checkout\nruns:\n  plugin: checkout\n";
    /// let action = Action::parse(yaml).unwrap();
    /// let Runs::Plugin(plugin) = &action.runs else { panic!("a plugin") };
    /// assert_eq!(plugin.plugin, "checkout");
    /// assert_eq!(action.to_yaml(), "name: Checkout\n\nruns:\n  plugin: checkout\n");
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct PluginRuns: "a mapping" as plugin_runs_fields [own schema] {
        /// `plugin:`: the runner's plugin, e.g. `checkout`.
        pub plugin: Scalar = "plugin" [required],
    }
}

impl CompositeRuns {
    /// A composite action's steps.
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        CompositeRuns { steps: steps.into_iter().collect(), extra: Extra::new() }
    }
}

impl DockerRuns {
    /// A Docker action that runs `image` (`Dockerfile`, or `docker://image`).
    ///
    /// ```
    /// use ci_model::{Action, DockerRuns};
    ///
    /// let runs = DockerRuns::new("Dockerfile").args(["--strict", "${{ inputs.path }}"]).env("MODE", "ci");
    /// let action = Action::new(runs).name("Scan").description("Scans the code");
    /// assert!(action.to_yaml().contains("runs:\n  using: docker\n  image: Dockerfile\n"));
    /// ```
    pub fn new(image: impl Into<Scalar>) -> Self {
        DockerRuns {
            image: image.into(),
            env: None,
            entrypoint: None,
            args: None,
            pre_entrypoint: None,
            pre_if: None,
            post_entrypoint: None,
            post_if: None,
            extra: Extra::new(),
        }
    }

    /// Sets `args:`, the container's arguments.
    pub fn args<S: Into<Scalar>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Writes `env: {}`.
    pub fn empty_env(mut self) -> Self {
        self.env = Some(Env::new());
        self
    }

    /// Adds an `env:` variable of the container.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        self.env.get_or_insert_with(Env::new).insert(key.into(), value.into());
        self
    }
}

impl NodeRuns {
    /// A JavaScript action on `using` (`node24`, or another Node.js
    /// version), with its `main:` still to set.
    ///
    /// ```
    /// use ci_model::{Action, NodeRuns};
    ///
    /// let action = Action::new(NodeRuns::new("node24").main("dist/index.js").post("dist/cleanup.js")).name("Hello");
    /// assert!(action.to_yaml().contains("runs:\n  using: node24\n  main: dist/index.js\n"));
    /// ```
    pub fn new(using: impl Into<Scalar>) -> Self {
        NodeRuns {
            using: using.into(),
            main: None,
            pre: None,
            pre_if: None,
            post: None,
            post_if: None,
            extra: Extra::new(),
        }
    }
}

impl PluginRuns {
    /// An action the runner's plugin `plugin` implements.
    pub fn new(plugin: impl Into<Scalar>) -> Self {
        PluginRuns { plugin: plugin.into(), extra: Extra::new() }
    }
}

impl From<CompositeRuns> for Runs {
    fn from(r: CompositeRuns) -> Self {
        Runs::Composite(r)
    }
}

impl From<DockerRuns> for Runs {
    fn from(r: DockerRuns) -> Self {
        Runs::Docker(r)
    }
}

impl From<NodeRuns> for Runs {
    fn from(r: NodeRuns) -> Self {
        Runs::Node(r)
    }
}

impl From<PluginRuns> for Runs {
    fn from(r: PluginRuns) -> Self {
        Runs::Plugin(r)
    }
}

impl Action {
    /// An action that runs as `runs` says, with nothing else set yet
    /// (see [`DockerRuns::new`] and [`NodeRuns::new`]; a composite action
    /// has [`Action::composite`]).
    ///
    /// ```
    /// # use ci_model::{Action, ActionInput, ActionOutput, Branding, PluginRuns};
    /// let action = Action::new(PluginRuns::new("checkout"))
    ///     .name("Checkout")
    ///     .author("GitHub")
    ///     .input("path", ActionInput::new("Where to check out"))
    ///     .output("ref", ActionOutput::described("The ref checked out"))
    ///     .branding(Branding::new().icon("download").color("blue"));
    /// assert!(action.to_yaml().starts_with("name: Checkout\nauthor: GitHub\n"));
    /// assert!(action.to_yaml().contains("runs:\n  plugin: checkout\n"));
    /// ```
    pub fn new(runs: impl Into<Runs>) -> Self {
        Action {
            header: None,
            name: None,
            author: None,
            description: None,
            inputs: None,
            outputs: None,
            runs: runs.into(),
            branding: None,
            extra: Extra::new(),
            comments: SourceComments::default(),
        }
    }

    /// Sets the comments no field holds, by the path of the node each
    /// belongs to (see [`Workflow::comments`](crate::Workflow::comments)).
    pub fn comments(mut self, comments: SourceComments) -> Self {
        self.comments = comments;
        self
    }

    /// A composite action.
    ///
    /// ```
    /// # use ci_model::{Action, Step};
    /// let action = Action::composite("Setup", [Step::run("./setup.sh").shell("bash")]);
    /// assert_eq!(action.name.as_ref().unwrap(), "Setup");
    /// assert!(action.to_yaml().contains("  using: composite\n  steps:\n    - shell: bash\n      run: ./setup.sh\n"));
    /// ```
    pub fn composite(name: impl Into<Scalar>, steps: impl IntoIterator<Item = Step>) -> Self {
        Action {
            header: None,
            name: Some(name.into()),
            author: None,
            description: None,
            inputs: None,
            outputs: None,
            runs: Runs::Composite(CompositeRuns { steps: steps.into_iter().collect(), extra: Extra::new() }),
            branding: None,
            extra: Extra::new(),
            comments: SourceComments::default(),
        }
    }

    /// Writes `inputs: {}`.
    pub fn empty_inputs(mut self) -> Self {
        self.inputs = Some(IndexMap::new());
        self
    }

    /// Writes `outputs: {}`.
    pub fn empty_outputs(mut self) -> Self {
        self.outputs = Some(IndexMap::new());
        self
    }

    /// Adds an input.
    pub fn input(mut self, name: impl Into<String>, input: ActionInput) -> Self {
        self.inputs.get_or_insert_with(IndexMap::new).insert(name.into(), input);
        self
    }

    /// Adds an output.
    pub fn output(mut self, name: impl Into<String>, output: ActionOutput) -> Self {
        self.outputs.get_or_insert_with(IndexMap::new).insert(name.into(), output);
        self
    }
}
