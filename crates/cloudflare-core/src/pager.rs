//! The one pager: every Cloudflare list that pages with `page`/`per_page` and reports
//! `result_info`, and every list that pages with a cursor, is a [`List`]. Every generated
//! list builder's `into_paginator()` is [`paginate`] or [`paginate_by_cursor`].

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::attempt::Decode;
use crate::request::{CallOptions, execute};
use crate::{
    CursorInfo, CursorListing, CursorPaginated, Envelope, Error, ListChanged, Listing, Message,
    Messages, Operation, Paginated, ResultInfo, RetryPolicy,
};

/// A list item as the server sent it, undecoded: what [`List::raw`] yields. Its JSON is
/// [`get`](RawValue::get); decode it with `serde_json::from_str(item.get())`.
pub type RawItem = Box<RawValue>;

/// Every page of the page-number list `op` (its `page` and `per_page` set by the pager),
/// each page through the one request loop ([`execute`](crate::execute)). What a generated list builder's
/// `into_paginator()` returns.
pub fn paginate<O>(op: O) -> List<<O::Response as Listing>::Item>
where
    O: Paginated,
    O::Response: Envelope + Listing + Decode,
    <O::Response as Listing>::Item: serde::Serialize + Send + 'static,
{
    List::from_operation(
        false,
        op,
        |op, q| op.paginate(q.page, q.per_page),
        |r: O::Response| {
            let (items, info) = r.into_parts();
            Ok((items, info, None))
        },
        <O::Response as Listing>::ITEMS_FIELD,
        |info: Option<ResultInfo>| (info, None),
    )
}

/// Every page of the cursor list `op` (R2 buckets, Workers KV keys, …): the pager sends each
/// page's `cursor` (and `per_page` as the operation's page size), follows
/// `result_info.cursor` (or `cursors.after`) until there is none, and ends with
/// [`Error::Pagination`] rather than loop if a cursor or a page comes back twice.
pub fn paginate_by_cursor<O>(op: O) -> List<<O::Response as CursorListing>::Item>
where
    O: CursorPaginated,
    O::Response: Envelope + CursorListing + Decode,
    <O::Response as CursorListing>::Item: serde::Serialize + Send + 'static,
{
    fn next(info: Option<CursorInfo>) -> Option<String> {
        info.as_ref().and_then(|i| i.next()).map(str::to_owned)
    }
    List::from_operation(
        true,
        op,
        |op, q| op.resume(q.cursor.clone(), q.per_page),
        |r: O::Response| {
            let (items, info) = r.into_parts();
            Ok((items, None, next(info)))
        },
        <O::Response as CursorListing>::ITEMS_FIELD,
        |info| (None, next(info)),
    )
}

/// The fetch of one page of the list operation `op`: `set_page` asks for the page, the
/// request loop sends it and decodes the body as `R`, and `parts` splits the body into
/// items, page-number `result_info` and next cursor. A page whose items are not a list ends
/// the list with [`Error::Pagination`] naming the page, in the typed and the raw list alike:
/// never read as an empty page.
fn page_fetch<O, R, T>(
    op: O,
    set_page: fn(O, &PageQuery) -> O,
    parts: impl Fn(R) -> Result<Parts<T>, NotAList> + Copy + Send + Sync + 'static,
) -> Fetch<T>
where
    O: Operation,
    R: Envelope + Decode,
    T: serde::Serialize + Send + 'static,
{
    Arc::new(move |q: PageQuery, opts: CallOptions| {
        let page_number = q.page;
        let op = set_page(op.clone(), &q);
        Box::pin(async move {
            let body: R = execute(op.prepare(), opts).await?;
            // A typed page whose `result` was kept raw (`Envelope::result_kept_raw`), or a
            // raw page whose `result` is not a list (`parts`).
            let shaped = if body.result_kept_raw() {
                Err(NotAList)
            } else {
                parts(body)
            };
            let (items, result_info, next_cursor) =
                shaped.map_err(|NotAList| Error::Pagination {
                    message: format!(
                        "page {page_number}: its `result` is not a list (another JSON type than \
                         the document's); the list ends here"
                    ),
                })?;
            let hash = fingerprint(&items);
            let page = Page {
                page: page_number,
                items,
                result_info,
                next_cursor,
                changed: None,
            };
            Ok((page, hash))
        })
    })
}

/// A raw page's items (`result` itself, or its property `items_field`) and its
/// `result_info` as `I`, split by `links`.
fn raw_parts<I: DeserializeOwned>(
    listing: RawListing,
    items_field: Option<&str>,
    links: fn(Option<I>) -> Links,
) -> Result<Parts<RawItem>, NotAList> {
    let items = listing.result.into_items(items_field)?;
    let info = listing
        .result_info
        .and_then(|raw| serde_json::from_str::<I>(raw.get()).ok());
    let (result_info, next_cursor) = links(info);
    Ok((items, result_info, next_cursor))
}

/// A list page with its items undecoded: the envelope's `success` and `errors` (for the
/// request loop), `result` kept as JSON, and `result_info` for the pager. Never fails on a
/// value of another JSON type than Cloudflare's: it reads as absent, as in the typed page.
#[derive(Deserialize)]
struct RawListing {
    #[serde(default, deserialize_with = "loose_bool")]
    success: Option<bool>,
    #[serde(default)]
    errors: Messages,
    #[serde(default)]
    result: RawResult,
    #[serde(default)]
    result_info: Option<RawItem>,
}

impl Envelope for RawListing {
    fn success(&self) -> Option<bool> {
        self.success
    }
    fn errors(&self) -> &[Message] {
        &self.errors.0
    }
}

/// `result` of a raw page: the list itself, or an object holding it (each property's JSON
/// kept), absent or `null` (no items), or anything else.
#[derive(Default)]
enum RawResult {
    List(Vec<RawItem>),
    Object(Vec<(String, RawItem)>),
    #[default]
    Absent,
    Other,
}

impl RawResult {
    /// The items: `result` itself, or its property `field` when the list is nested; none
    /// when it is absent or `null`; [`NotAList`] when it is anything else.
    fn into_items(self, field: Option<&str>) -> Result<Vec<RawItem>, NotAList> {
        match (self, field) {
            (RawResult::List(items), None) => Ok(items),
            (RawResult::Absent, _) => Ok(Vec::new()),
            (RawResult::Object(props), Some(field)) => {
                match props.into_iter().find(|(k, _)| k == field) {
                    Some((_, v)) => serde_json::from_str::<RawResult>(v.get())
                        .map_err(|_| NotAList)?
                        .into_items(None),
                    None => Ok(Vec::new()),
                }
            }
            _ => Err(NotAList),
        }
    }
}

/// A page's items are not a list: the server sent another JSON type than the document's.
#[derive(Debug, Clone, Copy)]
struct NotAList;

impl<'de> Deserialize<'de> for RawResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawResult;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawResult, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<RawItem>()? {
                    items.push(item);
                }
                Ok(RawResult::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawResult, A::Error> {
                let mut props = Vec::new();
                while let Some(entry) = map.next_entry::<String, RawItem>()? {
                    props.push(entry);
                }
                Ok(RawResult::Object(props))
            }
            fn visit_bool<E>(self, _: bool) -> Result<RawResult, E> {
                Ok(RawResult::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<RawResult, E> {
                Ok(RawResult::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<RawResult, E> {
                Ok(RawResult::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<RawResult, E> {
                Ok(RawResult::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<RawResult, E> {
                Ok(RawResult::Other)
            }
            fn visit_unit<E>(self) -> Result<RawResult, E> {
                Ok(RawResult::Absent)
            }
        }
        d.deserialize_any(V)
    }
}

/// `success` as a bool, anything else as absent.
fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(serde_json::Value::deserialize(d)?.as_bool())
}

/// One page of a list: its items and the server's `result_info`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page number that was asked for (1-based).
    pub page: u64,
    /// The items on this page, in the server's order.
    pub items: Vec<T>,
    /// The server's `result_info`, when it sent one (page-number lists).
    pub result_info: Option<ResultInfo>,
    /// The cursor of the next page (cursor lists), when there is one.
    pub next_cursor: Option<String>,
    /// Set when this page's `total_count`/`total_pages` differ from the first page's: the
    /// list changed while it was read (see [`List::strict`]).
    pub changed: Option<ListChanged>,
}

/// Where a list reports that it changed while it was read; get one with [`List::changes`]
/// before streaming, read it during or after. Clones share.
#[derive(Debug, Clone, Default)]
pub struct ListChanges(Arc<Mutex<Option<ListChanged>>>);

impl ListChanges {
    /// The last change seen, if any.
    pub fn get(&self) -> Option<ListChanged> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set(&self, change: ListChanged) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(change);
    }
}

/// Which page to fetch, and how large.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PageQuery {
    /// 1-based page number (for a cursor list, the count of pages asked for).
    page: u64,
    /// Items per page; `None` leaves it to the server.
    per_page: Option<u64>,
    /// The cursor of the page (cursor lists; `None`: the first page).
    cursor: Option<String>,
}

/// A page's page-number `result_info` and the cursor of the next page.
type Links = (Option<ResultInfo>, Option<String>);

/// A page's items, its page-number `result_info` and the cursor of the next page.
type Parts<T> = (Vec<T>, Option<ResultInfo>, Option<String>);

/// A fetched page and a fingerprint of its items (to notice the same page twice).
type Fetched<T> = Result<(Page<T>, u64), Error>;

/// A fingerprint of a page's items: their count and the first [`FINGERPRINT_BYTES`] of their
/// JSON. Two pages of one list with the same fingerprint hold the same leading items: the
/// server sent an earlier page again, whatever its `result_info` says. The serialisation
/// stops at the limit, so a page's cost is bounded however large its items are.
fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    struct Sink(DefaultHasher, usize);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let take = buf.len().min(FINGERPRINT_BYTES - self.1);
            self.0.write(&buf[..take]);
            self.1 += take;
            if self.1 >= FINGERPRINT_BYTES {
                // Enough: stop the serialisation here.
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Sink(DefaultHasher::new(), 0);
    sink.0.write_usize(items.len());
    // An error is the sink saying "enough" (or an item that cannot be written as JSON,
    // which then counts by the bytes it wrote): the hash so far is the fingerprint.
    let _ = serde_json::to_writer(&mut sink, items);
    sink.0.finish()
}

/// How much of a page's items' JSON [`fingerprint`] reads: 4 KiB (the first items of a page tell it
/// apart from any other page of a list of distinct items; more costs serialisation time).
const FINGERPRINT_BYTES: usize = 4 * 1024;

type Fetch<T> = Arc<dyn Fn(PageQuery, CallOptions) -> BoxFuture<'static, Fetched<T>> + Send + Sync>;

/// A list request: send it for one page, or stream every item across all pages.
///
/// Streams are lazy (nothing is sent until polled), follow `result_info.total_pages`, stop on
/// the last page, an empty page or a page without `result_info` (a list that reports none at
/// all is read to an empty or short page), and never loop: a page other than the one asked
/// for, or a page whose items repeat an earlier page's (whatever its `result_info` says),
/// ends the stream with [`Error::Pagination`] after the items already fetched, with no
/// further request. A list that reports no `result_info` and answers a page with the previous
/// page's items is not paged by the server: it ends there, complete, with a warning
/// ([`strict`](Self::strict): the error). Each page request is retried on its own
/// ([`RetryPolicy`]), so every item is yielded exactly once.
#[must_use = "a List does nothing until sent or streamed"]
pub struct List<T> {
    fetch: Fetch<T>,
    /// The same pages with their items undecoded ([`List::raw`]).
    raw: Fetch<RawItem>,
    page: u64,
    per_page: Option<u64>,
    max_items: Option<u64>,
    max_pages: Option<u64>,
    prefetch: usize,
    strict: bool,
    by_cursor: bool,
    changes: ListChanges,
    opts: CallOptions,
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        List {
            fetch: self.fetch.clone(),
            raw: self.raw.clone(),
            page: self.page,
            per_page: self.per_page,
            max_items: self.max_items,
            max_pages: self.max_pages,
            prefetch: self.prefetch,
            strict: self.strict,
            by_cursor: self.by_cursor,
            changes: self.changes.clone(),
            opts: self.opts.clone(),
        }
    }
}

impl<T> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("List")
            .field("page", &self.page)
            .field("per_page", &self.per_page)
            .field("max_items", &self.max_items)
            .field("max_pages", &self.max_pages)
            .field("prefetch", &self.prefetch)
            .field("strict", &self.strict)
            .finish()
    }
}

impl<T: Send + 'static> List<T> {
    fn new(fetch: Fetch<T>, raw: Fetch<RawItem>) -> Self {
        List {
            fetch,
            raw,
            page: 1,
            per_page: None,
            max_items: None,
            max_pages: None,
            prefetch: 1,
            strict: false,
            by_cursor: false,
            changes: ListChanges::default(),
            opts: CallOptions::default(),
        }
    }

    /// A list over the generated list operation `op` ([`paginate`], [`paginate_by_cursor`]),
    /// with the client's deadline: `set_page` asks for a page, `parts` splits a typed page
    /// into items, page-number `result_info` and next cursor; the raw pages ([`List::raw`])
    /// take their items from `result` (or its property `items_field`) and split their
    /// `result_info` with `links`.
    fn from_operation<O, I>(
        by_cursor: bool,
        op: O,
        set_page: fn(O, &PageQuery) -> O,
        parts: impl Fn(O::Response) -> Result<Parts<T>, NotAList> + Copy + Send + Sync + 'static,
        items_field: Option<&'static str>,
        links: fn(Option<I>) -> Links,
    ) -> Self
    where
        O: Operation,
        O::Response: Envelope + Decode,
        T: serde::Serialize,
        I: DeserializeOwned + 'static,
    {
        let deadline = op.hooks().settings().deadline;
        let raw = page_fetch(op.clone(), set_page, move |l: RawListing| {
            raw_parts(l, items_field, links)
        });
        let mut list = List::new(page_fetch(op, set_page, parts), raw);
        list.by_cursor = by_cursor;
        list.opts.deadline = deadline;
        list
    }

    /// The same list with each item converted by `f` (a generated type into a wrapper's
    /// model), as each page arrives.
    pub fn map<U: Send + 'static>(self, f: impl Fn(T) -> U + Send + Sync + 'static) -> List<U> {
        let (fetch, f) = (self.fetch, Arc::new(f));
        List {
            fetch: Arc::new(move |query, opts| {
                let (page, f) = (fetch(query, opts), f.clone());
                Box::pin(async move {
                    let (page, hash) = page.await?;
                    let page = Page {
                        page: page.page,
                        items: page.items.into_iter().map(|i| f(i)).collect(),
                        result_info: page.result_info,
                        next_cursor: page.next_cursor,
                        changed: page.changed,
                    };
                    Ok((page, hash))
                })
            }),
            raw: self.raw,
            page: self.page,
            per_page: self.per_page,
            max_items: self.max_items,
            max_pages: self.max_pages,
            prefetch: self.prefetch,
            strict: self.strict,
            by_cursor: self.by_cursor,
            changes: self.changes,
            opts: self.opts,
        }
    }

    /// The same list with every item as the JSON the server sent, undecoded
    /// ([`RawItem`]): for passing items on (printing, storing, forwarding) without the cost
    /// of decoding them, with nothing lost or reordered. Same requests, request loop and
    /// paging as the typed list; decode an item with `serde_json::from_str(item.get())`.
    pub fn raw(self) -> List<RawItem> {
        List {
            fetch: self.raw.clone(),
            raw: self.raw,
            page: self.page,
            per_page: self.per_page,
            max_items: self.max_items,
            max_pages: self.max_pages,
            prefetch: self.prefetch,
            strict: self.strict,
            by_cursor: self.by_cursor,
            changes: self.changes,
            opts: self.opts,
        }
    }

    /// The first page to fetch (1-based). Defaults to 1.
    pub fn page(mut self, page: u64) -> Self {
        self.page = page.max(1);
        self
    }

    /// Items per page to ask for. Defaults to the server's default; servers may cap it.
    pub fn per_page(mut self, per_page: u64) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// Stop streaming after this many items. Defaults to no cap.
    pub fn max_items(mut self, n: u64) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Stop streaming after this many pages. Defaults to no cap.
    pub fn max_pages(mut self, n: u64) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// Once `total_pages` is known, keep up to `n` page requests in flight (items still come
    /// in order; memory holds at most `n` pages). Defaults to 1 (sequential). A cursor list
    /// is always sequential: each page names the next.
    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = n.max(1);
        self
    }

    /// Deadline for the whole list, from its first request to its last, retries and waits
    /// included; past it the stream ends with [`Error::Deadline`] after the items fetched.
    /// Defaults to the client's (none unless set).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.opts.deadline = Some(deadline);
        self
    }

    /// Whether a list that changes while it is read ends the stream with
    /// [`Error::ListChanged`]. Defaults to `false`: the change is logged (`tracing` warning),
    /// marked on the page ([`Page::changed`]) and kept in [`changes`](Self::changes), and
    /// the stream goes on.
    ///
    /// Page-number paging cannot be exact on a list that changes: an item deleted from page 1
    /// while page 2 is fetched shifts the first item of page 2 onto page 1, already read, so
    /// it is never seen; an item inserted shows one twice. The pager notices it when
    /// `total_count` or `total_pages` move between pages. Callers who need every item exactly
    /// once should list in strict mode and start again on [`Error::ListChanged`], or list
    /// when the data is quiet.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// A handle that reports whether this list changed while it was read (the last change
    /// seen). Take it before streaming; clones of the list share it.
    pub fn changes(&self) -> ListChanges {
        self.changes.clone()
    }

    /// Timeout for each request of this list. Defaults to the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.opts.timeout = Some(timeout);
        self
    }

    /// Retry policy for each request of this list. Defaults to the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.opts.retry = Some(policy);
        self
    }

    /// Fetches one page: the one set with [`page`](Self::page) (default 1); for a cursor
    /// list, the first.
    pub async fn send(self) -> Result<Page<T>, Error> {
        let query = PageQuery {
            page: self.page,
            per_page: self.per_page,
            cursor: None,
        };
        (self.fetch)(query, self.opts).await.map(|(page, _)| page)
    }

    /// Every page, lazily, in order.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + Unpin + 'static {
        let state = PagerState {
            list: self,
            next: 0,
            total_pages: None,
            seen: HashSet::new(),
            last: None,
            first_counts: None,
            pages_done: 0,
            items_done: 0,
            buffer: None,
            done: false,
            cursor: None,
            cursors_seen: HashSet::new(),
            unnumbered: false,
        };
        stream::unfold(state, |mut st| async move {
            st.next_page().await.map(|p| (p, st))
        })
        .boxed()
    }

    /// Every item across all pages, lazily, in order. A failure is yielded once, after the
    /// items before it, and ends the stream.
    pub fn items(self) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static {
        self.pages()
            .map_ok(|p| stream::iter(p.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Collects every item into a `Vec`.
    pub async fn all(self) -> Result<Vec<T>, Error> {
        self.items().try_collect().await
    }
}

struct PagerState<T> {
    list: List<T>,
    /// The next page to ask for (0 = not started).
    next: u64,
    total_pages: Option<u64>,
    /// Fingerprints of the pages' items seen, to detect a server that ignores `page`.
    seen: HashSet<u64>,
    /// The previous page's fingerprint.
    last: Option<u64>,
    /// `(total_count, total_pages)` of the first page, to notice a list that changes.
    first_counts: Option<(Option<u64>, Option<u64>)>,
    pages_done: u64,
    items_done: u64,
    buffer: Option<BoxStream<'static, Fetched<T>>>,
    done: bool,
    /// The cursor of the next page (cursor lists).
    cursor: Option<String>,
    /// Every cursor followed, to detect a server that hands one out twice.
    cursors_seen: HashSet<String>,
    /// The list reports no `result_info`: it ends on an empty or short page.
    unnumbered: bool,
}

impl<T: Send + 'static> PagerState<T> {
    /// Fetches one page by number (and cursor), with this list's `per_page` and call options.
    fn fetcher(
        &self,
    ) -> impl Fn(u64, Option<String>) -> BoxFuture<'static, Fetched<T>> + Send + 'static {
        let (fetch, per_page, opts) = (
            self.list.fetch.clone(),
            self.list.per_page,
            self.list.opts.clone(),
        );
        move |page, cursor| {
            let query = PageQuery {
                page,
                per_page,
                cursor,
            };
            fetch(query, opts.clone())
        }
    }

    async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        if self.done || self.list.max_pages.is_some_and(|m| self.pages_done >= m) {
            return None;
        }
        if self.next == 0 {
            self.next = self.list.page;
            self.list.opts.start();
        }
        let asked = self.next;
        let result = match &mut self.buffer {
            Some(buffer) => buffer.next().await?,
            None => self.fetcher()(asked, self.cursor.clone()).await,
        };
        let (mut page, hash) = match result {
            Ok(fetched) => fetched,
            Err(e) => return self.fail(e),
        };
        if let Some(got) = page.result_info.and_then(|ri| ri.page)
            && got != asked
        {
            return self.fail(Error::Pagination {
                message: format!(
                    "asked for page {asked}, the server returned page {got}; it may not support \
                     paging this list"
                ),
            });
        }
        if page.items.is_empty() {
            self.done = true;
            return None;
        }
        if !self.seen.insert(hash) {
            // A list that reports no `result_info` and answers the next page with the same
            // items has no pages: it was all on the page before (a server that ignores
            // `page` there). That list is complete; strict mode makes it an error.
            if page.result_info.is_none() && self.last == Some(hash) && !self.list.strict {
                tracing::warn!(
                    page = asked,
                    "page {asked} repeats page {}: the server does not page this list; it \
                     is complete",
                    asked - 1
                );
                self.done = true;
                return None;
            }
            return self.fail(Error::Pagination {
                message: format!(
                    "page {asked} repeats an earlier page; the server may be ignoring `page`"
                ),
            });
        }
        self.last = Some(hash);
        if let Some(ri) = page.result_info {
            let counts = (ri.total_count, ri.total_pages);
            match self.first_counts {
                None => self.first_counts = Some(counts),
                Some(before) if before != counts => {
                    let change = ListChanged {
                        page: asked,
                        before,
                        after: counts,
                    };
                    tracing::warn!(%change, "list changed while it was read");
                    self.list.changes.set(change);
                    if self.list.strict {
                        return self.fail(Error::ListChanged(change));
                    }
                    page.changed = Some(change);
                }
                Some(_) => {}
            }
        }
        self.pages_done += 1;
        self.next = asked + 1;
        if self.list.by_cursor {
            // The next page is the one the server names; a cursor handed out twice would
            // loop, so it ends the list with an error instead.
            match page.next_cursor.clone() {
                None => self.done = true,
                Some(c) if !self.cursors_seen.insert(c.clone()) => {
                    return self.fail(Error::Pagination {
                        message: format!(
                            "page {asked} names a cursor already followed; the server may be \
                             ignoring `cursor`"
                        ),
                    });
                }
                Some(c) => self.cursor = Some(c),
            }
        } else {
            match page.result_info {
                // A list that reports no `result_info` at all (AI Gateway, audit logs) is
                // read until an empty page, or a page shorter than the `per_page` asked for:
                // never stopped after one page on a guess.
                None if self.unnumbered || self.pages_done == 1 => {
                    self.unnumbered = true;
                    if self
                        .list
                        .per_page
                        .is_some_and(|n| (page.items.len() as u64) < n)
                    {
                        self.done = true;
                    }
                }
                None => self.done = true,
                Some(ri) => {
                    self.total_pages = total_pages(&ri);
                    if self.total_pages.is_some_and(|t| asked >= t) {
                        self.done = true;
                    }
                }
            }
        }
        if let Some(max) = self.list.max_items {
            let left = max.saturating_sub(self.items_done);
            if page.items.len() as u64 >= left {
                page.items.truncate(left as usize);
                self.done = true;
            }
        }
        self.items_done += page.items.len() as u64;
        if !self.done
            && self.buffer.is_none()
            && self.list.prefetch > 1
            && let Some(total) = self.total_pages
        {
            let last = match self.list.max_pages {
                Some(m) => total.min(asked + m.saturating_sub(self.pages_done)),
                None => total,
            };
            let fetch = self.fetcher();
            let fetch = move |n| fetch(n, None);
            // Each page is fetched and decoded in a task of its own, so decoding runs on
            // another core while the caller consumes the page before; the tasks end with the
            // stream (a dropped stream sends no further requests).
            let fetches = (asked + 1..=last).map(move |n| Spawned::new(fetch(n)));
            self.buffer = Some(stream::iter(fetches).buffered(self.list.prefetch).boxed());
        }
        Some(Ok(page))
    }

    fn fail(&mut self, e: Error) -> Option<Result<Page<T>, Error>> {
        self.done = true;
        self.buffer = None;
        Some(Err(e))
    }
}

/// `total_pages`, or, when the server reports only `total_count` (DNS records), the pages
/// `total_count` fills at the server's `per_page`.
fn total_pages(ri: &ResultInfo) -> Option<u64> {
    ri.total_pages.or_else(|| {
        let per_page = ri.per_page.filter(|n| *n > 0)?;
        Some(ri.total_count?.div_ceil(per_page))
    })
}

/// A page fetch running as a tokio task, aborted when dropped; in place when there is no
/// tokio runtime to spawn on (never a panic).
enum Spawned<T> {
    Task(tokio::task::JoinHandle<Fetched<T>>),
    Inline(BoxFuture<'static, Fetched<T>>),
}

impl<T: Send + 'static> Spawned<T> {
    fn new(fetch: BoxFuture<'static, Fetched<T>>) -> Self {
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => Spawned::Task(rt.spawn(fetch)),
            Err(_) => Spawned::Inline(fetch),
        }
    }
}

impl<T> Future for Spawned<T> {
    type Output = Fetched<T>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match &mut *self {
            Spawned::Task(task) => std::pin::Pin::new(task).poll(cx).map(|joined| {
                joined.unwrap_or_else(|e| {
                    Err(Error::Pagination {
                        message: format!("a page fetch task ended abnormally: {e}"),
                    })
                })
            }),
            Spawned::Inline(fetch) => fetch.as_mut().poll(cx),
        }
    }
}

impl<T> Drop for Spawned<T> {
    fn drop(&mut self) {
        if let Spawned::Task(task) = self {
            task.abort();
        }
    }
}
