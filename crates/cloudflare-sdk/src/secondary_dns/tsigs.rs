//! Secondary DNS TSIG keys. The TSIG secret is a [`Secret`]: redacted in `Debug`.

use serde::{Deserialize, Serialize};

use crate::api::secondary_dns::types::SecondaryDnsTsig;
use crate::{Call, Client, List, Secret};
use cloudflare_core::Extra;

/// A TSIG key. `Debug` never shows the secret; serde writes it (requests need it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tsig {
    /// Key id. Empty if the server omitted it.
    #[serde(default)]
    pub id: String,
    /// TSIG key name (`tsig.customer.cf.`).
    #[serde(default)]
    pub name: String,
    /// Algorithm (`hmac-sha512.`).
    #[serde(default)]
    pub algo: String,
    /// The shared secret, when the server returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// Properties this model does not name, as the server sent them (also a value of an
    /// unexpected JSON type, kept raw under its own name: see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tsig {
    fn from_api(t: SecondaryDnsTsig) -> Self {
        Tsig {
            id: t.id.unwrap_or_default(),
            name: t.name.unwrap_or_default(),
            algo: t.algo.unwrap_or_default(),
            secret: t.secret.map(Secret::new),
            extra: t.extra,
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

impl TsigInput {
    fn into_api(self) -> SecondaryDnsTsig {
        SecondaryDnsTsig {
            id: None,
            name: Some(self.name),
            algo: Some(self.algo),
            secret: Some(self.secret.expose().to_owned()),
            extra: Default::default(),
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
        self.client
            .list(|api| {
                api.secondary_dns()
                    .secondary_dns_tsig_list_tsi_gs()
                    .account_id(account_id)
            })
            .map(Tsig::from_api)
    }

    /// Create TSIG (`POST /accounts/{account_id}/secondary_dns/tsigs`).
    pub fn create(&self, account_id: impl Into<String>, tsig: TsigInput) -> Call<Tsig> {
        let (account_id, body) = (account_id.into(), tsig.into_api());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_tsig_create_tsig()
                    .account_id(account_id)
                    .body(body)
            })
            .map(Tsig::from_api)
    }

    /// TSIG Details (`GET /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`).
    pub fn get(&self, account_id: impl Into<String>, tsig_id: impl Into<String>) -> Call<Tsig> {
        let (account_id, tsig_id) = (account_id.into(), tsig_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_tsig_tsig_details()
                    .account_id(account_id)
                    .tsig_id(tsig_id)
            })
            .map(Tsig::from_api)
    }

    /// Update TSIG (`PUT /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`).
    pub fn update(
        &self,
        account_id: impl Into<String>,
        tsig_id: impl Into<String>,
        tsig: TsigInput,
    ) -> Call<Tsig> {
        let (account_id, tsig_id, body) = (account_id.into(), tsig_id.into(), tsig.into_api());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_tsig_update_tsig()
                    .account_id(account_id)
                    .tsig_id(tsig_id)
                    .body(body)
            })
            .map(Tsig::from_api)
    }

    /// Delete TSIG (`DELETE /accounts/{account_id}/secondary_dns/tsigs/{tsig_id}`); returns
    /// the deleted key's id.
    pub fn delete(
        &self,
        account_id: impl Into<String>,
        tsig_id: impl Into<String>,
    ) -> Call<String> {
        let (account_id, tsig_id) = (account_id.into(), tsig_id.into());
        self.client
            .call(|api| {
                api.secondary_dns()
                    .secondary_dns_tsig_delete_tsig()
                    .account_id(account_id)
                    .tsig_id(tsig_id)
            })
            .map(|r| r.id.unwrap_or_default())
    }
}
