//! Following cursors: a request's pages, and their items, as a `Stream`.

use std::collections::HashSet;
use std::future::IntoFuture;
use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt};

use super::error::{Error, shown};

/// A stream of results, page after page: what `pages()` and `items()` return.
///
/// Consume it with [`TryStreamExt`](crate::stream::TryStreamExt) (`try_next`, `try_collect`) or
/// [`StreamExt`](crate::stream::StreamExt) (`next`, `take`). After an error it ends.
pub type Pages<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

enum State<R> {
    /// The next request to send, and the cursors seen so far.
    Next(R, HashSet<String>),
    /// The server sent a cursor it had sent before.
    Repeated(String),
    Done,
}

/// The pages of `first` and its successors: each page's `next_cursor` (when not empty) is set on
/// a copy of the request with `with_cursor`, until there is none. A cursor that comes back a second
/// time ends the stream with an error instead of looping forever. Every page request keeps the
/// first one's parameters (its `limit`, timeout, retry policy).
pub(crate) fn paginate<'a, R, P>(
    first: R,
    next_cursor: fn(&P) -> Option<&str>,
    with_cursor: fn(R, String) -> R,
) -> Pages<'a, P>
where
    R: IntoFuture<Output = Result<P, Error>> + Clone + Send + 'a,
    R::IntoFuture: Send,
    P: Send + 'a,
{
    Box::pin(stream::unfold(
        State::Next(first, HashSet::new()),
        move |state| async move {
            match state {
                State::Done => None,
                State::Repeated(cursor) => {
                    let message = format!(
                        "the API sent the cursor `{}` a second time; stopped instead of looping forever",
                        shown(&cursor)
                    );
                    Some((Err(Error::Pagination(message)), State::Done))
                }
                State::Next(request, mut seen) => {
                    let template = request.clone();
                    let page = match request.await {
                        Ok(page) => page,
                        Err(error) => return Some((Err(error), State::Done)),
                    };
                    let next = match next_cursor(&page).filter(|cursor| !cursor.is_empty()) {
                        None => State::Done,
                        Some(cursor) if !seen.insert(cursor.to_owned()) => {
                            State::Repeated(cursor.to_owned())
                        }
                        Some(cursor) => State::Next(with_cursor(template, cursor.to_owned()), seen),
                    };
                    Some((Ok(page), next))
                }
            }
        },
    ))
}

/// The items of every page, in order.
pub(crate) fn items<'a, P, T>(pages: Pages<'a, P>, items_of: fn(P) -> Vec<T>) -> Pages<'a, T>
where
    P: Send + 'a,
    T: Send + 'a,
{
    Box::pin(pages.flat_map(move |page| {
        let items: Vec<Result<T, Error>> = match page {
            Ok(page) => items_of(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    }))
}
