//! The generated types as users handle them: enums parsed from strings, the structs a request
//! takes built with `new` (never a struct literal, which `#[non_exhaustive]` forbids), a response
//! decoded from JSON as a test builds one, and values this version of the client does not know.

use stytch_b2b::serde_json::{self, json};
use stytch_b2b::types::{
    AuthorizationCheck, Member, MemberSearchOperand, MemberSearchQuery, MemberStatus,
    SearchOperator,
};

/// A Member status read from configuration or a form: every string gives a status.
pub fn status_from_text(text: &str) -> MemberStatus {
    match text.parse() {
        Ok(status) => status,
        Err(never) => match never {},
    }
}

/// How a dashboard labels a status: the known ones by name, anything newer by its wire value.
pub fn status_label(status: &MemberStatus) -> String {
    match status {
        MemberStatus::Active => "Active".to_owned(),
        MemberStatus::Invited | MemberStatus::Pending => "Not logged in yet".to_owned(),
        MemberStatus::Unknown(value) => format!("Other ({value})"),
        other => other.to_string(),
    }
}

/// The query of "every active Member whose email is at `domain`".
pub fn active_members_at(domain: &str) -> MemberSearchQuery {
    MemberSearchQuery::new(
        SearchOperator::And,
        vec![
            MemberSearchOperand::Statuses(vec![MemberStatus::Active]),
            MemberSearchOperand::MemberEmailFuzzy(domain.to_owned()),
        ],
    )
}

/// The check that the Member may read documents of `organization_id`.
pub fn may_read_documents(organization_id: &str) -> AuthorizationCheck {
    AuthorizationCheck::new(organization_id, "documents", "read")
}

/// A fake Member for a test, decoded from JSON as the crate docs advise: it keeps compiling when
/// the API adds fields to `Member`.
pub fn fake_member(name: &str, status: &str) -> Result<Member, serde_json::Error> {
    serde_json::from_value(json!({
        "organization_id": "organization-test-…",
        "member_id": "member-test-…",
        "email_address": "ada@example.com",
        "status": status,
        "name": name,
    }))
}

/// A search filter this version of the client does not know, decoded from JSON (the only way to
/// make one), and its tag and content read back.
pub fn unknown_filter(
    tag: &str,
    value: serde_json::Value,
) -> Result<(MemberSearchOperand, Option<String>), serde_json::Error> {
    let operand: MemberSearchOperand =
        serde_json::from_value(json!({ "filter_name": tag, "filter_value": value }))?;
    let unknown_tag = match &operand {
        MemberSearchOperand::Other(other) => Some(other.tag().to_owned()),
        _ => None,
    };
    Ok((operand, unknown_tag))
}

/// A query as the API receives it.
pub fn query_json(query: &MemberSearchQuery) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(query)
}

/// A status as the API receives it.
pub fn status_json(status: &MemberStatus) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(status)
}
