//! Secondary DNS: peers, TSIG keys, ACLs, and zone transfer configuration.
//!
//! Every method is a thin wrapper: it builds the generated request and hands it to the
//! client's one request loop ([`Call`](crate::Call)) or one pager ([`List`](crate::List)).

mod acls;
mod peers;
mod tsigs;
mod zones;

pub use acls::{Acl, Acls};
pub use peers::{Peer, Peers};
pub use tsigs::{Tsig, TsigInput, Tsigs};
pub use zones::{IncomingZone, IncomingZoneInput, OutgoingZone, OutgoingZoneInput, ZoneTransfers};

use serde::{Deserialize, Deserializer};

use crate::Client;

/// Secondary DNS endpoints. Get one with [`Client::secondary_dns`].
#[derive(Debug, Clone)]
pub struct SecondaryDns {
    client: Client,
}

impl Client {
    /// Secondary DNS endpoints.
    pub fn secondary_dns(&self) -> SecondaryDns {
        SecondaryDns {
            client: self.clone(),
        }
    }
}

impl SecondaryDns {
    /// Peers: the nameservers zone transfers go to or come from.
    pub fn peers(&self) -> Peers {
        Peers {
            client: self.client.clone(),
        }
    }

    /// TSIG keys that authenticate zone transfers.
    pub fn tsigs(&self) -> Tsigs {
        Tsigs {
            client: self.client.clone(),
        }
    }

    /// ACLs: IP ranges allowed to transfer zones.
    pub fn acls(&self) -> Acls {
        Acls {
            client: self.client.clone(),
        }
    }

    /// Zone-level transfer configuration (incoming for secondary zones, outgoing for primary
    /// zones), force AXFR and force NOTIFY.
    pub fn zone(&self, zone_id: impl Into<String>) -> ZoneTransfers {
        ZoneTransfers {
            client: self.client.clone(),
            zone_id: zone_id.into(),
        }
    }
}

/// `null` or missing decodes as the default (empty string, empty list).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A JSON number (or numeric string) as a non-negative integer; anything else is `None`.
pub(crate) fn lenient_uint<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(
        Option::<serde_json::Value>::deserialize(d)?.and_then(|v| match v {
            serde_json::Value::Number(n) => {
                n.as_u64().or_else(|| n.as_f64().and_then(float_to_uint))
            }
            serde_json::Value::String(s) => s.trim().parse::<f64>().ok().and_then(float_to_uint),
            _ => None,
        }),
    )
}

/// An integral, non-negative `f64` below 2^53 as `u64`.
pub(crate) fn float_to_uint(f: f64) -> Option<u64> {
    (f.fract() == 0.0 && (0.0..9.0e15).contains(&f)).then_some(f as u64)
}
