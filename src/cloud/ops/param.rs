//! One parameter of a request, named as a scenario step and as the API
//! names it, and why a value given for it was refused: the words both
//! front doors (the scenario parser, the HTTP endpoint) and the
//! identifier rules share.

/// One parameter of a request, as a scenario step and as the API name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its name as a scenario step (and the AWS CLI) spells it:
    /// `db-cluster-identifier`.
    pub step: &'static str,
    /// Its name as a member of the API's request: `DBClusterIdentifier`.
    /// For a simulator's extension, the member that carries it through
    /// the API (`data-gib` travels in `Tags`, `list-principals`'s
    /// `resource-arns` in `resourceArn`), or `None` where only a scenario
    /// gives it.
    pub wire: Option<&'static str>,
}

/// A parameter the API has, for the hand-written [`super::Declared`] impls.
pub const fn param(step: &'static str, wire: &'static str) -> Param {
    Param {
        step,
        wire: Some(wire),
    }
}

/// A parameter of the simulator's own, which only a scenario gives.
pub const fn extension(step: &'static str) -> Param {
    Param { step, wire: None }
}

/// Why a request's values were refused once read, in words both front
/// doors use: each names a parameter as `` `step-key` `` (an HTTP
/// endpoint renames it as the API does), and a scenario points at the
/// value of [`Refusal::param`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The parameter whose value is refused; `None` for the request as a
    /// whole (a parameter it lacks).
    pub param: Option<Param>,
    /// The service's own error code for it, where the service has one
    /// (KMS's `InvalidAliasNameException`); `None` for the service's
    /// validation error.
    pub code: Option<&'static str>,
    pub message: String,
}

impl Refusal {
    /// `param`'s value refused with the service's validation error.
    pub fn of(param: Param, message: impl Into<String>) -> Refusal {
        Refusal {
            param: Some(param),
            code: None,
            message: message.into(),
        }
    }
}
