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
pub use zones::{
    IncomingZone, IncomingZoneInput, OutgoingZone, OutgoingZoneInput, Side, Write, ZoneCommand,
    ZoneTransfers,
};

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
