//! `container:` of a job and its `services:`.
//!
//! See GitHub's [container] and [services] syntax.
//!
//! [container]: https://docs.github.com/actions/using-jobs/running-jobs-in-a-container
//! [services]: https://docs.github.com/actions/using-containerized-services/about-service-containers

use crate::Scalar;
use crate::common::Env;
use crate::record::record;

/// A job container or a service container: an image name or a mapping.
///
/// ```
/// use ci_model::Container;
///
/// let pg = Container::image("postgres:16")
///     .env("POSTGRES_PASSWORD", "postgres")
///     .port("5432:5432")
///     .options("--health-cmd pg_isready --health-interval 10s");
/// assert!(matches!(pg, Container::Spec(_)));
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Container {
    /// `container: node:20`.
    Image(Scalar),
    /// The mapping form.
    Spec(ContainerSpec),
}

record! {
    /// The mapping form of [`Container`].
    ///
    /// ```
    /// use ci_model::Container;
    ///
    /// let Container::Spec(spec) = Container::image("redis:7").port("6379:6379") else { unreachable!() };
    /// assert_eq!(spec.image.unwrap(), "redis:7");
    /// assert_eq!(spec.ports.unwrap(), ["6379:6379"]);
    /// assert!(spec.credentials.is_none());
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ContainerSpec: "a mapping with `image`" as container_spec_fields {
        /// `image:`.
        pub image: Option<Scalar> = "image" [needed = "add the Docker image to run"] { set(Scalar) },
        /// `credentials:` for a private registry.
        pub credentials: Option<Credentials> = "credentials" { set(Credentials) },
        /// `env:`.
        pub env: Option<Env> = "env",
        /// `ports:` to expose.
        pub ports: Option<Vec<Scalar>> = "ports",
        /// `volumes:` to mount.
        pub volumes: Option<Vec<Scalar>> = "volumes",
        /// `options:` for `docker create` (health checks go here).
        pub options: Option<Scalar> = "options" { set(Scalar) },
        /// `entrypoint:` (service containers only).
        pub entrypoint: Option<Scalar> = "entrypoint" [service] { set(Scalar) },
        /// `command:` (service containers only).
        pub command: Option<Scalar> = "command" [service] { set(Scalar) },
    }
}

impl ContainerSpec {
    /// Nothing set yet (`{}`); [`Container::image`] is the usual start.
    ///
    /// ```
    /// # use ci_model::{ContainerSpec, Credentials, Job, Step, Workflow};
    /// let spec = ContainerSpec::new()
    ///     .image("ghcr.io/acme/build:1")
    ///     .credentials(Credentials::new().username("${{ github.actor }}").password("${{ secrets.GITHUB_TOKEN }}"))
    ///     .volume("/data:/data")
    ///     .env("MODE", "ci")
    ///     .port(8080);
    /// let job = Job::new("ubuntu-latest").container(spec).step(Step::run("make"));
    /// let yaml = Workflow::new("CI").on_push().job("build", job).to_yaml();
    /// assert!(yaml.contains("      credentials:\n        username: ${{ github.actor }}\n"));
    /// assert!(yaml.contains("      volumes:") && yaml.contains("/data:/data"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an `env:` variable.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        self.env.get_or_insert_with(Env::new).insert(key.into(), value.into());
        self
    }

    /// Adds a port to expose.
    pub fn port(mut self, port: impl Into<Scalar>) -> Self {
        self.ports.get_or_insert_with(Vec::new).push(port.into());
        self
    }

    /// Adds a volume to mount.
    pub fn volume(mut self, volume: impl Into<Scalar>) -> Self {
        self.volumes.get_or_insert_with(Vec::new).push(volume.into());
        self
    }

    /// Adds a health check to `options:` (see [`Container::health_check`]).
    ///
    /// ```
    /// # use ci_model::{ContainerSpec, HealthCheck};
    /// let spec = ContainerSpec::new().image("redis").options("--cpus 1").health_check(HealthCheck::cmd("redis-cli ping"));
    /// assert_eq!(spec.options.unwrap(), r#"--cpus 1 --health-cmd "redis-cli ping""#);
    /// ```
    pub fn health_check(mut self, check: HealthCheck) -> Self {
        let flags = check.flags();
        self.options = Some(match self.options.take() {
            Some(o) if !o.to_text().trim().is_empty() => format!("{} {flags}", o.to_text()).into(),
            _ => flags.into(),
        });
        self
    }

    /// Writes `env: {}`.
    pub fn empty_env(mut self) -> Self {
        self.env = Some(Env::new());
        self
    }

    /// Writes `ports: []`.
    pub fn empty_ports(mut self) -> Self {
        self.ports = Some(Vec::new());
        self
    }

    /// Writes `volumes: []`.
    pub fn empty_volumes(mut self) -> Self {
        self.volumes = Some(Vec::new());
        self
    }
}

impl From<ContainerSpec> for Container {
    fn from(spec: ContainerSpec) -> Self {
        Container::Spec(spec)
    }
}

/// `container: <image>`, the image name alone.
///
/// ```
/// # use ci_model::{Container, Scalar};
/// assert_eq!(Container::from("node:22"), Container::Image(Scalar::from("node:22")));
/// ```
impl From<&str> for Container {
    fn from(image: &str) -> Self {
        Container::Image(image.into())
    }
}

impl From<Scalar> for Container {
    fn from(image: Scalar) -> Self {
        Container::Image(image)
    }
}

record! {
    /// `credentials:` of a container.
    ///
    /// ```
    /// use ci_model::{Container, Credentials, Job, Step, Workflow};
    ///
    /// let credentials = Credentials::new().username("${{ github.actor }}").password("${{ secrets.GITHUB_TOKEN }}");
    /// let job = Job::new("ubuntu-latest")
    ///     .container(Container::image("ghcr.io/acme/build:1").credentials(credentials))
    ///     .step(Step::run("make"));
    /// let yaml = Workflow::new("CI").on_push().job("build", job).to_yaml();
    /// assert!(yaml.contains("      credentials:\n        username: ${{ github.actor }}\n"));
    /// assert!(yaml.contains("        password: ${{ secrets.GITHUB_TOKEN }}\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Credentials: "a mapping with `username` and `password`" as credentials_fields {
        /// `username:`.
        pub username: Option<Scalar> = "username" { set(Scalar) },
        /// `password:`.
        pub password: Option<Scalar> = "password" { set(Scalar) },
    }
}

impl Credentials {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Container {
    /// The mapping form with an image, ready for more settings.
    ///
    /// ```
    /// # use ci_model::{Container, Job, Step, Workflow};
    /// let job = Job::new("ubuntu-latest").container(Container::image("node:22")).step(Step::run("npm test"));
    /// let yaml = Workflow::new("CI").on_push().job("test", job).to_yaml();
    /// assert!(yaml.contains("    container:\n      image: node:22\n"));
    /// ```
    pub fn image(image: impl Into<Scalar>) -> Self {
        Container::Spec(ContainerSpec { image: Some(image.into()), ..ContainerSpec::default() })
    }

    fn spec(self) -> ContainerSpec {
        match self {
            Container::Spec(s) => s,
            Container::Image(i) => ContainerSpec { image: Some(i), ..ContainerSpec::default() },
        }
    }

    /// Adds an `env:` variable.
    ///
    /// ```
    /// # use ci_model::{Container, Scalar};
    /// let pg = Container::image("postgres:16").env("POSTGRES_PASSWORD", "postgres");
    /// let Container::Spec(spec) = pg else { unreachable!() };
    /// assert_eq!(spec.env.unwrap()["POSTGRES_PASSWORD"], Scalar::from("postgres"));
    /// ```
    pub fn env(self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        let mut s = self.spec();
        s.env.get_or_insert_with(Env::new).insert(key.into(), value.into());
        Container::Spec(s)
    }

    /// Adds a port mapping.
    ///
    /// ```
    /// # use ci_model::{Container, Scalar};
    /// // An image name becomes the mapping form.
    /// let c = Container::Image(Scalar::from("redis:7")).port("6379:6379").port(8080);
    /// let Container::Spec(spec) = c else { unreachable!() };
    /// assert_eq!(spec.ports.unwrap(), [Scalar::from("6379:6379"), Scalar::from(8080)]);
    /// ```
    pub fn port(self, port: impl Into<Scalar>) -> Self {
        let mut s = self.spec();
        s.ports.get_or_insert_with(Vec::new).push(port.into());
        Container::Spec(s)
    }

    /// Adds a health check to `options:` (after what is there), as
    /// Docker's `--health-*` flags: GitHub waits for a service container
    /// to be healthy before the job's steps start.
    ///
    /// ```
    /// # use ci_model::{Container, HealthCheck, Job, Step, Workflow};
    /// # use std::time::Duration;
    /// let pg = Container::image("postgres:16").env("POSTGRES_PASSWORD", "postgres").health_check(
    ///     HealthCheck::cmd("pg_isready -U postgres").interval(Duration::from_secs(10)).timeout(Duration::from_secs(5)).retries(5),
    /// );
    /// let job = Job::new("ubuntu-latest").service("postgres", pg).step(Step::run("make it"));
    /// let yaml = Workflow::new("CI").on_push().job("it", job).to_yaml();
    /// assert!(yaml.contains(r#"options: --health-cmd "pg_isready -U postgres" --health-interval 10s --health-timeout 5s --health-retries 5"#));
    /// ```
    pub fn health_check(self, check: HealthCheck) -> Self {
        Container::Spec(self.spec().health_check(check))
    }

    /// Sets `credentials:` for a private registry (an image name becomes
    /// the mapping form, as with every builder below).
    ///
    /// ```
    /// # use ci_model::{Container, Credentials};
    /// let c = Container::from("ghcr.io/acme/db:1")
    ///     .credentials(Credentials::new().username("bot").password("${{ secrets.REGISTRY }}"))
    ///     .volume("/data:/var/lib/db")
    ///     .entrypoint("/bin/sh")
    ///     .command("serve")
    ///     .unknown_key("x-note", "kept");
    /// let Container::Spec(spec) = c else { unreachable!() };
    /// assert_eq!(spec.volumes.unwrap(), ["/data:/var/lib/db"]);
    /// assert_eq!(spec.command.unwrap(), "serve");
    /// ```
    pub fn credentials(self, credentials: Credentials) -> Self {
        Container::Spec(self.spec().credentials(credentials))
    }

    /// Adds a volume to mount (see [`Container::credentials`]).
    ///
    /// ```
    /// # use ci_model::Container;
    /// let Container::Spec(spec) = Container::image("db").volume("v:/v") else { unreachable!() };
    /// assert_eq!(spec.volumes.unwrap(), ["v:/v"]);
    /// ```
    pub fn volume(self, volume: impl Into<Scalar>) -> Self {
        Container::Spec(self.spec().volume(volume))
    }

    /// Sets `entrypoint:` (a service container's; see [`Container::credentials`]).
    ///
    /// ```
    /// # use ci_model::Container;
    /// let Container::Spec(spec) = Container::image("db").entrypoint("/bin/sh") else { unreachable!() };
    /// assert_eq!(spec.entrypoint.unwrap(), "/bin/sh");
    /// ```
    pub fn entrypoint(self, entrypoint: impl Into<Scalar>) -> Self {
        Container::Spec(self.spec().entrypoint(entrypoint))
    }

    /// Sets `command:` (a service container's; see [`Container::credentials`]).
    ///
    /// ```
    /// # use ci_model::Container;
    /// let Container::Spec(spec) = Container::image("db").command("serve") else { unreachable!() };
    /// assert_eq!(spec.command.unwrap(), "serve");
    /// ```
    pub fn command(self, command: impl Into<Scalar>) -> Self {
        Container::Spec(self.spec().command(command))
    }

    /// Adds a key the model does not know (an image name becomes the
    /// mapping form); validation reports it (see [`Container::credentials`]).
    ///
    /// ```
    /// # use ci_model::{Container, Yaml};
    /// let Container::Spec(spec) = Container::from("db").unknown_key("x-note", 1) else { unreachable!() };
    /// assert_eq!(spec.extra["x-note"], Yaml::from(1));
    /// ```
    pub fn unknown_key(self, key: impl Into<String>, value: impl Into<crate::Yaml>) -> Self {
        Container::Spec(self.spec().unknown_key(key, value))
    }

    /// Sets `options:`.
    ///
    /// ```
    /// # use ci_model::Container;
    /// let pg = Container::image("postgres:16").options("--health-cmd pg_isready --health-retries 5");
    /// let Container::Spec(spec) = pg else { unreachable!() };
    /// assert_eq!(spec.options.unwrap(), "--health-cmd pg_isready --health-retries 5");
    /// ```
    pub fn options(self, options: impl Into<Scalar>) -> Self {
        let mut s = self.spec();
        s.options = Some(options.into());
        Container::Spec(s)
    }
}

/// A container's health check: the command Docker runs in it and how
/// often, written into `options:` by [`Container::health_check`] as
/// `--health-cmd`, `--health-interval`, `--health-timeout`,
/// `--health-retries` and `--health-start-period`.
///
/// ```
/// use ci_model::HealthCheck;
/// use std::time::Duration;
///
/// let redis = HealthCheck::cmd("redis-cli ping").interval(Duration::from_secs(10)).retries(5);
/// assert_eq!(redis.flags(), r#"--health-cmd "redis-cli ping" --health-interval 10s --health-retries 5"#);
/// let quick = HealthCheck::cmd("curl -f http://localhost/").start_period(Duration::from_millis(1500));
/// assert_eq!(quick.flags(), r#"--health-cmd "curl -f http://localhost/" --health-start-period 1500ms"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    /// The command, run in the container (healthy when it exits 0).
    pub cmd: String,
    /// Time between two checks.
    pub interval: Option<std::time::Duration>,
    /// Time a check may take.
    pub timeout: Option<std::time::Duration>,
    /// Failed checks in a row before the container is unhealthy.
    pub retries: Option<u32>,
    /// Time the container has to start before failed checks count.
    pub start_period: Option<std::time::Duration>,
}

impl HealthCheck {
    /// A health check that runs `cmd`.
    pub fn cmd(cmd: impl Into<String>) -> Self {
        HealthCheck { cmd: cmd.into(), interval: None, timeout: None, retries: None, start_period: None }
    }

    /// Sets the time between two checks.
    pub fn interval(mut self, interval: std::time::Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// Sets the time a check may take.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many failed checks in a row make the container unhealthy.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = Some(retries);
        self
    }

    /// Sets the time the container has to start before failed checks count.
    pub fn start_period(mut self, start_period: std::time::Duration) -> Self {
        self.start_period = Some(start_period);
        self
    }

    /// The health check whose [`flags`](HealthCheck::flags) are `flags`,
    /// exactly: `None` for any other text (flags in another order or
    /// spelling, other Docker options), which stays a string of `options:`.
    ///
    /// ```
    /// # use ci_model::HealthCheck;
    /// # use std::time::Duration;
    /// let text = r#"--health-cmd "pg_isready -U postgres" --health-interval 10s --health-retries 5"#;
    /// let check = HealthCheck::parse(text).unwrap();
    /// assert_eq!(check, HealthCheck::cmd("pg_isready -U postgres").interval(Duration::from_secs(10)).retries(5));
    /// assert_eq!(HealthCheck::parse("--health-retries 5 --health-cmd true"), None);
    /// ```
    pub fn parse(flags: &str) -> Option<HealthCheck> {
        let rest = flags.strip_prefix("--health-cmd ")?;
        let (cmd, mut rest) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let mut cmd = String::new();
                let mut chars = quoted.char_indices();
                let end = loop {
                    match chars.next()? {
                        (_, '\\') => cmd.push(chars.next()?.1),
                        (i, '"') => break i + 1,
                        (_, c) => cmd.push(c),
                    }
                };
                (cmd, &quoted[end..])
            }
            None => {
                let end = rest.find(' ').unwrap_or(rest.len());
                (rest[..end].to_owned(), &rest[end..])
            }
        };
        let mut check = HealthCheck::cmd(cmd);
        let duration = |text: &str| match text.strip_suffix("ms") {
            Some(ms) => ms.parse().ok().map(std::time::Duration::from_millis),
            None => text.strip_suffix('s')?.parse().ok().map(std::time::Duration::from_secs),
        };
        while let Some(flag) = rest.strip_prefix(" --health-") {
            let (name, value) = flag.split_once(' ')?;
            let end = value.find(' ').unwrap_or(value.len());
            let (value, after) = value.split_at(end);
            match name {
                "interval" => check.interval = Some(duration(value)?),
                "timeout" => check.timeout = Some(duration(value)?),
                "retries" => check.retries = Some(value.parse().ok()?),
                "start-period" => check.start_period = Some(duration(value)?),
                _ => return None,
            }
            rest = after;
        }
        (rest.is_empty() && check.flags() == flags).then_some(check)
    }

    /// The `docker create` flags, in the order of the fields: the command
    /// in double quotes when it holds whitespace or quotes (Docker's own
    /// quoting), each duration in whole seconds (`10s`) or else in
    /// milliseconds (`1500ms`).
    ///
    /// ```
    /// # use ci_model::HealthCheck;
    /// # use std::time::Duration;
    /// let check = HealthCheck::cmd("pg_isready").timeout(Duration::from_secs(5));
    /// assert_eq!(check.flags(), "--health-cmd pg_isready --health-timeout 5s");
    /// ```
    pub fn flags(&self) -> String {
        let duration = |d: std::time::Duration| {
            if d.subsec_nanos() == 0 { format!("{}s", d.as_secs()) } else { format!("{}ms", d.as_millis()) }
        };
        let cmd = if self.cmd.is_empty() || self.cmd.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
            format!("\"{}\"", self.cmd.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            self.cmd.clone()
        };
        let mut flags = format!("--health-cmd {cmd}");
        if let Some(d) = self.interval {
            flags.push_str(&format!(" --health-interval {}", duration(d)));
        }
        if let Some(d) = self.timeout {
            flags.push_str(&format!(" --health-timeout {}", duration(d)));
        }
        if let Some(n) = self.retries {
            flags.push_str(&format!(" --health-retries {n}"));
        }
        if let Some(d) = self.start_period {
            flags.push_str(&format!(" --health-start-period {}", duration(d)));
        }
        flags
    }
}
