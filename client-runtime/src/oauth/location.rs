//! Sub-Account tokens minted from an Agency token (`POST /oauth/locationToken`), cached per
//! Sub-Account with their own expiry.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use super::{expires_at, lock, OAuthTokens, Refused};
use crate::auth::{AccessToken, AuthError, BoxFuture, TokenSource};

/// The minted tokens of one Agency source: per Sub-Account, the token and when it expires.
#[derive(Default)]
pub(super) struct Cache {
    tokens: Mutex<HashMap<String, (AccessToken, u64)>>,
    /// One mint at a time, so that calls of one Sub-Account that start together share one.
    minting: tokio::sync::Mutex<()>,
}

/// A token source for one Sub-Account, whose tokens are minted from an Agency token
/// ([`OAuthTokens::location`]). A minted token is not refreshed: a new one is minted when it is
/// due for renewal or rejected, renewing the Agency token first when that is rejected.
#[derive(Clone)]
pub struct LocationToken {
    agency: OAuthTokens,
    location_id: String,
}

impl fmt::Debug for LocationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocationToken").field("location_id", &self.location_id).finish_non_exhaustive()
    }
}

impl OAuthTokens {
    /// A source of Sub-Account tokens for `location_id`, minted from this source's Agency
    /// (`Company`) token; its stored tokens must name the Agency (`companyId`). Sources of one
    /// Agency share its cache of minted tokens.
    pub fn location(&self, location_id: impl Into<String>) -> LocationToken {
        LocationToken { agency: self.clone(), location_id: location_id.into() }
    }
}

impl LocationToken {
    /// The cached token unless it is `rejected` or due for renewal.
    fn cached(&self, rejected: Option<&AccessToken>) -> Option<AccessToken> {
        let inner = &self.agency.inner;
        let due = super::expires_at(inner.renew_before.as_secs());
        let tokens = lock(&inner.locations.tokens);
        let (token, expires) = tokens.get(&self.location_id)?;
        (*expires > due && Some(token) != rejected).then(|| token.clone())
    }

    async fn mint(&self, rejected: Option<&AccessToken>) -> Result<AccessToken, AuthError> {
        let _turn = self.agency.inner.locations.minting.lock().await;
        if let Some(token) = self.cached(rejected) {
            return Ok(token);
        }
        let mut agency = self.agency.token().await?;
        let granted = match self.ask(&agency).await {
            // The Agency token expired early or was revoked: renew it once and ask again.
            Err(error) if is_unauthorized(&error) => {
                agency = self.agency.refresh(&agency).await?.ok_or(error)?;
                self.ask(&agency).await?
            }
            other => other?,
        };
        let token = AccessToken::new(granted.access_token);
        let expires = expires_at(granted.expires_in);
        lock(&self.agency.inner.locations.tokens).insert(self.location_id.clone(), (token.clone(), expires));
        Ok(token)
    }

    async fn ask(&self, agency: &AccessToken) -> Result<super::Granted, AuthError> {
        let company = lock(&self.agency.inner.current).as_ref().and_then(|tokens| tokens.company_id.clone());
        let company = company.ok_or_else(|| AuthError::new("the Agency's stored tokens name no companyId"))?;
        let form = [("companyId", company.as_str()), ("locationId", self.location_id.as_str())];
        self.agency.inner.app.post("/oauth/locationToken", &form, Some(agency)).await
    }
}

fn is_unauthorized(error: &AuthError) -> bool {
    error.source.downcast_ref::<Refused>().is_some_and(|refused| refused.status == 401)
}

impl TokenSource for LocationToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        match self.cached(None) {
            Some(token) => Box::pin(async move { Ok(token) }),
            None => Box::pin(self.mint(None)),
        }
    }

    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<Option<AccessToken>, AuthError>> {
        Box::pin(async move { self.mint(Some(rejected)).await.map(Some) })
    }
}
