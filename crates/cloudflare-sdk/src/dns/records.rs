//! DNS records: list with filters, get, create, edit (replace or patch), delete.

use serde::{Deserialize, Serialize};

use crate::api::dns::types::DnsRecordsDnsRecord;
use crate::{Call, Client, Direction, List};
use cloudflare_core::Extra;
use cloudflare_core::de::{lenient, null_as_default};

/// A DNS record of any type. Decoding never fails: unknown fields are ignored, missing or
/// `null` ones default, and a record type newer than this SDK (say `OPENPGPKEY`) decodes with
/// its `record_type` and `content`, its structured fields in [`data`](Self::data).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DnsRecord {
    /// Record id (32 hex characters).
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// Record type: `A`, `AAAA`, `CNAME`, `MX`, `TXT`, …
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub record_type: String,
    /// Fully qualified record name (`www.example.com`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The record's value (an address, a target, a text), when the type has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Time to live in seconds; 1 means automatic.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub ttl: Option<u32>,
    /// Whether the record is proxied through Cloudflare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxied: Option<bool>,
    /// Whether it can be proxied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxiable: Option<bool>,
    /// Priority (MX, SRV, URI).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub priority: Option<u32>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tags (`name:value`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    /// Structured content for the types that have it (CAA, SRV, LOC, …), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    /// When the record was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// When the record was last modified (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    /// When the comment was last modified (RFC 3339); absent without a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_modified_on: Option<String>,
    /// When the tags were last modified (RFC 3339); absent without tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags_modified_on: Option<String>,
    /// Per-record settings (`ipv4_only`, `ipv6_only`, `flatten_cname`), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
    /// Cloudflare's extra information about the record (`auto_added`, `source`, …), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl DnsRecord {
    /// The generated union (one variant per type, `Other` for unknown ones) as this model,
    /// through its JSON: every variant shares the fields above.
    /// A value of an unexpected JSON type is kept raw in [`extra`](Self::extra).
    fn from_api(r: DnsRecordsDnsRecord) -> Self {
        let Ok(json) = serde_json::to_value(&r) else {
            return DnsRecord::default();
        };
        DnsRecord::deserialize(&json)
            .ok()
            .or_else(|| cloudflare_core::extra::repair_value(json).map(|(r, _)| r))
            .unwrap_or_default()
    }
}

/// What a record is created, replaced or patched with. Only the fields that are set are
/// sent, so a patch changes nothing else (a `proxied` left unset stays as it is).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DnsRecordInput {
    /// Record type (`A`, `CNAME`, …); required to create or replace.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
    /// Record name (`www` or `www.example.com`); required to create or replace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The record's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Time to live in seconds; 1 means automatic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    /// Proxy through Cloudflare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxied: Option<bool>,
    /// Priority (MX, SRV, URI).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Free-form comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tags (`name:value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Structured content for the types that have it (CAA, SRV, LOC, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl DnsRecordInput {
    /// A record of `record_type` named `name` with `content`.
    pub fn new(
        record_type: impl Into<String>,
        name: impl Into<String>,
        content: impl Into<String>,
    ) -> Self {
        DnsRecordInput {
            record_type: Some(record_type.into()),
            name: Some(name.into()),
            content: Some(content.into()),
            ..Default::default()
        }
    }

    /// The request body: exactly the fields set, as JSON.
    fn into_api(self) -> DnsRecordsDnsRecord {
        DnsRecordsDnsRecord::Other(serde_json::to_value(self).unwrap_or_default())
    }
}

/// What to sort a record list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOrder {
    /// Record type.
    Type,
    /// Record name.
    Name,
    /// Record content.
    Content,
    /// TTL.
    Ttl,
    /// Proxied or not.
    Proxied,
}

/// How [`Records::edit`] changes a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Replace the whole record (`PUT`): fields not set are reset.
    Replace,
    /// Change only the fields set (`PATCH`).
    Patch,
}

/// Filters of a record list; every one is optional and sent on every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilter {
    record_type: Option<String>,
    name: Option<String>,
    content: Option<String>,
    proxied: Option<bool>,
    comment: Option<String>,
    tag: Option<String>,
    search: Option<String>,
    match_any: bool,
    order: Option<(RecordOrder, Direction)>,
}

impl RecordFilter {
    /// No filter: every record.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records of this type (`A`, `MX`, …).
    pub fn record_type(mut self, record_type: impl Into<String>) -> Self {
        self.record_type = Some(record_type.into());
        self
    }

    /// Records with this exact name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Records with this exact content.
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Proxied (or not proxied) records.
    pub fn proxied(mut self, proxied: bool) -> Self {
        self.proxied = Some(proxied);
        self
    }

    /// Records with this exact comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Records with this tag (`name` or `name:value`).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Records matching this text in any field.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Keep records that match any filter instead of all of them.
    pub fn match_any(mut self) -> Self {
        self.match_any = true;
        self
    }

    /// Sort by `order`, in `direction`.
    pub fn order(mut self, order: RecordOrder, direction: Direction) -> Self {
        self.order = Some((order, direction));
        self
    }
}

/// A zone's DNS record endpoints. Get one with `client.dns().records(zone_id)`.
#[derive(Debug, Clone)]
pub struct Records {
    pub(crate) client: Client,
    pub(crate) zone_id: String,
}

impl Records {
    /// List DNS Records (`GET /zones/{zone_id}/dns_records`) through the pager, with
    /// `filter` on every page.
    pub fn list(&self, filter: RecordFilter) -> List<DnsRecord> {
        let (zone_id, f) = (self.zone_id.clone(), filter);
        self.client
            .list(|api| {
                let mut op = api
                    .dns()
                    .dns_records_for_a_zone_list_dns_records()
                    .zone_id(zone_id);
                if let Some(v) = f.record_type {
                    op = op.type_(v);
                }
                if let Some(v) = f.name {
                    op = op.name(v);
                }
                if let Some(v) = f.content {
                    op = op.content(v);
                }
                if let Some(v) = f.proxied {
                    op = op.proxied(v);
                }
                if let Some(v) = f.comment {
                    op = op.comment(v);
                }
                if let Some(v) = f.tag {
                    op = op.tag(v);
                }
                if let Some(v) = f.search {
                    op = op.search(v);
                }
                if f.match_any {
                    op = op.match_("any");
                }
                if let Some((order, direction)) = f.order {
                    let order = match order {
                        RecordOrder::Type => "type",
                        RecordOrder::Name => "name",
                        RecordOrder::Content => "content",
                        RecordOrder::Ttl => "ttl",
                        RecordOrder::Proxied => "proxied",
                    };
                    op = op.order(order).direction(direction.as_str());
                }
                op
            })
            .map(DnsRecord::from_api)
    }

    /// DNS Record Details (`GET /zones/{zone_id}/dns_records/{dns_record_id}`).
    pub fn get(&self, record_id: impl Into<String>) -> Call<DnsRecord> {
        let (zone_id, record_id) = (self.zone_id.clone(), record_id.into());
        self.client
            .call(|api| {
                api.dns()
                    .dns_records_for_a_zone_dns_record_details()
                    .zone_id(zone_id)
                    .dns_record_id(record_id)
            })
            .map(DnsRecord::from_api)
    }

    /// Create DNS Record (`POST /zones/{zone_id}/dns_records`).
    pub fn create(&self, record: DnsRecordInput) -> Call<DnsRecord> {
        let (zone_id, body) = (self.zone_id.clone(), record.into_api());
        self.client
            .call(|api| {
                api.dns()
                    .dns_records_for_a_zone_create_dns_record()
                    .zone_id(zone_id)
                    .body(body)
            })
            .map(DnsRecord::from_api)
    }

    /// Edit a record: [`Edit::Replace`] (Update DNS Record, `PUT
    /// /zones/{zone_id}/dns_records/{dns_record_id}`) replaces it with `record`;
    /// [`Edit::Patch`] (Patch DNS Record, `PATCH`) changes only the fields set in `record`.
    pub fn edit(
        &self,
        record_id: impl Into<String>,
        record: DnsRecordInput,
        how: Edit,
    ) -> Call<DnsRecord> {
        let (zone_id, record_id, body) =
            (self.zone_id.clone(), record_id.into(), record.into_api());
        let call = match how {
            Edit::Replace => self.client.call(|api| {
                api.dns()
                    .dns_records_for_a_zone_update_dns_record()
                    .zone_id(zone_id)
                    .dns_record_id(record_id)
                    .body(body)
            }),
            Edit::Patch => self.client.call(|api| {
                api.dns()
                    .dns_records_for_a_zone_patch_dns_record()
                    .zone_id(zone_id)
                    .dns_record_id(record_id)
                    .body(body)
            }),
        };
        call.map(DnsRecord::from_api)
    }

    /// Delete DNS Record (`DELETE /zones/{zone_id}/dns_records/{dns_record_id}`); returns the
    /// deleted record's id.
    pub fn delete(&self, record_id: impl Into<String>) -> Call<String> {
        let (zone_id, record_id) = (self.zone_id.clone(), record_id.into());
        self.client
            .call(|api| {
                api.dns()
                    .dns_records_for_a_zone_delete_dns_record()
                    .zone_id(zone_id)
                    .dns_record_id(record_id)
            })
            .map(|r| r.id.unwrap_or_default())
    }
}
