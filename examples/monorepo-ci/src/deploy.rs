//! `.github/workflows/deploy.yml`: deploys one image to one environment, for
//! the workflows of this repository to call.

use ci_gen::ReusableWorkflow;
use ci_model::actions::Checkout;
use ci_model::ex::{inputs, secrets};
use ci_model::{
    CallInput, CallInputType, CallOutput, CallSecret, Environment, Job, Level, Permissions, Step, StepRef, Workflow,
    WorkflowCall,
};

/// The file.
pub const FILE: &str = "deploy.yml";

/// The job that deploys.
pub const JOB: &str = "deploy";

/// The step that deploys and writes the URL.
const DEPLOY_STEP: &str = "deploy";

/// The reusable workflow, as a handle: a job that calls it is checked
/// against its inputs, secrets and outputs.
pub fn workflow() -> ReusableWorkflow {
    let url = StepRef::new(DEPLOY_STEP).output("url");
    let deploy = Job::new("ubuntu-latest")
        .name("Deploy to the environment")
        .timeout_minutes(15)
        .permissions(Permissions::none().contents(Level::Read))
        .environment(Environment::named(inputs("environment")).url(url.clone()))
        .output("url", url)
        .step(Checkout::new().persist_credentials(false).step())
        .step(
            Step::run("./scripts/deploy.sh \"$ENVIRONMENT\" \"$IMAGE_TAG\" \"$DRY_RUN\"\n")
                .id(DEPLOY_STEP)
                .name("Deploy")
                .env("ENVIRONMENT", inputs("environment"))
                .env("IMAGE_TAG", inputs("image-tag"))
                .env("DRY_RUN", inputs("dry-run"))
                .env("DEPLOY_TOKEN", secrets("deploy-token")),
        );
    let call = WorkflowCall::new()
        .input("environment", CallInput::new(CallInputType::String).required(true))
        .input("image-tag", CallInput::new(CallInputType::String).required(true))
        .input("dry-run", CallInput::new(CallInputType::Boolean).default(false))
        .secret("deploy-token", CallSecret::new().required(true))
        .output("url", CallOutput::of_job(JOB, "url"));
    ReusableWorkflow::new(
        FILE,
        Workflow::new("Deploy").on_workflow_call_with(call).permissions(Permissions::none()).job(JOB, deploy),
    )
}
