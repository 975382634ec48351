//! HCP Terraform / Terraform Enterprise notifications: `X-TFE-Notification-Signature` = hex
//! **HMAC-SHA512** of the body with the notification's token.
//! Source: developer.hashicorp.com/terraform/cloud-docs/api-docs/notification-configurations.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// HCP Terraform. Source: developer.hashicorp.com/terraform/cloud-docs/api-docs/notification-configurations.
    pub static TERRAFORM {
        id: "terraform",
        name: "HCP Terraform",
        aliases: ["terraform_cloud", "hcp_terraform", "terraform_enterprise"],
        from: [header("x-tfe-notification-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha512, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
