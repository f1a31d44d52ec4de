//! [`Artifact`]: one name for an artifact's upload and its downloads, so a
//! download cannot ask for a name nothing uploads.

use crate::Scalar;
use crate::actions::{DownloadArtifact, UploadArtifact};

/// An artifact of a workflow run, named once: its upload and downloads are
/// made from the handle, through the typed bindings of
/// `actions/upload-artifact` and `actions/download-artifact`, so they name
/// the same artifact (validation still refuses a download of a name no job
/// uploads, for artifacts named by hand).
///
/// ```
/// use ci_model::{Artifact, Job, Step, Workflow};
///
/// let coverage = Artifact::new("coverage");
/// let wf = Workflow::new("CI")
///     .on_push()
///     .job("test", Job::new("ubuntu-latest").step(Step::run("make coverage")).step(coverage.upload("lcov.info").step()))
///     .job("report", Job::new("ubuntu-latest").needs("test").step(coverage.download().path("coverage/").step()));
/// assert!(wf.validate().is_empty());
/// let yaml = wf.to_yaml();
/// assert_eq!(yaml.matches("          name: coverage\n").count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    name: String,
}

impl Artifact {
    /// The artifact called `name` (a `${{ }}` part such as
    /// `coverage-${{ matrix.os }}` is allowed).
    ///
    /// ```
    /// # use ci_model::Artifact;
    /// assert_eq!(Artifact::new("dist").name(), "dist");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Artifact { name: name.into() }
    }

    /// The artifact's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The upload of `path` under this name, to set the binding's other
    /// inputs (`retention_days`, `if_no_files_found`, ...) before `.step()`.
    ///
    /// ```
    /// # use ci_model::Artifact;
    /// let step = Artifact::new("dist").upload("dist/").retention_days(5).step();
    /// assert_eq!(step.with_inputs().unwrap()["name"], "dist");
    /// ```
    pub fn upload(&self, path: impl Into<Scalar>) -> UploadArtifact {
        UploadArtifact::new(path).name(self.name.as_str())
    }

    /// The download of this artifact (into the working directory unless
    /// `.path(..)` says where), to set the binding's other inputs before
    /// `.step()`.
    ///
    /// ```
    /// # use ci_model::Artifact;
    /// let step = Artifact::new("dist").download().step();
    /// assert_eq!(step.with_inputs().unwrap()["name"], "dist");
    /// ```
    pub fn download(&self) -> DownloadArtifact {
        DownloadArtifact::new().name(self.name.as_str())
    }
}
