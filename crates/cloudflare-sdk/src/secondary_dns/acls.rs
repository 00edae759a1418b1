//! Secondary DNS ACLs.

use serde::{Deserialize, Serialize};

use crate::api::secondary_dns::types::{SecondaryDnsAcl, SecondaryDnsAclCreateAclBody};
use crate::{Call, Client, List};
use cloudflare_core::Extra;

/// An ACL: an IP range allowed to transfer zones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acl {
    /// ACL id. Empty if the server omitted it.
    #[serde(default)]
    pub id: String,
    /// The ACL's name.
    #[serde(default)]
    pub name: String,
    /// Allowed IPv4/IPv6 range in CIDR notation (`192.0.2.53/28`).
    #[serde(default)]
    pub ip_range: String,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Acl {
    fn from_api(a: SecondaryDnsAcl) -> Self {
        Acl {
            id: a.id.unwrap_or_default(),
            name: a.name.unwrap_or_default(),
            ip_range: a.ip_range.unwrap_or_default(),
            extra: a.extra,
        }
    }
}

/// Secondary DNS ACL endpoints. Get one with `client.secondary_dns().acls()`.
#[derive(Debug, Clone)]
pub struct Acls {
    pub(crate) client: Client,
}

impl Acls {
    /// List ACLs (`GET /accounts/{account_id}/secondary_dns/acls`), through the pager.
    pub fn list(&self, account_id: impl Into<String>) -> List<Acl> {
        let account_id = account_id.into();
        self.client
            .list(|api| {
                api.secondary_dns()
                    .secondary_dns_acl_list_ac_ls()
                    .account_id(account_id)
            })
            .map(Acl::from_api)
    }

    /// Create ACL (`POST /accounts/{account_id}/secondary_dns/acls`).
    pub fn create(
        &self,
        account_id: impl Into<String>,
        name: impl Into<String>,
        ip_range: impl Into<String>,
    ) -> Call<Acl> {
        let account_id = account_id.into();
        let body = SecondaryDnsAclCreateAclBody {
            name: name.into(),
            ip_range: ip_range.into(),
        };
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_acl_create_acl()
                    .account_id(account_id)
                    .body(body)
            })
            .map(Acl::from_api)
    }

    /// ACL Details (`GET /accounts/{account_id}/secondary_dns/acls/{acl_id}`).
    pub fn get(&self, account_id: impl Into<String>, acl_id: impl Into<String>) -> Call<Acl> {
        let (account_id, acl_id) = (account_id.into(), acl_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_acl_acl_details()
                    .account_id(account_id)
                    .acl_id(acl_id)
            })
            .map(Acl::from_api)
    }

    /// Update ACL (`PUT /accounts/{account_id}/secondary_dns/acls/{acl_id}`).
    pub fn update(
        &self,
        account_id: impl Into<String>,
        acl_id: impl Into<String>,
        name: impl Into<String>,
        ip_range: impl Into<String>,
    ) -> Call<Acl> {
        let (account_id, acl_id) = (account_id.into(), acl_id.into());
        let body = SecondaryDnsAcl {
            id: None,
            name: Some(name.into()),
            ip_range: Some(ip_range.into()),
            extra: Default::default(),
        };
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_acl_update_acl()
                    .account_id(account_id)
                    .acl_id(acl_id)
                    .body(body)
            })
            .map(Acl::from_api)
    }

    /// Delete ACL (`DELETE /accounts/{account_id}/secondary_dns/acls/{acl_id}`); returns the
    /// deleted ACL's id.
    pub fn delete(&self, account_id: impl Into<String>, acl_id: impl Into<String>) -> Call<String> {
        let (account_id, acl_id) = (account_id.into(), acl_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_acl_delete_acl()
                    .account_id(account_id)
                    .acl_id(acl_id)
            })
            .map(|r| r.id.unwrap_or_default())
    }
}
