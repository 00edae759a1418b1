//! DNS records of a zone (feature `dns`).
//!
//! Every method is a thin wrapper over a generated request, sent with [`Client::list`] or
//! [`Client::call`]: the one pager, request loop and error type.

mod records;

pub use records::{DnsRecord, DnsRecordInput, Edit, RecordFilter, RecordOrder, Records};

use crate::Client;

/// DNS endpoints. Get one with [`Client::dns`].
#[derive(Debug, Clone)]
pub struct Dns {
    client: Client,
}

impl Client {
    /// DNS endpoints (feature `dns`).
    pub fn dns(&self) -> Dns {
        Dns {
            client: self.clone(),
        }
    }
}

impl Dns {
    /// The DNS records of zone `zone_id`.
    pub fn records(&self, zone_id: impl Into<String>) -> Records {
        Records {
            client: self.client.clone(),
            zone_id: zone_id.into(),
        }
    }
}
