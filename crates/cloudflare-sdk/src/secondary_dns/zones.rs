//! Zone-level Secondary DNS: incoming (secondary zone) and outgoing (primary zone) transfer
//! configuration, force AXFR, force NOTIFY, enabling and disabling outgoing transfers.

use crate::api::secondary_dns::types::{
    SecondaryDnsDnsSecondarySecondaryZone, SecondaryDnsPeers, SecondaryDnsSingleRequestOutgoing,
    SecondaryDnsSingleResponseIncomingResult, SecondaryDnsSingleResponseOutgoingResult,
};
use serde::{Deserialize, Serialize};

use crate::{Call, Client};
use cloudflare_core::{Extra, Integer};

/// A secondary zone's incoming transfer configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingZone {
    /// Configuration id.
    #[serde(default)]
    pub id: String,
    /// Zone name.
    #[serde(default)]
    pub name: String,
    /// Primary peers (peer ids) transfers come from.
    #[serde(default)]
    pub peers: Vec<String>,
    /// Refresh interval in seconds regardless of NOTIFY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_refresh_seconds: Option<u64>,
    /// The SOA serial of the zone's last transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soa_serial: Option<u64>,
    /// When the primary was last checked for changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_time: Option<String>,
    /// When the configuration was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// When the configuration was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<String>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl IncomingZone {
    fn from_api(z: SecondaryDnsSingleResponseIncomingResult) -> Self {
        IncomingZone {
            id: z.id.unwrap_or_default(),
            name: z.name.unwrap_or_default(),
            peers: z.peers.map(|p| p.0).unwrap_or_default(),
            auto_refresh_seconds: z.auto_refresh_seconds.and_then(|n| n.to()),
            soa_serial: z.soa_serial.and_then(|n| n.to()),
            checked_time: z.checked_time,
            created_time: z.created_time,
            modified_time: z.modified_time,
            extra: z.extra,
        }
    }
}

/// What an incoming configuration is created or updated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingZoneInput {
    /// Zone name.
    pub name: String,
    /// Primary peer ids.
    pub peers: Vec<String>,
    /// Refresh interval in seconds (Cloudflare's default is 86,400).
    pub auto_refresh_seconds: u64,
}

impl IncomingZoneInput {
    fn into_api(self) -> SecondaryDnsDnsSecondarySecondaryZone {
        SecondaryDnsDnsSecondarySecondaryZone {
            id: None,
            name: self.name,
            peers: SecondaryDnsPeers(self.peers),
            auto_refresh_seconds: Integer::from(
                i64::try_from(self.auto_refresh_seconds).unwrap_or(i64::MAX),
            ),
        }
    }
}

/// A primary zone's outgoing transfer configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingZone {
    /// Configuration id.
    #[serde(default)]
    pub id: String,
    /// Zone name.
    #[serde(default)]
    pub name: String,
    /// Secondary peers (peer ids) transfers go to.
    #[serde(default)]
    pub peers: Vec<String>,
    /// The SOA serial last transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soa_serial: Option<u64>,
    /// When the zone was last checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_time: Option<String>,
    /// When the configuration was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// When the zone was last transferred to a secondary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transferred_time: Option<String>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl OutgoingZone {
    fn from_api(z: SecondaryDnsSingleResponseOutgoingResult) -> Self {
        OutgoingZone {
            id: z.id.unwrap_or_default(),
            name: z.name.unwrap_or_default(),
            peers: z.peers.map(|p| p.0).unwrap_or_default(),
            soa_serial: z.soa_serial.and_then(|n| n.to()),
            checked_time: z.checked_time,
            created_time: z.created_time,
            last_transferred_time: z.last_transferred_time,
            extra: z.extra,
        }
    }
}

/// What an outgoing configuration is created or updated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingZoneInput {
    /// Zone name.
    pub name: String,
    /// Secondary peer ids.
    pub peers: Vec<String>,
}

impl OutgoingZoneInput {
    fn into_api(self) -> SecondaryDnsSingleRequestOutgoing {
        SecondaryDnsSingleRequestOutgoing {
            id: None,
            name: self.name,
            peers: SecondaryDnsPeers(self.peers),
        }
    }
}

/// How a transfer configuration is written: `Create` (`POST`, fails if one exists) or
/// `Replace` (`PUT`, replaces the existing one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// Create the configuration (`POST`).
    Create,
    /// Replace the existing configuration (`PUT`).
    Replace,
}

/// Which side of a zone's transfers: `Incoming` (this zone is a secondary, pulling from
/// primaries) or `Outgoing` (this zone is a primary, serving secondaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The secondary zone configuration (`/secondary_dns/incoming`).
    Incoming,
    /// The primary zone configuration (`/secondary_dns/outgoing`).
    Outgoing,
}

/// A zone-level command with no body; each answers with Cloudflare's status string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneCommand {
    /// Force AXFR (`POST /zones/{zone_id}/secondary_dns/force_axfr`): pull the zone from its
    /// primaries now. Answers `OK`.
    ForceAxfr,
    /// Enable Outgoing Zone Transfers (`POST .../outgoing/enable`). Answers the new status.
    EnableOutgoing,
    /// Disable Outgoing Zone Transfers (`POST .../outgoing/disable`). Answers the new status.
    DisableOutgoing,
    /// Force DNS NOTIFY (`POST .../outgoing/force_notify`) to the secondaries now.
    ForceNotify,
    /// Get Outgoing Zone Transfer Status (`GET .../outgoing/status`): `Enabled`, `Disabled`…
    OutgoingStatus,
}

/// Zone-level Secondary DNS endpoints. Get one with `client.secondary_dns().zone(zone_id)`.
#[derive(Debug, Clone)]
pub struct ZoneTransfers {
    pub(crate) client: Client,
    pub(crate) zone_id: String,
}

impl ZoneTransfers {
    /// Secondary Zone Configuration Details (`GET /zones/{zone_id}/secondary_dns/incoming`).
    pub fn incoming(&self) -> Call<IncomingZone> {
        let zone_id = self.zone_id.clone();
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_secondary_zone_secondary_zone_configuration_details()
                    .zone_id(zone_id)
            })
            .map(IncomingZone::from_api)
    }

    /// Create (`POST`) or replace (`PUT`) the secondary zone configuration
    /// (`/zones/{zone_id}/secondary_dns/incoming`).
    pub fn write_incoming(&self, config: IncomingZoneInput, how: Write) -> Call<IncomingZone> {
        let (zone_id, body) = (self.zone_id.clone(), config.into_api());
        let call = match how {
            Write::Create => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_secondary_zone_create_secondary_zone_configuration()
                    .zone_id(zone_id)
                    .body(body)
            }),
            Write::Replace => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_secondary_zone_update_secondary_zone_configuration()
                    .zone_id(zone_id)
                    .body(body)
            }),
        };
        call.map(IncomingZone::from_api)
    }

    /// Primary Zone Configuration Details (`GET /zones/{zone_id}/secondary_dns/outgoing`).
    pub fn outgoing(&self) -> Call<OutgoingZone> {
        let zone_id = self.zone_id.clone();
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_primary_zone_configuration_details()
                    .zone_id(zone_id)
            })
            .map(OutgoingZone::from_api)
    }

    /// Create (`POST`) or replace (`PUT`) the primary zone configuration
    /// (`/zones/{zone_id}/secondary_dns/outgoing`).
    pub fn write_outgoing(&self, config: OutgoingZoneInput, how: Write) -> Call<OutgoingZone> {
        let (zone_id, body) = (self.zone_id.clone(), config.into_api());
        let call = match how {
            Write::Create => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_create_primary_zone_configuration()
                    .zone_id(zone_id)
                    .body(body)
            }),
            Write::Replace => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_update_primary_zone_configuration()
                    .zone_id(zone_id)
                    .body(body)
            }),
        };
        call.map(OutgoingZone::from_api)
    }

    /// Delete one side's configuration (`DELETE /zones/{zone_id}/secondary_dns/incoming` or
    /// `.../outgoing`); returns the deleted configuration's id.
    pub fn delete(&self, side: Side) -> Call<String> {
        let zone_id = self.zone_id.clone();
        let call = match side {
            Side::Incoming => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_secondary_zone_delete_secondary_zone_configuration()
                    .zone_id(zone_id)
            }),
            Side::Outgoing => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_delete_primary_zone_configuration()
                    .zone_id(zone_id)
            }),
        };
        call.map(|r| r.id.unwrap_or_default())
    }

    /// Run a zone-level [`ZoneCommand`] (force AXFR, force NOTIFY, enable, disable or read the
    /// outgoing transfer status); returns Cloudflare's status string.
    pub fn run(&self, command: ZoneCommand) -> Call<String> {
        let zone_id = self.zone_id.clone();
        match command {
            ZoneCommand::ForceAxfr => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_secondary_zone_force_axfr()
                    .zone_id(zone_id)
            }),
            ZoneCommand::EnableOutgoing => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_enable_outgoing_zone_transfers()
                    .zone_id(zone_id)
            }),
            ZoneCommand::DisableOutgoing => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_disable_outgoing_zone_transfers()
                    .zone_id(zone_id)
            }),
            ZoneCommand::ForceNotify => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_force_dns_notify()
                    .zone_id(zone_id)
            }),
            ZoneCommand::OutgoingStatus => self.client.call(|api| {
                api.secondary_dns()
                    .secondary_dns_primary_zone_get_outgoing_zone_transfer_status()
                    .zone_id(zone_id)
            }),
        }
    }
}
