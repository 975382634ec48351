//! Why a configuration (the document, a route, a secret or a binding) cannot be used.

use hookgate::ConfigError;
use hookgate::transform::TransformError;
use serde::{Serialize, Serializer};

/// Why configuration cannot be used: a stable [`ProblemCode`], and a `detail` for the operator
/// (it names fields and secret *bindings*, never secret values).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    pub(crate) code: ProblemCode,
    pub(crate) detail: String,
}

impl Problem {
    pub(crate) fn new(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
        }
    }
}

/// The kinds of configuration problem. Each has a stable snake_case code (a public interface:
/// the `reason` of a 500 `config_invalid`, `/healthz`, the log line); the core's own errors keep
/// the core's codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProblemCode {
    /// A store or assets binding the configuration needs is not bound to the Worker.
    BindingMissing,
    /// The core refused a scheme spec or a secret.
    Config(ConfigError),
    /// The document is not JSON of the configuration's shape.
    ConfigJson,
    /// The configuration var is not set.
    ConfigMissing,
    /// Two routes have one id (events and dedupe records are kept by route id).
    DuplicateId,
    /// Two routes have one path.
    DuplicatePath,
    /// The `dedupe` settings contradict each other or the route.
    InvalidDedupe,
    /// The `delivery` settings are out of range or contradict the route.
    InvalidDelivery,
    /// The route id is empty, too long or holds control characters.
    InvalidId,
    /// The admin API's token is too short to be safe.
    InvalidAdminToken,
    /// `max_body_bytes` is out of range.
    InvalidMaxBodyBytes,
    /// `origin` is not a usable http(s) URL.
    InvalidOrigin,
    /// `path` is not an absolute path, or is reserved.
    InvalidPath,
    /// `public_url` is not a URL.
    InvalidPublicUrl,
    /// `scheme` is neither a scheme id nor a spec object, or `signature_header` is empty.
    InvalidScheme,
    /// A secret binding name is empty.
    InvalidSecretName,
    /// `origin_timeout_ms` is out of range.
    InvalidTimeout,
    /// `tolerance` is not one of its forms, or allows replays forever without saying so.
    InvalidTolerance,
    /// `transform` is not one of its forms.
    InvalidTransform,
    /// The origin secret cannot sign.
    OriginSecretInvalid,
    /// The route is not JSON of the route's shape.
    RouteJson,
    /// A secret binding the route names is not set.
    SecretMissing,
    /// The core refused a transform template or platform.
    Transform(TransformError),
    /// A field has no effect on a transformed route.
    TransformConflict,
}

impl ProblemCode {
    /// The stable snake_case code.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Self::BindingMissing => "binding_missing",
            Self::Config(e) => e.code(),
            Self::ConfigJson => "config_json",
            Self::ConfigMissing => "config_missing",
            Self::DuplicateId => "duplicate_id",
            Self::DuplicatePath => "duplicate_path",
            Self::InvalidDedupe => "invalid_dedupe",
            Self::InvalidDelivery => "invalid_delivery",
            Self::InvalidAdminToken => "invalid_admin_token",
            Self::InvalidId => "invalid_id",
            Self::InvalidMaxBodyBytes => "invalid_max_body_bytes",
            Self::InvalidOrigin => "invalid_origin",
            Self::InvalidPath => "invalid_path",
            Self::InvalidPublicUrl => "invalid_public_url",
            Self::InvalidScheme => "invalid_scheme",
            Self::InvalidSecretName => "invalid_secret_name",
            Self::InvalidTimeout => "invalid_timeout",
            Self::InvalidTolerance => "invalid_tolerance",
            Self::InvalidTransform => "invalid_transform",
            Self::OriginSecretInvalid => "origin_secret_invalid",
            Self::RouteJson => "route_json",
            Self::SecretMissing => "secret_missing",
            Self::Transform(e) => e.code(),
            Self::TransformConflict => "transform_conflict",
        }
    }
}

impl Serialize for ProblemCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_strings() {
        let problem = Problem::new(
            ProblemCode::SecretMissing,
            "the secret binding \"S\" is not set",
        );
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            serde_json::json!({"code": "secret_missing", "detail": "the secret binding \"S\" is not set"})
        );
        assert_eq!(
            ProblemCode::Config(ConfigError::NoSecrets).as_str(),
            "no_secrets"
        );
    }
}
