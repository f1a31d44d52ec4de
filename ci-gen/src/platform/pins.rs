//! Every third-party action the platform's CI uses, pinned to a full commit
//! SHA with the release it stands for.
//!
//! A tag can be moved to other code after review; a commit SHA cannot. Each
//! pin below is the newest major line's release from the verified pin list
//! (`../shared/actions/pins.tsv`), and the generated `uses:` line carries the
//! version as a trailing comment so that a reader (and Dependabot) can see it.

use ci_model::Uses;

/// One action at one reviewed commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// `owner/repo`, or `owner/repo/path` for an action kept in a subfolder.
    pub action: &'static str,
    /// The 40-hex commit the release tag points at.
    pub sha: &'static str,
    /// The release tag, written after the SHA as a comment.
    pub version: &'static str,
}

impl Pin {
    /// The pinned `uses:` reference, `action@sha # version`.
    pub fn uses(&self) -> Uses {
        Uses::pinned(self.action, self.sha, self.version)
    }
}

/// Checks out the repository.
pub const CHECKOUT: Pin =
    Pin { action: "actions/checkout", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" };

/// Installs a Python version.
pub const SETUP_PYTHON: Pin =
    Pin { action: "actions/setup-python", sha: "5fda3b95a4ea91299a34e894583c3862153e4b97", version: "v7.0.0" };

/// Saves and restores a cache keyed by file hashes.
pub const CACHE: Pin =
    Pin { action: "actions/cache", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae", version: "v5.0.5" };

/// Uploads files as a workflow artifact.
pub const UPLOAD_ARTIFACT: Pin =
    Pin { action: "actions/upload-artifact", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", version: "v7.0.0" };

/// Installs and configures Poetry.
pub const INSTALL_POETRY: Pin =
    Pin { action: "snok/install-poetry", sha: "a783c322200f0519c7926aa6faa857c4e23e9263", version: "v1.4.2" };

/// Uploads a coverage report to Codecov.
pub const CODECOV: Pin =
    Pin { action: "codecov/codecov-action", sha: "671740ac38dd9b0130fbe1cec585b89eea48d3de", version: "v5.5.2" };

/// Comments pytest coverage on a pull request.
pub const PYTEST_COVERAGE_COMMENT: Pin = Pin {
    action: "MishaKav/pytest-coverage-comment",
    sha: "e48ae95fa406cefacc7fbdd79949122795569961",
    version: "v1.8.0",
};

/// Sets up Docker Buildx (needed for the GitHub Actions build cache).
pub const SETUP_BUILDX: Pin =
    Pin { action: "docker/setup-buildx-action", sha: "37fe631027851001ddb9b187196cc803df7f5f0e", version: "v4.3.0" };

/// Logs in to a container registry.
pub const DOCKER_LOGIN: Pin =
    Pin { action: "docker/login-action", sha: "4907a6ddec9925e35a0a9e82d7399ccc52663121", version: "v4.1.0" };

/// Computes image tags and labels from the event.
pub const DOCKER_METADATA: Pin =
    Pin { action: "docker/metadata-action", sha: "dc802804100637a589fabce1cb79ff13a1411302", version: "v6.2.0" };

/// Builds (and optionally pushes) an image with Buildx.
pub const DOCKER_BUILD_PUSH: Pin =
    Pin { action: "docker/build-push-action", sha: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a", version: "v7.3.0" };

/// Checks the links of Markdown files: the maintained fork of the deprecated
/// `gaurav-nelson/github-action-markdown-link-check`.
pub const MARKDOWN_LINK_CHECK: Pin = Pin {
    action: "tcort/github-action-markdown-link-check",
    sha: "f3d33029dca1c4a24b87e2df648f9f4604ef6533",
    version: "v1.1.1",
};

/// Packs the repository into one AI-readable file. The action lives in a
/// subfolder of the repomix repository, whose tags are repomix CLI versions.
pub const REPOMIX: Pin = Pin {
    action: "yamadashy/repomix/.github/actions/repomix",
    sha: "c4c80eb8ab3fad8c60f23ff9280f3f2c65789379",
    version: "v1.18.0",
};

/// The repomix CLI the action installs: the release the action is pinned to,
/// rather than whatever npm calls `latest` on the day.
pub fn repomix_cli_version() -> &'static str {
    REPOMIX.version.trim_start_matches('v')
}

/// Every pin, for checks that cover them all.
pub const ALL: [Pin; 13] = [
    CHECKOUT,
    SETUP_PYTHON,
    CACHE,
    UPLOAD_ARTIFACT,
    INSTALL_POETRY,
    CODECOV,
    PYTEST_COVERAGE_COMMENT,
    SETUP_BUILDX,
    DOCKER_LOGIN,
    DOCKER_METADATA,
    DOCKER_BUILD_PUSH,
    MARKDOWN_LINK_CHECK,
    REPOMIX,
];
