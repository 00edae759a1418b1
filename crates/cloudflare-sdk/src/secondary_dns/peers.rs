//! Secondary DNS peers.

use cloudflare_openapi::types::SecondaryDnsPeer;
use serde::{Deserialize, Deserializer, Serialize};

use crate::client::segment;
use crate::{Client, List};

/// A Secondary DNS peer. Decoding never fails on a missing, `null` or unknown field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Peer {
    /// Peer id (32 hex characters). Empty if the server omitted it.
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// The peer's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// IPv4 or IPv6 address of the primary or secondary nameserver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Whether IXFR is used instead of AXFR (only for a primary peer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ixfr_enable: Option<bool>,
    /// DNS port of the nameserver. `None` when absent or not a valid port.
    #[serde(
        default,
        deserialize_with = "port",
        skip_serializing_if = "Option::is_none"
    )]
    pub port: Option<u16>,
    /// The TSIG key used for transfers with this peer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tsig_id: Option<String>,
}

fn null_default<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    Ok(
        Option::<serde_json::Value>::deserialize(d)?.and_then(|v| match v {
            serde_json::Value::Number(n) => n.as_f64().and_then(to_port),
            serde_json::Value::String(s) => s.trim().parse::<f64>().ok().and_then(to_port),
            _ => None,
        }),
    )
}

fn to_port(f: f64) -> Option<u16> {
    (f.fract() == 0.0 && (0.0..=65535.0).contains(&f)).then_some(f as u16)
}

impl From<SecondaryDnsPeer> for Peer {
    fn from(p: SecondaryDnsPeer) -> Self {
        Peer {
            id: p.id.unwrap_or_default(),
            name: p.name.unwrap_or_default(),
            ip: p.ip,
            ixfr_enable: p.ixfr_enable,
            port: p.port.and_then(to_port),
            tsig_id: p.tsig_id,
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
        List::from_operation(&self.client, move |client, q, opts| {
            let account_id = account_id.clone();
            async move {
                let mut op = client
                    .low_level()
                    .secondary_dns_peer_list_peers()
                    .account_id(segment("account_id", &account_id)?)
                    .page(q.page);
                if let Some(n) = q.per_page {
                    op = op.per_page(n);
                }
                client.execute(op, &opts).await
            }
        })
    }
}
