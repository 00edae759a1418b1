//! Secondary DNS TSIG keys. The TSIG secret is a [`Secret`]: redacted in `Debug`.

use cloudflare_openapi::Paginated;
use cloudflare_openapi::types::SecondaryDnsTsig;
use serde::{Deserialize, Serialize};

use super::peers::DeletedId;
use crate::client::segment;
use crate::{Call, Client, List, Secret};
use cloudflare_openapi::de::null_as_default;

/// A TSIG key. `Debug` never shows the secret; serde writes it (requests need it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tsig {
    /// Key id. Empty if the server omitted it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// TSIG key name (`tsig.customer.cf.`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Algorithm (`hmac-sha512.`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub algo: String,
    /// The shared secret, when the server returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
}

impl From<SecondaryDnsTsig> for Tsig {
    fn from(t: SecondaryDnsTsig) -> Self {
        Tsig {
            id: t.id.unwrap_or_default(),
            name: t.name.unwrap_or_default(),
            algo: t.algo.unwrap_or_default(),
            secret: t.secret.map(Secret::new),
        }
    }
}

/// What a TSIG key is created or updated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsigInput {
    /// TSIG key name.
    pub name: String,
    /// Algorithm (`hmac-sha512.`).
    pub algo: String,
    /// The shared secret.
    pub secret: Secret,
}

impl From<TsigInput> for SecondaryDnsTsig {
    fn from(t: TsigInput) -> Self {
        SecondaryDnsTsig {
            id: None,
            name: Some(t.name),
            algo: Some(t.algo),
            secret: Some(t.secret.expose().to_owned()),
        }
    }
}

/// Secondary DNS TSIG endpoints. Get one with `client.secondary_dns().tsigs()`.
#[derive(Debug, Clone)]
pub struct Tsigs {
    pub(crate) client: Client,
}

impl Tsigs {
    /// List TSIGs (`GET /accounts/{account_id}/secondary_dns/tsigs`), through the pager.
    pub fn list(&self, account_id: impl Into<String>) -> List<Tsig> {
        let account_id = account_id.into();
        List::from_operation(&self.client, move |client, q, opts| {
            let account_id = account_id.clone();
            async move {
                let op = client
                    .low_level()
                    .secondary_dns_tsig_list_tsi_gs()
                    .account_id(segment("account_id", &account_id)?);
                client.execute(op.paginate(q.page, q.per_page), &opts).await
            }
        })
    }

    /// Create TSIG (`POST /accounts/{account_id}/secondary_dns/tsigs`).
    pub fn create(&self, account_id: impl Into<String>, tsig: TsigInput) -> Call<Tsig> {
        let account_id = account_id.into();
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_tsig_create_tsig()
                .account_id(segment("account_id", &account_id)?)
                .body(SecondaryDnsTsig::from(tsig));
            client.single(op, &opts).await
        })
    }

    /// TSIG Details (`GET /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`).
    pub fn get(&self, account_id: impl Into<String>, tsig_id: impl Into<String>) -> Call<Tsig> {
        let (account_id, tsig_id) = (account_id.into(), tsig_id.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_tsig_tsig_details()
                .account_id(segment("account_id", &account_id)?)
                .tsig_id(segment("tsig_id", &tsig_id)?);
            client.single(op, &opts).await
        })
    }

    /// Update TSIG (`PUT /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`).
    pub fn update(
        &self,
        account_id: impl Into<String>,
        tsig_id: impl Into<String>,
        tsig: TsigInput,
    ) -> Call<Tsig> {
        let (account_id, tsig_id) = (account_id.into(), tsig_id.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_tsig_update_tsig()
                .account_id(segment("account_id", &account_id)?)
                .tsig_id(segment("tsig_id", &tsig_id)?)
                .body(SecondaryDnsTsig::from(tsig));
            client.single(op, &opts).await
        })
    }

    /// Delete TSIG (`DELETE /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`); returns
    /// the deleted key's id.
    pub fn delete(
        &self,
        account_id: impl Into<String>,
        tsig_id: impl Into<String>,
    ) -> Call<String> {
        let (account_id, tsig_id) = (account_id.into(), tsig_id.into());
        Call::new(&self.client, move |client, opts| async move {
            let op = client
                .low_level()
                .secondary_dns_tsig_delete_tsig()
                .account_id(segment("account_id", &account_id)?)
                .tsig_id(segment("tsig_id", &tsig_id)?)
                .body(serde_json::Map::new());
            client.single::<_, DeletedId>(op, &opts).await.map(|d| d.0)
        })
    }
}
