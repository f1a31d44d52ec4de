//! What the workflows share: the parts of the monorepo, the versions tested,
//! the database the API tests need.

/// The Python API's folder.
pub const API_DIR: &str = "services/api";

/// The web app's folder.
pub const WEB_DIR: &str = "web";

/// The Pythons the API supports; the last is tested but may fail.
pub const PYTHONS: [&str; 2] = ["3.12", "3.13"];

/// The Python that is tested as an experiment (its failures do not fail CI).
pub const EXPERIMENTAL_PYTHON: &str = "3.14";

/// The Python whose run uploads the coverage.
pub const COVERAGE_PYTHON: &str = "3.13";

/// The Node.js versions the web app supports.
pub const NODES: [&str; 2] = ["20", "22"];

/// The Node.js version whose run uploads the build.
pub const BUILD_NODE: &str = "22";

/// The database the API's tests run against, as a service container.
pub const POSTGRES_IMAGE: &str = "postgres:16";

/// The API tests' connection string (the service's port on the runner).
pub const DATABASE_URL: &str = "postgresql://postgres:postgres@localhost:5432/api";

/// The coverage artifact the API tests upload and the report downloads.
pub const COVERAGE_ARTIFACT: &str = "api-coverage";

/// The web app's build.
pub const WEB_BUILD_ARTIFACT: &str = "web-dist";

/// The two environments, in the order a release reaches them.
pub const ENVIRONMENTS: [&str; 2] = ["staging", "production"];
