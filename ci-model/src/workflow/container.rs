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
        pub image: Option<Scalar> = "image" [needed = "add the Docker image to run"],
        /// `credentials:` for a private registry.
        pub credentials: Option<Credentials> = "credentials",
        /// `env:`.
        pub env: Option<Env> = "env",
        /// `ports:` to expose.
        pub ports: Option<Vec<Scalar>> = "ports",
        /// `volumes:` to mount.
        pub volumes: Option<Vec<Scalar>> = "volumes",
        /// `options:` for `docker create` (health checks go here).
        pub options: Option<Scalar> = "options",
        /// `entrypoint:` (service containers only).
        pub entrypoint: Option<Scalar> = "entrypoint" [service],
        /// `command:` (service containers only).
        pub command: Option<Scalar> = "command" [service],
    }
}

record! {
    /// `credentials:` of a container.
    ///
    /// ```
    /// use ci_model::{Container, Credentials, Job, Step, Workflow};
    ///
    /// let Container::Spec(mut spec) = Container::image("ghcr.io/acme/build:1") else { unreachable!() };
    /// spec.credentials = Some(Credentials {
    ///     username: Some("${{ github.actor }}".into()),
    ///     password: Some("${{ secrets.GITHUB_TOKEN }}".into()),
    ///     ..Default::default()
    /// });
    /// let job = Job::new("ubuntu-latest").container(Container::Spec(spec)).step(Step::run("make"));
    /// let yaml = Workflow::new("CI").on_push().job("build", job).to_yaml();
    /// assert!(yaml.contains("      credentials:\n        username: ${{ github.actor }}\n"));
    /// assert!(yaml.contains("        password: ${{ secrets.GITHUB_TOKEN }}\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Credentials: "a mapping with `username` and `password`" as credentials_fields {
        /// `username:`.
        pub username: Option<Scalar> = "username",
        /// `password:`.
        pub password: Option<Scalar> = "password",
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
