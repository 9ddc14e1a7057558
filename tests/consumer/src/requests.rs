//! Requests and page streams that outlive the code that made them: a request spawned on another
//! task, a stream kept in a struct and drained later, and a response read with its status and
//! headers. All of it needs requests and streams that own their client (`Send + 'static`).

use std::collections::BTreeMap;
use std::future::IntoFuture;

use stytch_b2b::stream::TryStreamExt;
use stytch_b2b::types::{Member, SearchMembersResponse};
use stytch_b2b::{Client, Error, Items, Pages};

/// What a caller of these functions gets when a spawned task fails to finish.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Gets the names of several Organizations at once, each request on a task of its own, as a
/// handler that fans out would. The names come back in the order of `organization_ids`.
///
/// # Errors
///
/// The first request that failed, or a task that panicked.
pub async fn organization_names(
    client: &Client,
    organization_ids: &[&str],
) -> Result<Vec<String>, BoxError> {
    let tasks: Vec<_> = organization_ids
        .iter()
        .map(|id| tokio::spawn(client.organizations().get(*id).into_future()))
        .collect();
    let mut names = Vec::with_capacity(tasks.len());
    for task in tasks {
        let response = task.await??;
        names.push(response.organization.organization_name);
    }
    Ok(names)
}

/// A Member export that starts now and is drained later: the stream of Members lives in the
/// struct, with no borrow of the client.
pub struct MemberExport {
    members: Items<Member>,
}

impl MemberExport {
    /// Starts exporting the Members of `organization_id`, `page_size` per page. Nothing is sent
    /// until [`drain`](Self::drain).
    pub fn start(client: &Client, organization_id: &str, page_size: i32) -> Self {
        let members = client
            .organizations()
            .members()
            .search([organization_id])
            .limit(page_size)
            .items();
        Self { members }
    }

    /// The email address of every Member, page after page.
    ///
    /// # Errors
    ///
    /// The first page that could not be fetched.
    pub async fn drain(mut self) -> Result<Vec<String>, Error> {
        let mut emails = Vec::new();
        while let Some(member) = self.members.try_next().await? {
            emails.push(member.email_address);
        }
        Ok(emails)
    }
}

/// Drains a [`MemberExport`] on a task of its own, as a background job would.
///
/// # Errors
///
/// The export's error, or a task that panicked.
pub async fn export_in_background(export: MemberExport) -> Result<Vec<String>, BoxError> {
    Ok(tokio::spawn(export.drain()).await??)
}

/// Counts the Members of `organization_id` per Organization name, from whole pages: a page of a
/// Member search also holds the Organizations of its Members, which `items()` leaves out.
pub struct MembersPerOrganization {
    pages: Pages<SearchMembersResponse>,
}

impl MembersPerOrganization {
    /// Starts the search; nothing is sent until [`count`](Self::count).
    pub fn start(client: &Client, organization_id: &str) -> Self {
        let pages = client
            .organizations()
            .members()
            .search([organization_id])
            .pages();
        Self { pages }
    }

    /// Members per Organization name, over every page.
    ///
    /// # Errors
    ///
    /// The first page that could not be fetched.
    pub async fn count(mut self) -> Result<BTreeMap<String, usize>, Error> {
        let mut counts = BTreeMap::new();
        while let Some(page) = self.pages.try_next().await? {
            for member in &page.members {
                if let Some(organization) = page.organizations.get(&member.organization_id) {
                    *counts
                        .entry(organization.organization_name.clone())
                        .or_default() += 1;
                }
            }
        }
        Ok(counts)
    }
}

/// A Member read with what its answer said besides the body.
#[derive(Debug)]
pub struct MemberWithMeta {
    /// The Member's email address, from the body.
    pub email_address: String,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The `X-RateLimit-Remaining` header, when the answer had one (as a proxy may add).
    pub rate_limit_remaining: Option<u32>,
    /// How many attempts the request took.
    pub attempts: u32,
}

/// Gets a Member by ID, with the status and the rate-limit header of the answer.
///
/// # Errors
///
/// As any request.
pub async fn member_with_meta(client: &Client, member_id: &str) -> Result<MemberWithMeta, Error> {
    let (response, meta) = client
        .organizations()
        .members()
        .dangerously_get(member_id)
        .send_with_response()
        .await?;
    Ok(MemberWithMeta {
        email_address: response.member.email_address,
        status: meta.status(),
        rate_limit_remaining: meta
            .header("x-ratelimit-remaining")
            .and_then(|value| value.parse().ok()),
        attempts: meta.attempts(),
    })
}
