//! Secondary DNS peers.

use serde::{Deserialize, Serialize};

use crate::api::secondary_dns::types::{SecondaryDnsPeer, SecondaryDnsPeerCreatePeerBody};
use crate::{Call, Client, List};
use cloudflare_core::{Extra, Integer};

/// A Secondary DNS peer. Responses are decoded tolerantly by the generated types (a missing,
/// `null` or odd field never fails a list) and converted; serde here is for your own JSON
/// (`list_peers --json` writes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    /// Peer id (32 hex characters). Empty if the server omitted it.
    #[serde(default)]
    pub id: String,
    /// The peer's name.
    #[serde(default)]
    pub name: String,
    /// IPv4 or IPv6 address of the primary or secondary nameserver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Whether IXFR is used instead of AXFR (only for a primary peer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ixfr_enable: Option<bool>,
    /// DNS port of the nameserver. `None` when absent or not a valid port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The TSIG key used for transfers with this peer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tsig_id: Option<String>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Peer {
    fn from_api(p: SecondaryDnsPeer) -> Self {
        Peer {
            id: p.id.unwrap_or_default(),
            name: p.name.unwrap_or_default(),
            ip: p.ip,
            ixfr_enable: p.ixfr_enable,
            port: p.port.and_then(|n| n.to()),
            tsig_id: p.tsig_id,
            extra: p.extra,
        }
    }

    fn to_api(&self) -> SecondaryDnsPeer {
        SecondaryDnsPeer {
            id: None,
            name: Some(self.name.clone()),
            ip: self.ip.clone(),
            ixfr_enable: self.ixfr_enable,
            port: self.port.map(|n| Integer::from(i64::from(n))),
            tsig_id: self.tsig_id.clone(),
            extra: Default::default(),
        }
    }
}

/// Secondary DNS peer endpoints. Get one with `client.secondary_dns().peers()`.
#[derive(Debug, Clone)]
pub struct Peers {
    pub(crate) client: Client,
}

impl Peers {
    /// List Peers (`GET /accounts/{account_id}/secondary_dns/peers`).
    ///
    /// `.send()` fetches one page; `.items()` streams every peer across all pages;
    /// `.all()` collects them. An empty or path-breaking `account_id` fails before any
    /// request with [`Error::InvalidInput`](crate::Error::InvalidInput).
    pub fn list(&self, account_id: impl Into<String>) -> List<Peer> {
        let account_id = account_id.into();
        self.client
            .list(|api| {
                api.secondary_dns()
                    .secondary_dns_peer_list_peers()
                    .account_id(account_id)
            })
            .map(Peer::from_api)
    }

    /// Create Peer (`POST /accounts/{account_id}/secondary_dns/peers`): a peer with this
    /// name; set its address and port with [`update`](Self::update).
    pub fn create(&self, account_id: impl Into<String>, name: impl Into<String>) -> Call<Peer> {
        let body = SecondaryDnsPeerCreatePeerBody { name: name.into() };
        let account_id = account_id.into();
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_peer_create_peer()
                    .account_id(account_id)
                    .body(body)
            })
            .map(Peer::from_api)
    }

    /// Peer Details (`GET /accounts/{account_id}/secondary_dns/peers/{peer_id}`).
    pub fn get(&self, account_id: impl Into<String>, peer_id: impl Into<String>) -> Call<Peer> {
        let (account_id, peer_id) = (account_id.into(), peer_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_peer_peer_details()
                    .account_id(account_id)
                    .peer_id(peer_id)
            })
            .map(Peer::from_api)
    }

    /// Update Peer (`PUT /accounts/{account_id}/secondary_dns/peers/{peer_id}`): replaces
    /// the peer's settings with `peer`'s (its `id` is ignored: `peer_id` says which).
    pub fn update(
        &self,
        account_id: impl Into<String>,
        peer_id: impl Into<String>,
        peer: &Peer,
    ) -> Call<Peer> {
        let (account_id, peer_id, body) = (account_id.into(), peer_id.into(), peer.to_api());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_peer_update_peer()
                    .account_id(account_id)
                    .peer_id(peer_id)
                    .body(body)
            })
            .map(Peer::from_api)
    }

    /// Delete Peer (`DELETE /accounts/{account_id}/secondary_dns/peers/{peer_id}`); returns
    /// the deleted peer's id.
    pub fn delete(
        &self,
        account_id: impl Into<String>,
        peer_id: impl Into<String>,
    ) -> Call<String> {
        let (account_id, peer_id) = (account_id.into(), peer_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_peer_delete_peer()
                    .account_id(account_id)
                    .peer_id(peer_id)
            })
            .map(|r| r.id.unwrap_or_default())
    }
}
