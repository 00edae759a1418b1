//! Secondary DNS ACLs.

use cloudflare_openapi::Paginated;
use cloudflare_openapi::types::{SecondaryDnsAcl, SecondaryDnsAclCreateAclBody};
use serde::{Deserialize, Serialize};

use super::peers::DeletedId;
use crate::client::segment;
use crate::{Call, Client, List};
use cloudflare_openapi::de::null_as_default;

/// An ACL: an IP range allowed to transfer zones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acl {
    /// ACL id. Empty if the server omitted it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The ACL's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Allowed IPv4/IPv6 range in CIDR notation (`192.0.2.53/28`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub ip_range: String,
}

impl From<SecondaryDnsAcl> for Acl {
    fn from(a: SecondaryDnsAcl) -> Self {
        Acl {
            id: a.id.unwrap_or_default(),
            name: a.name.unwrap_or_default(),
            ip_range: a.ip_range.unwrap_or_default(),
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
        List::from_operation(&self.client, move |client, q, opts| {
            let account_id = account_id.clone();
            async move {
                let op = client
                    .low_level()
                    .secondary_dns_acl_list_ac_ls()
                    .account_id(segment("account_id", &account_id)?);
                client.execute(op.paginate(q.page, q.per_page), &opts).await
            }
        })
    }

    /// Create ACL (`POST /accounts/{account_id}/secondary_dns/acls`).
    pub fn create(
        &self,
        account_id: impl Into<String>,
        name: impl Into<String>,
        ip_range: impl Into<String>,
    ) -> Call<Acl> {
        let (account_id, name, ip_range) = (account_id.into(), name.into(), ip_range.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_acl_create_acl()
                .account_id(segment("account_id", &account_id)?)
                .body(SecondaryDnsAclCreateAclBody { name, ip_range });
            client.single(op, &opts).await
        })
    }

    /// ACL Details (`GET /accounts/{account_id}/secondary_dns/acls/{acl_id}`).
    pub fn get(&self, account_id: impl Into<String>, acl_id: impl Into<String>) -> Call<Acl> {
        let (account_id, acl_id) = (account_id.into(), acl_id.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_acl_acl_details()
                .account_id(segment("account_id", &account_id)?)
                .acl_id(segment("acl_id", &acl_id)?);
            client.single(op, &opts).await
        })
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
        };
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_acl_update_acl()
                .account_id(segment("account_id", &account_id)?)
                .acl_id(segment("acl_id", &acl_id)?)
                .body(body);
            client.single(op, &opts).await
        })
    }

    /// Delete ACL (`DELETE /accounts/{account_id}/secondary_dns/acls/{acl_id}`); returns the
    /// deleted ACL's id.
    pub fn delete(&self, account_id: impl Into<String>, acl_id: impl Into<String>) -> Call<String> {
        let (account_id, acl_id) = (account_id.into(), acl_id.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_acl_delete_acl()
                .account_id(segment("account_id", &account_id)?)
                .acl_id(segment("acl_id", &acl_id)?)
                .body(serde_json::Map::new());
            client.single::<_, DeletedId>(op, &opts).await.map(|d| d.0)
        })
    }
}
