//! The `consumer` crate's use of the generated types (`consumer::types`), checked: enums parsed
//! from strings are their known variants, structs built with `new` send the expected JSON, a
//! response decoded from JSON is complete, and unknown values are kept opaque and sent back
//! unchanged.

use consumer::types;
use serde_json::json;
use stytch_b2b::types::{MemberSearchOperand, MemberStatus};

#[test]
fn a_known_status_parses_to_its_variant_never_to_unknown() {
    assert_eq!(types::status_from_text("active"), MemberStatus::Active);
    assert_eq!(MemberStatus::from("active"), MemberStatus::Active);
    assert_eq!(
        types::status_label(&types::status_from_text("invited")),
        "Not logged in yet"
    );
    assert_eq!(MemberStatus::Active.as_ref(), "active");
}

#[test]
fn an_unknown_status_is_kept_and_sent_back_unchanged() {
    let status = types::status_from_text("suspended");
    assert!(matches!(&status, MemberStatus::Unknown(value) if value.as_str() == "suspended"));
    assert_eq!(status, MemberStatus::from("suspended".to_owned()));
    assert_ne!(status, MemberStatus::from("Suspended"));
    assert_eq!(status.to_string(), "suspended");
    assert_eq!(types::status_label(&status), "Other (suspended)");
    assert_eq!(
        types::status_json(&status).expect("encodes"),
        json!("suspended")
    );
    let decoded: MemberStatus = serde_json::from_value(json!("suspended")).expect("decodes");
    assert_eq!(decoded, status);
}

#[test]
fn a_search_query_built_with_new_sends_its_operator_and_operands() {
    let query = types::active_members_at("example.com");
    assert_eq!(
        types::query_json(&query).expect("encodes"),
        json!({
            "operator": "AND",
            "operands": [
                { "filter_name": "statuses", "filter_value": ["active"] },
                { "filter_name": "member_email_fuzzy", "filter_value": "example.com" },
            ],
        })
    );
}

#[test]
fn an_authorization_check_built_with_new_holds_its_fields() {
    let check = types::may_read_documents("organization-test-1");
    assert_eq!(check.organization_id, "organization-test-1");
    assert_eq!(check.resource_id, "documents");
    assert_eq!(check.action, "read");
}

#[test]
fn a_response_decoded_from_json_takes_the_defaults_it_leaves_out() {
    let member = types::fake_member("Ada Lovelace", "active").expect("a member decodes");
    assert_eq!(member.name, "Ada Lovelace");
    assert_eq!(member.status, MemberStatus::Active);
    assert!(member.roles.is_empty());
    assert!(!member.is_breakglass);
}

#[test]
fn a_filter_with_an_unknown_tag_is_other_and_a_known_tag_is_never_other() {
    let (operand, tag) =
        types::unknown_filter("member_nicknames", json!(["Ada"])).expect("decodes");
    assert_eq!(tag.as_deref(), Some("member_nicknames"));
    let MemberSearchOperand::Other(other) = &operand else {
        panic!("an unknown tag is `Other`: {operand:?}");
    };
    assert_eq!(other.value(), &json!(["Ada"]));
    assert_eq!(
        serde_json::to_value(&operand).expect("encodes"),
        json!({ "filter_name": "member_nicknames", "filter_value": ["Ada"] })
    );

    let (operand, tag) = types::unknown_filter("statuses", json!(["active"])).expect("decodes");
    assert_eq!(tag, None);
    assert_eq!(
        operand,
        MemberSearchOperand::Statuses(vec![MemberStatus::Active])
    );
}
