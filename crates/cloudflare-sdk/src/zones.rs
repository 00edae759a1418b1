//! Zones (feature `zones`): list with filters, get.
//!
//! Thin wrappers over generated requests, sent with [`Client::list`] and [`Client::call`].

use serde::{Deserialize, Serialize};

use crate::api::zones::types::ZonesZone;
use crate::{Call, Client, Direction, List};
use cloudflare_core::Extra;

/// A zone. Every field but the id and name may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// Zone id (32 hex characters).
    pub id: String,
    /// The domain name (`example.com`).
    pub name: String,
    /// The account the zone belongs to: `(id, name)`.
    pub account: Option<(String, String)>,
    /// Cloudflare's nameservers for the zone.
    pub name_servers: Vec<String>,
    /// The nameservers before the zone moved to Cloudflare.
    pub original_name_servers: Vec<String>,
    /// When the zone was created (RFC 3339).
    pub created_on: Option<String>,
    /// When the zone was last modified (RFC 3339).
    pub modified_on: Option<String>,
    /// When the zone was activated (RFC 3339).
    pub activated_on: Option<String>,
    /// `initializing`, `pending`, `active` or `moved` (or a status Cloudflare adds later, as
    /// sent).
    pub status: Option<String>,
    /// `full`, `partial`, `secondary` or `internal` (as sent).
    pub zone_type: Option<String>,
    /// Whether the zone uses Cloudflare's DNS only (no security or performance features).
    pub paused: Option<bool>,
    /// The zone's plan: `(id, name)`.
    pub plan: Option<(String, String)>,
    /// Legacy permissions of the caller on the zone.
    pub permissions: Vec<String>,
    /// The verification key of a partial (CNAME) setup.
    pub verification_key: Option<String>,
    /// The zone's owner: `(id, name, type)`, the type `user` or `organization` (as sent).
    pub owner: Option<ZoneOwner>,
    /// Cloudflare's metadata on the zone (quotas, `cdn_only`, `dns_only`, `foundation_dns`,
    /// `phishing_detected`, `step`, and what Cloudflare adds), as sent.
    pub meta: Option<serde_json::Value>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Zone {
    fn from_api(z: ZonesZone) -> Self {
        Zone {
            id: z.id.unwrap_or_default(),
            name: z.name.unwrap_or_default(),
            account: z
                .account
                .map(|a| (a.id.unwrap_or_default(), a.name.unwrap_or_default())),
            name_servers: z.name_servers.unwrap_or_default(),
            original_name_servers: z.original_name_servers.unwrap_or_default(),
            created_on: z.created_on,
            modified_on: z.modified_on,
            activated_on: z.activated_on,
            status: z.status.map(|s| s.as_str().to_owned()),
            zone_type: z.type_.map(|t| t.as_str().to_owned()),
            paused: z.paused,
            plan: z
                .plan
                .map(|p| (p.id.unwrap_or_default(), p.name.unwrap_or_default())),
            permissions: z.permissions.unwrap_or_default(),
            verification_key: z.verification_key,
            owner: z.owner.map(|o| ZoneOwner {
                id: o.id,
                name: o.name,
                owner_type: o.type_,
                extra: o.extra,
            }),
            meta: z.meta.and_then(|m| serde_json::to_value(m).ok()),
            extra: z.extra,
        }
    }
}

/// Who owns a zone. Every field may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneOwner {
    /// The owner's id.
    pub id: Option<String>,
    /// The owner's name.
    pub name: Option<String>,
    /// `user` or `organization` (as sent).
    pub owner_type: Option<String>,
    /// Properties this model does not name, as the server sent them.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What to sort a zone list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneOrder {
    /// Domain name.
    Name,
    /// Status.
    Status,
    /// Account id.
    AccountId,
    /// Account name.
    AccountName,
}

/// Filters of a zone list; every one is optional and sent on every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneFilter {
    name: Option<String>,
    status: Option<String>,
    account_id: Option<String>,
    account_name: Option<String>,
    match_any: bool,
    order: Option<(ZoneOrder, Direction)>,
}

impl ZoneFilter {
    /// No filter: every zone the credentials can see.
    pub fn new() -> Self {
        Self::default()
    }

    /// Zones with this domain name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Zones in this status (`active`, `pending`, `initializing`, `moved`, `deleted`,
    /// `deactivated`).
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = Some(status.into());
        self
    }

    /// Zones of this account id.
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// Zones of accounts with this name.
    pub fn account_name(mut self, account_name: impl Into<String>) -> Self {
        self.account_name = Some(account_name.into());
        self
    }

    /// Keep zones that match any filter instead of all of them.
    pub fn match_any(mut self) -> Self {
        self.match_any = true;
        self
    }

    /// Sort by `order`, in `direction`.
    pub fn order(mut self, order: ZoneOrder, direction: Direction) -> Self {
        self.order = Some((order, direction));
        self
    }
}

/// Zone endpoints. Get one with [`Client::zones`].
#[derive(Debug, Clone)]
pub struct Zones {
    client: Client,
}

impl Client {
    /// Zone endpoints (feature `zones`).
    pub fn zones(&self) -> Zones {
        Zones {
            client: self.clone(),
        }
    }
}

impl Zones {
    /// List Zones (`GET /zones`) through the pager, with `filter` on every page.
    pub fn list(&self, filter: ZoneFilter) -> List<Zone> {
        let f = filter;
        self.client
            .list(|api| {
                let mut op = api.zones().zones_get();
                if let Some(v) = f.name {
                    op = op.name(v);
                }
                if let Some(v) = f.status {
                    op = op.status(v);
                }
                if let Some(v) = f.account_id {
                    op = op.account_id(v);
                }
                if let Some(v) = f.account_name {
                    op = op.account_name(v);
                }
                if f.match_any {
                    op = op.match_("any");
                }
                if let Some((order, direction)) = f.order {
                    let order = match order {
                        ZoneOrder::Name => "name",
                        ZoneOrder::Status => "status",
                        ZoneOrder::AccountId => "account.id",
                        ZoneOrder::AccountName => "account.name",
                    };
                    op = op.order(order).direction(direction.as_str());
                }
                op
            })
            .map(Zone::from_api)
    }

    /// Zone Details (`GET /zones/{zone_id}`).
    pub fn get(&self, zone_id: impl Into<String>) -> Call<Zone> {
        let zone_id = zone_id.into();
        self.client
            .call(|api| api.zones().zones_0_get().zone_id(zone_id))
            .map(Zone::from_api)
    }
}
