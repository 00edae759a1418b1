//! Credentials: exactly one mode per client, secrets redacted everywhere.

use std::fmt;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use cloudflare_core::AuthMode;

use crate::Error;

/// A secret string (token, key, TSIG secret). `Debug` and `Display` print `<redacted>`.
///
/// It serialises (serde) to the secret itself, because request bodies must carry it: never
/// serialise a value holding one into logs.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().into_boxed_str())
    }

    /// The secret itself. Call it only where the value must leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

/// How the client authenticates: exactly one of Cloudflare's three modes.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An API token, sent as `Authorization: Bearer <token>`. Preferred.
    ApiToken(Secret),
    /// The legacy global API key, sent as `X-Auth-Email` + `X-Auth-Key`.
    ApiKey {
        /// The account's email address.
        email: String,
        /// The global API key.
        key: Secret,
    },
    /// A user service key, sent as `X-Auth-User-Service-Key` (few endpoints accept it).
    UserServiceKey(Secret),
}

impl Credentials {
    /// An API token.
    pub fn api_token(token: impl Into<Secret>) -> Self {
        Credentials::ApiToken(token.into())
    }

    /// An email and global API key.
    pub fn api_key(email: impl Into<String>, key: impl Into<Secret>) -> Self {
        Credentials::ApiKey {
            email: email.into(),
            key: key.into(),
        }
    }

    /// A user service key.
    pub fn user_service_key(key: impl Into<Secret>) -> Self {
        Credentials::UserServiceKey(key.into())
    }

    /// The headers this mode sends, values marked sensitive. Fails, without echoing the
    /// value, when a secret holds bytes a header cannot carry (CR, LF, other controls).
    pub(crate) fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        fn value(what: &str, v: &str) -> Result<HeaderValue, Error> {
            if v.is_empty() {
                return Err(Error::config(format!("the {what} is empty")));
            }
            let mut hv = HeaderValue::from_str(v)
                .ok()
                .filter(|_| v.bytes().all(|b| b.is_ascii() && !b.is_ascii_control()))
                .ok_or_else(|| {
                    Error::config(format!(
                        "the {what} contains characters not allowed in an HTTP header (CR, LF or \
                         other control or non-ASCII bytes); check for a stray newline"
                    ))
                })?;
            hv.set_sensitive(true);
            Ok(hv)
        }
        Ok(match self {
            Credentials::ApiToken(t) => {
                // Validate the token alone, so the message speaks of the token.
                value("API token", t.expose())?;
                vec![(
                    AUTHORIZATION,
                    value("API token", &format!("Bearer {}", t.expose()))?,
                )]
            }
            Credentials::ApiKey { email, key } => vec![
                (
                    HeaderName::from_static("x-auth-email"),
                    value("email", email)?,
                ),
                (
                    HeaderName::from_static("x-auth-key"),
                    value("API key", key.expose())?,
                ),
            ],
            Credentials::UserServiceKey(k) => vec![(
                HeaderName::from_static("x-auth-user-service-key"),
                value("user service key", k.expose())?,
            )],
        })
    }

    /// The mode, as the operations' metadata names it (`Display`: "API token", …).
    pub fn mode(&self) -> AuthMode {
        match self {
            Credentials::ApiToken(_) => AuthMode::ApiToken,
            Credentials::ApiKey { .. } => AuthMode::ApiKey,
            Credentials::UserServiceKey(_) => AuthMode::UserServiceKey,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            Credentials::ApiKey { email, .. } => f
                .debug_struct("ApiKey")
                .field("email", email)
                .field("key", &"<redacted>")
                .finish(),
            Credentials::UserServiceKey(_) => f.write_str("UserServiceKey(<redacted>)"),
        }
    }
}

/// Environment variables the client reads.
pub(crate) mod env {
    pub const API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
    pub const EMAIL: &str = "CLOUDFLARE_EMAIL";
    pub const API_KEY: &str = "CLOUDFLARE_API_KEY";
    pub const USER_SERVICE_KEY: &str = "CLOUDFLARE_API_USER_SERVICE_KEY";
    pub const BASE_URL: &str = "CLOUDFLARE_BASE_URL";
}

/// Reads credentials from the environment (through `get`), with the SDK's rules: an
/// empty variable is unset; two modes at once, or half of the email + key pair, is an error
/// naming the variables; none at all is an error.
pub(crate) fn credentials_from_env(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, Error> {
    let var = |name: &str| get(name).filter(|v| !v.is_empty());
    let token = var(env::API_TOKEN);
    let email = var(env::EMAIL);
    let key = var(env::API_KEY);
    let service = var(env::USER_SERVICE_KEY);

    let pair = match (email, key) {
        (Some(email), Some(key)) => Some(Credentials::api_key(email, key)),
        (Some(_), None) => {
            return Err(Error::config(format!(
                "{} is set but {} is missing: set both to use the global API key{}",
                env::EMAIL,
                env::API_KEY,
                if token.is_some() {
                    format!(", or unset {} to use {}", env::EMAIL, env::API_TOKEN)
                } else {
                    String::new()
                }
            )));
        }
        (None, Some(_)) => {
            return Err(Error::config(format!(
                "{} is set but {} is missing: set both to use the global API key",
                env::API_KEY,
                env::EMAIL
            )));
        }
        (None, None) => None,
    };
    let mut found: Vec<(&str, Credentials)> = Vec::new();
    if let Some(t) = token {
        found.push((env::API_TOKEN, Credentials::api_token(t)));
    }
    if let Some(p) = pair {
        found.push(("CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY", p));
    }
    if let Some(s) = service {
        found.push((env::USER_SERVICE_KEY, Credentials::user_service_key(s)));
    }
    match found.len() {
        0 => Err(Error::config(format!(
            "no Cloudflare credentials: set {} (preferred), or {} and {}, or {}",
            env::API_TOKEN,
            env::EMAIL,
            env::API_KEY,
            env::USER_SERVICE_KEY
        ))),
        1 => Ok(found.pop().expect("one element").1),
        _ => {
            let names: Vec<&str> = found.iter().map(|(n, _)| *n).collect();
            Err(Error::config(format!(
                "conflicting credentials in the environment: {} are set together; set \
                 exactly one mode",
                names.join(" and ")
            )))
        }
    }
}
