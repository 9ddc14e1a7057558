//! Following cursors: a request's pages ([`Pages`]) and their items ([`Items`]) as streams, and,
//! with the `blocking` feature, as iterators.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_util::stream::Stream;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{Error, shown};
use super::response::{Prepare, ResponseFuture};

/// The pages of a request's results, one after the other: what a request's `pages()` returns.
///
/// Each page is the endpoint's whole response (its items and every other field). The next page
/// is requested, with the first request's parameters and the page's cursor, once this one has
/// been taken; the stream ends after a page without a cursor, or with an
/// [`Error::Pagination`] when the API sends a cursor a second time (instead of looping forever).
/// After an error it ends.
///
/// Consume it with [`TryStreamExt`](crate::stream::TryStreamExt) (`try_next`, `try_collect`) or
/// [`StreamExt`](crate::stream::StreamExt) (`next`, `take`). It owns what it needs
/// (`Send + 'static`, `Unpin`): keep it in a struct, or hand it to another task.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<P> {
    /// The request of the page being fetched, if any.
    in_flight: Option<ResponseFuture<P>>,
    /// The request of the page that follows a cursor.
    next_request: Box<dyn FnMut(String) -> ResponseFuture<P> + Send>,
    next_cursor: fn(&P) -> Option<&str>,
    /// Every cursor followed so far.
    seen: HashSet<String>,
    /// A cursor the API sent a second time: the stream's last item is this error.
    repeated: Option<String>,
    /// For the blocking iterators, which run each page's request on the client's runtime.
    #[cfg_attr(
        not(feature = "blocking"),
        allow(dead_code, reason = "used by the blocking iterators only")
    )]
    client: Client,
}

impl<P: 'static> Pages<P> {
    /// The pages of `first` and its successors: each page's `next_cursor` (when not empty) is
    /// set on a copy of the request with `with_cursor`, until there is none.
    pub(crate) fn new<B>(
        client: Client,
        first: B,
        next_cursor: fn(&P) -> Option<&str>,
        with_cursor: fn(B, String) -> B,
    ) -> Self
    where
        B: Prepare + Clone + Send + 'static,
    {
        let template = first.clone();
        Self {
            in_flight: Some(ResponseFuture::new(first)),
            next_request: Box::new(move |cursor| {
                ResponseFuture::new(with_cursor(template.clone(), cursor))
            }),
            next_cursor,
            seen: HashSet::new(),
            repeated: None,
            client,
        }
    }
}

impl<P: DeserializeOwned> Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(cursor) = this.repeated.take() {
            let message = format!(
                "the API sent the cursor `{}` a second time; stopped instead of looping forever",
                shown(&cursor)
            );
            return Poll::Ready(Some(Err(Error::Pagination(message))));
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let page = ready!(Pin::new(in_flight).poll(cx));
        this.in_flight = None;
        let page = match page {
            Ok(page) => page,
            Err(error) => return Poll::Ready(Some(Err(error))),
        };
        match (this.next_cursor)(&page).filter(|cursor| !cursor.is_empty()) {
            None => {}
            Some(cursor) if !this.seen.insert(cursor.to_owned()) => {
                this.repeated = Some(cursor.to_owned());
            }
            Some(cursor) => this.in_flight = Some((this.next_request)(cursor.to_owned())),
        }
        Poll::Ready(Some(Ok(page)))
    }
}

impl<P> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("pages_seen", &self.seen.len())
            .field(
                "done",
                &(self.in_flight.is_none() && self.repeated.is_none()),
            )
            .finish_non_exhaustive()
    }
}

/// The items of every page of a request's results, one by one: what a request's `items()`
/// returns.
///
/// It follows the cursor like [`Pages`] (and ends like it); a page's fields other than its items
/// are not kept: use `pages()` to read them. Consume it with
/// [`TryStreamExt`](crate::stream::TryStreamExt) or [`StreamExt`](crate::stream::StreamExt). It
/// owns what it needs (`Send + 'static`, `Unpin`).
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<T> {
    /// The pages, each already cut down to its items.
    pages: Pin<Box<dyn Stream<Item = Result<Vec<T>, Error>> + Send>>,
    /// What is left of the current page.
    current: std::vec::IntoIter<T>,
    #[cfg_attr(
        not(feature = "blocking"),
        allow(dead_code, reason = "used by the blocking iterators only")
    )]
    client: Client,
}

// Nothing in `Items` is pinned in place: `current` is only ever moved or iterated.
impl<T> Unpin for Items<T> {}

impl<T: 'static> Items<T> {
    /// The items of `pages`, taken from each page by `items_of`.
    pub(crate) fn new<P>(pages: Pages<P>, items_of: fn(P) -> Vec<T>) -> Self
    where
        P: DeserializeOwned + 'static,
    {
        let client = pages.client.clone();
        Self {
            pages: Box::pin(PageItems { pages, items_of }),
            current: Vec::new().into_iter(),
            client,
        }
    }
}

/// `Pages`, each page cut down to its items.
struct PageItems<P, T> {
    pages: Pages<P>,
    items_of: fn(P) -> Vec<T>,
}

impl<P: DeserializeOwned, T> Stream for PageItems<P, T> {
    type Item = Result<Vec<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let items_of = self.items_of;
        Pin::new(&mut self.pages)
            .poll_next(cx)
            .map(|page| page.map(|page| page.map(items_of)))
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(self.pages.as_mut().poll_next(cx)) {
                Some(Ok(items)) => self.current = items.into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.current.len())
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "blocking")]
mod blocking {
    use futures_util::StreamExt;

    use super::*;

    /// [`Pages`] as an iterator, for synchronous code (the `blocking` feature): what a request's
    /// `pages_blocking()` returns. Each `next()` blocks the thread until the page has arrived.
    #[must_use = "an iterator does nothing until it is iterated"]
    pub struct BlockingPages<P> {
        pages: Pages<P>,
        /// The blocking runtime could not start: the error was the last item.
        failed: bool,
    }

    impl<P> BlockingPages<P> {
        pub(crate) fn new(pages: Pages<P>) -> Self {
            Self {
                pages,
                failed: false,
            }
        }
    }

    impl<P: DeserializeOwned + Send> Iterator for BlockingPages<P> {
        type Item = Result<P, Error>;

        fn next(&mut self) -> Option<Self::Item> {
            if self.failed {
                return None;
            }
            let client = self.pages.client.clone();
            client
                .run_blocking(self.pages.next())
                .unwrap_or_else(|error| {
                    self.failed = true;
                    Some(Err(error))
                })
        }
    }

    impl<P> fmt::Debug for BlockingPages<P> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("BlockingPages").field(&self.pages).finish()
        }
    }

    /// [`Items`] as an iterator, for synchronous code (the `blocking` feature): what a request's
    /// `items_blocking()` returns. A `next()` that needs the next page blocks the thread until
    /// it has arrived.
    #[must_use = "an iterator does nothing until it is iterated"]
    pub struct BlockingItems<T> {
        items: Items<T>,
        /// The blocking runtime could not start: the error was the last item.
        failed: bool,
    }

    impl<T> BlockingItems<T> {
        pub(crate) fn new(items: Items<T>) -> Self {
            Self {
                items,
                failed: false,
            }
        }
    }

    impl<T: Send> Iterator for BlockingItems<T> {
        type Item = Result<T, Error>;

        fn next(&mut self) -> Option<Self::Item> {
            if self.failed {
                return None;
            }
            // Items left of the current page need no request, and no trip to the runtime.
            if let Some(item) = self.items.current.next() {
                return Some(Ok(item));
            }
            let client = self.items.client.clone();
            client
                .run_blocking(self.items.next())
                .unwrap_or_else(|error| {
                    self.failed = true;
                    Some(Err(error))
                })
        }
    }

    impl<T> fmt::Debug for BlockingItems<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("BlockingItems").field(&self.items).finish()
        }
    }
}

#[cfg(feature = "blocking")]
pub use blocking::{BlockingItems, BlockingPages};
