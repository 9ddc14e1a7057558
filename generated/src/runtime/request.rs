//! One request as the generated code describes it, and the path encoding it relies on.

use std::time::Duration;

use serde::Serialize;

use super::error::Error;
use super::retry::RetryPolicy;

/// Per-request settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub timeout: Option<Duration>,
    pub retry: Option<RetryPolicy>,
}

/// A request, before the client adds the base URL, authentication and common headers.
///
/// Deliberately not `Debug`: headers may hold credentials.
pub(crate) struct Request {
    /// The endpoint, e.g. `organizations.members.delete`, for traces.
    pub(super) operation: &'static str,
    /// Whether sending it twice has the same effect as once, so it may be retried.
    pub(super) idempotent: bool,
    pub(super) options: RequestOptions,
    pub(super) method: reqwest::Method,
    /// Starts with `/`; path parameters already encoded.
    pub(super) path: String,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) headers: Vec<Header>,
    pub(super) body: Option<Vec<u8>>,
    /// The media type of `body`.
    pub(super) content_type: &'static str,
    /// Whether the client's Basic credentials are sent (`false` for a public endpoint).
    pub(super) basic_auth: bool,
}

pub(super) struct Header {
    pub name: &'static str,
    pub value: String,
    /// Sensitive values are kept out of logs by the HTTP stack.
    pub sensitive: bool,
}

impl Request {
    pub(crate) fn new(
        operation: &'static str,
        idempotent: bool,
        options: RequestOptions,
        method: reqwest::Method,
        path: String,
    ) -> Self {
        Self {
            operation,
            idempotent,
            options,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: "application/json",
            basic_auth: true,
        }
    }

    /// Sends the request without the client's Basic credentials, to a public endpoint.
    #[allow(dead_code, reason = "called by generated code for public endpoints")]
    pub(crate) fn without_basic_auth(&mut self) {
        self.basic_auth = false;
    }

    /// Adds a query parameter (the URL encodes it).
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header.
    #[allow(
        dead_code,
        reason = "called by generated code for endpoints with header parameters"
    )]
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push(Header {
            name,
            value,
            sensitive: false,
        });
    }

    /// Adds a header holding a credential.
    pub(crate) fn secret_header(&mut self, name: &'static str, value: &str) {
        self.headers.push(Header {
            name,
            value: value.to_owned(),
            sensitive: true,
        });
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::InvalidRequest(format!("cannot serialize the request body: {error}"))
        })?;
        self.body = Some(bytes);
        self.content_type = "application/json";
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: the fields in order as `name=value`
    /// pairs, unset optional ones left out, encoded as JavaScript's `URLSearchParams` (what the
    /// official SDKs send): `A-Z a-z 0-9 * - . _` as they are, a space as `+`, the rest `%XX`.
    /// The spec's validation lets only flat scalar fields into a form body.
    #[allow(dead_code, reason = "called by generated code for form bodies")]
    pub(crate) fn form<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body).map_err(|error| {
            Error::InvalidRequest(format!("cannot serialize the form body: {error}"))
        })?;
        self.body = Some(text.into_bytes());
        self.content_type = "application/x-www-form-urlencoded";
        Ok(())
    }
}

/// Appends `value` to `path` as exactly one path segment.
///
/// Escapes like JavaScript's `encodeURIComponent`, as the official SDKs do: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes `%XX` (UTF-8), so `/`, `?`, `#`, `%`, spaces and
/// non-ASCII characters cannot change the route. Three values would still reach another route and
/// are refused: an empty one drops the segment, and `.` and `..` are dot segments that URL parsing
/// removes (escaping them does not help: `%2E` counts as a dot too).
pub(crate) fn push_path_segment(path: &mut String, name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "the path parameter `{name}` is empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "the path parameter `{name}` is `{value}`, which would address another route"
        )));
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            path.push(char::from(byte));
        } else {
            path.push('%');
            path.push(char::from(HEX[usize::from(byte >> 4)]));
            path.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Request, RequestOptions, push_path_segment};

    fn encoded(value: &str) -> String {
        let mut path = String::new();
        push_path_segment(&mut path, "id", value).expect("a non-empty value is accepted");
        path
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encoded("member-test-32fc5024"), "member-test-32fc5024");
        assert_eq!(encoded("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encoded("../admin"), "..%2Fadmin");
        assert_eq!(encoded("..."), "...");
        assert_eq!(encoded("é"), "%C3%A9");
        assert_eq!(encoded("!~*'()"), "!~*'()");
    }

    #[test]
    fn refuses_an_empty_segment() {
        let error = push_path_segment(&mut String::new(), "member_id", "").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request: the path parameter `member_id` is empty"
        );
    }

    #[test]
    fn a_form_body_is_encoded_as_url_search_params_encodes_it() {
        #[derive(serde::Serialize)]
        struct Body {
            token: &'static str,
            client_id: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            client_secret: Option<&'static str>,
            count: i32,
            flag: bool,
        }
        let mut request = Request::new(
            "idp.introspect_token_network",
            false,
            RequestOptions::default(),
            reqwest::Method::POST,
            "/".to_owned(),
        );
        let body = Body {
            token: "a b+c/é~!*'()=&%",
            client_id: "x*-._y",
            client_secret: None,
            count: 42,
            flag: true,
        };
        request.form(&body).expect("a flat body encodes");
        // `new URLSearchParams({token: …, client_id: …, count: 42, flag: true}).toString()`.
        assert_eq!(
            request.body.as_deref(),
            Some(&b"token=a+b%2Bc%2F%C3%A9%7E%21*%27%28%29%3D%26%25&client_id=x*-._y&count=42&flag=true"[..])
        );
        assert_eq!(request.content_type, "application/x-www-form-urlencoded");
    }
}
