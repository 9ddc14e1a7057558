//! The consumer benchmark (`compile --progenitor`, for `spec/`): what a user's edit loop costs.
//!
//! Two binary crates make the same five calls (get and create an Organization, create a Member,
//! list a Member's sessions, send a login-or-signup email magic link; the first builds of the
//! consumer say so if a change of the API broke one), one through our client,
//! one through progenitor's client of the same API, each in the workspace of the client it uses.
//! After an untimed first build, each run touches the consumer's `src/main.rs` and times
//! `cargo build` of it, dev profile with incremental compilation on (cargo's default for dev
//! builds), ours then progenitor's. Code generated for the client's generic code that the consumer
//! instantiates (futures, serde calls) is compiled here, in every rebuild of the user's crate, so
//! this is where a client that defers its code generation to its users would pay.
//! The consumers are never run (no request reaches the network).

use std::fs;
use std::path::Path;

use crate::compile::{Cargo, Measured};
use crate::stats::Summary;

/// The package name of the consumer of our client.
pub const OURS: &str = "stytch-consumer-bench";
/// The package name of the consumer of progenitor's client.
pub const THEIRS: &str = "progenitor-consumer-bench";
/// The file each run touches, relative to the workspace.
const MAIN_RS: &str = "consumer/src/main.rs";

/// The consumer of our client (the copy named `client_package`), in `<workspace>/consumer`.
pub fn write_ours(workspace: &Path, client_package: &str) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{OURS}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n\
         stytch-b2b = {{ package = \"{client_package}\", path = \"../client\" }}\n\
         tokio = {{ workspace = true, features = [\"macros\", \"rt\"] }}\n"
    );
    write_crate(workspace, &manifest, OUR_MAIN)
}

/// The consumer of progenitor's client (package `client_package`), in `<workspace>/consumer`.
pub fn write_theirs(workspace: &Path, client_package: &str) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{THEIRS}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n\
         client = {{ package = \"{client_package}\", path = \"../client\" }}\n\
         tokio = {{ version = \"1\", default-features = false, features = [\"macros\", \"rt\"] }}\n"
    );
    write_crate(workspace, &manifest, THEIR_MAIN)
}

fn write_crate(workspace: &Path, manifest: &str, main: &str) -> Result<(), String> {
    let dir = workspace.join("consumer");
    fs::create_dir_all(dir.join("src"))
        .and_then(|()| fs::write(dir.join("Cargo.toml"), manifest))
        .and_then(|()| fs::write(dir.join("src/main.rs"), main))
        .map_err(|error| format!("cannot write the consumer in {}: {error}", dir.display()))
}

/// The five calls through our client.
const OUR_MAIN: &str = r#"//! Five calls through the generated client (built, never run, by the consumer benchmark).

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), stytch_b2b::Error> {
    let client = stytch_b2b::Client::new("project-test-00000000", "secret-test-00000000")?;
    let organization = client.organizations().get("organization-test-1").await?;
    println!("{}", organization.organization.organization_name);
    let created = client.organizations().create("Example Org").await?;
    println!("{}", created.organization.organization_id);
    let member = client
        .organizations()
        .members()
        .create("organization-test-1", "ada@example.com")
        .await?;
    println!("{}", member.member.member_id);
    let sessions = client
        .sessions()
        .get("organization-test-1", "member-test-1")
        .await?;
    println!("{}", sessions.member_sessions.len());
    let sent = client
        .magic_links()
        .email()
        .login_or_signup("organization-test-1", "ada@example.com")
        .await?;
    println!("{}", sent.member_id);
    Ok(())
}
"#;

/// The same five calls through progenitor's client. Its bodies have neither builders nor
/// `Default` (`cargo-progenitor`'s defaults), so they are written out field by field: a change of
/// these three bodies in `spec/` needs the same change here.
const THEIR_MAIN: &str = r#"//! Five calls through progenitor's client (built, never run, by the consumer benchmark).

use client::types;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client::Client::new("https://test.stytch.com");
    let organization = client.organizations_get("organization-test-1").await?;
    println!("{}", organization.organization.organization_name);
    let body = types::CreateOrganizationRequest {
        allowed_auth_methods: Vec::new(),
        allowed_first_party_connected_apps: Vec::new(),
        allowed_mfa_methods: Vec::new(),
        allowed_oauth_tenants: Default::default(),
        allowed_third_party_connected_apps: Vec::new(),
        auth_methods: None,
        claimed_email_domains: Vec::new(),
        email_allowed_domains: Vec::new(),
        email_invites: None,
        email_jit_provisioning: None,
        first_party_connected_apps_allowed_type: None,
        mfa_methods: None,
        mfa_policy: None,
        oauth_tenant_jit_provisioning: None,
        organization_external_id: None,
        organization_logo_url: None,
        organization_name: "Example Org".to_owned(),
        organization_slug: None,
        rbac_email_implicit_role_assignments: Vec::new(),
        sso_jit_provisioning: None,
        third_party_connected_apps_allowed_type: None,
        trusted_metadata: Default::default(),
    };
    let created = client.organizations_create(&body).await?;
    println!("{}", created.organization.organization_id);
    let body = types::CreateMemberRequest {
        create_member_as_pending: None,
        email_address: "ada@example.com".to_owned(),
        external_id: None,
        is_breakglass: None,
        mfa_enrolled: None,
        mfa_phone_number: None,
        name: None,
        roles: Vec::new(),
        trusted_metadata: Default::default(),
        untrusted_metadata: Default::default(),
    };
    let member = client
        .organizations_members_create("organization-test-1", &body)
        .await?;
    println!("{}", member.member.member_id);
    let sessions = client
        .sessions_get("member-test-1", "organization-test-1")
        .await?;
    println!("{}", sessions.member_sessions.len());
    let body = types::MagicLinkLoginOrSignupRequest {
        email_address: "ada@example.com".to_owned(),
        locale: None,
        login_expiration_minutes: None,
        login_redirect_url: None,
        login_template_id: None,
        organization_id: "organization-test-1".to_owned(),
        pkce_code_challenge: None,
        signup_expiration_minutes: None,
        signup_redirect_url: None,
        signup_template_id: None,
    };
    let sent = client.magic_links_email_login_or_signup(&body).await?;
    println!("{}", sent.member_id);
    Ok(())
}
"#;

/// Builds both consumers once, then times `runs` rebuilds of each after a touch of their
/// `main.rs`, interleaved; returns the table's row.
pub fn measure(ours: &Cargo, theirs: &Cargo, runs: usize) -> Result<String, String> {
    let ours = consumer_cargo(ours, OURS);
    let theirs = consumer_cargo(theirs, THEIRS);
    ours.run("build", false)?;
    theirs.run("build", false)?;
    let mut our_runs: Vec<Measured> = Vec::new();
    let mut their_runs: Vec<Measured> = Vec::new();
    for _ in 0..runs {
        our_runs.push(ours.run("build", true)?);
        their_runs.push(theirs.run("build", true)?);
    }
    let seconds = |runs: &[Measured]| runs.iter().map(|run| run.seconds).collect::<Vec<_>>();
    let ratios: Vec<f64> = our_runs
        .iter()
        .zip(&their_runs)
        .map(|(ours, theirs)| ours.seconds / theirs.seconds)
        .collect();
    Ok(format!(
        "| {} | {} | {}× |",
        Summary::of(&seconds(&our_runs)).cell(2),
        Summary::of(&seconds(&their_runs)).cell(2),
        Summary::of(&ratios).cell(2)
    ))
}

/// The cargo of a client's workspace, building its consumer incrementally.
fn consumer_cargo(client: &Cargo, package: &'static str) -> Cargo {
    Cargo {
        workspace: client.workspace.clone(),
        target_dir: client.target_dir.clone(),
        memory: client.memory,
        package,
        touched: MAIN_RS,
        incremental: true,
        only_feature: None,
    }
}
