//! `.github/actions/setup-python`: Python, the API's dependencies, and the
//! interpreter's path as an output.

use ci_gen::LocalAction;
use ci_model::actions::SetupPython;
use ci_model::ex::inputs;
use ci_model::{Action, ActionInput, ActionOutput, Step};

use crate::facts::API_DIR;

/// Where the action is.
pub const FOLDER: &str = ".github/actions/setup-python";

/// The step id of the Python set-up inside the action.
const PYTHON_STEP: &str = "python";

/// The composite action, as a handle: a step that uses it is checked against
/// its inputs, and its outputs are typed references.
pub fn action() -> LocalAction {
    let python = SetupPython::new().python_version(inputs("python-version")).step().id(PYTHON_STEP);
    let install = Step::run(format!("python -m pip install -e \"{API_DIR}[$EXTRAS]\"\n"))
        .name("Install the API and its extras")
        .shell("bash")
        .env("EXTRAS", inputs("extras"));
    LocalAction::new(
        FOLDER,
        Action::composite("Set up Python", [python, install])
            .description("Installs a Python and the API's dependencies")
            .input("python-version", ActionInput::new("The Python version to install").required(true))
            .input("extras", ActionInput::new("The API's extras to install").default("dev"))
            .output(
                "python-path",
                ActionOutput::new("The interpreter's path", SetupPython::outputs(PYTHON_STEP).python_path()),
            ),
    )
}
