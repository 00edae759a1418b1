//! Secondary DNS: peers (and, as they are wrapped, TSIGs, ACLs and zone transfers).

mod peers;

pub use peers::{Peer, Peers};

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
}
