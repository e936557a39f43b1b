//! API errors as kubectl prints them, and the small result types of the write API.

use std::fmt;

/// Status reason of a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiErrorReason {
    NotFound,
    AlreadyExists,
    Invalid,
    Conflict,
    BadRequest,
    Forbidden,
}

impl ApiErrorReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiErrorReason::NotFound => "NotFound",
            ApiErrorReason::AlreadyExists => "AlreadyExists",
            ApiErrorReason::Invalid => "Invalid",
            ApiErrorReason::Conflict => "Conflict",
            ApiErrorReason::BadRequest => "BadRequest",
            ApiErrorReason::Forbidden => "Forbidden",
        }
    }
}

/// A failed request. `Display` is exactly kubectl's line:
/// NotFound/AlreadyExists/Conflict → `Error from server (NotFound): daemonsets.apps "x" not found`;
/// Invalid → the `The DaemonSet "x" is invalid: ...` message as is;
/// BadRequest (client-side checks such as rollback targets) → `error: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub reason: ApiErrorReason,
    /// Resource with group, e.g. `daemonsets.apps`, `pods`, `nodes`.
    pub kind: String,
    pub name: String,
    pub message: String,
    /// For Invalid: the Status message the API server sends (`DaemonSet.apps "x" is invalid:
    /// [a, b]`), which kubectl prints instead of `message` when it reports several errors.
    pub status: Option<String>,
}

impl ApiError {
    pub fn not_found(kind: &str, name: &str) -> Self {
        ApiError {
            reason: ApiErrorReason::NotFound,
            kind: kind.to_string(),
            name: name.to_string(),
            message: format!("{kind} \"{name}\" not found"),
            status: None,
        }
    }
    pub fn already_exists(kind: &str, name: &str) -> Self {
        ApiError {
            reason: ApiErrorReason::AlreadyExists,
            kind: kind.to_string(),
            name: name.to_string(),
            message: format!("{kind} \"{name}\" already exists"),
            status: None,
        }
    }
    pub fn invalid(kind: &str, name: &str, message: String) -> Self {
        ApiError {
            reason: ApiErrorReason::Invalid,
            kind: kind.to_string(),
            name: name.to_string(),
            message,
            status: None,
        }
    }

    /// `errors.NewInvalid(qualifiedKind, name, errs)`: kubectl's `The Kind "name" is
    /// invalid: …` as `message`, and the Status message (`Kind.group "name" is invalid: …`,
    /// the causes as an aggregate: one as is, several in brackets, repeats once).
    pub fn invalid_fields(
        resource: &str,
        kind: &str,
        group: &str,
        name: &str,
        causes: &[String],
        message: String,
    ) -> Self {
        let mut seen = Vec::new();
        for c in causes {
            if !seen.contains(c) {
                seen.push(c.clone());
            }
        }
        let aggregate = match seen.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        let qualified = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        ApiError {
            reason: ApiErrorReason::Invalid,
            kind: resource.to_string(),
            name: name.to_string(),
            message,
            status: Some(format!("{qualified} \"{name}\" is invalid: {aggregate}")),
        }
    }
    pub fn bad_request(kind: &str, name: &str, message: String) -> Self {
        ApiError {
            reason: ApiErrorReason::BadRequest,
            kind: kind.to_string(),
            name: name.to_string(),
            message,
            status: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            ApiErrorReason::Invalid => f.write_str(&self.message),
            ApiErrorReason::BadRequest => write!(f, "error: {}", self.message),
            r => write!(f, "Error from server ({}): {}", r.as_str(), self.message),
        }
    }
}

impl std::error::Error for ApiError {}

/// Result of `replace_daemonset`: whether anything changed (kubectl's `configured`/`unchanged`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed(pub bool);

/// What replacing a DaemonSet with an object would do (`Simulation::replace_effect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceEffect {
    /// Nothing changes (kubectl: `unchanged`).
    Unchanged,
    /// Labels, annotations or spec fields outside the pod template change; pods stay as they are.
    Configured,
    /// The pod template changes: a new revision, and pods are replaced as the strategy says.
    TemplateChanged,
}

/// Result of `rollback`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackOutcome {
    /// The template was replaced by the revision's (kubectl: `rolled back`).
    RolledBack,
    /// The current template already matches this revision (kubectl: `skipped rollback ...`).
    Skipped(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_prints_like_kubectl() {
        let e = ApiError::not_found("daemonsets.apps", "x");
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): daemonsets.apps \"x\" not found"
        );
    }
}
